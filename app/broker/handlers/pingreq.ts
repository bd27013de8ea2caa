import type { Connection } from '../connection';
import type { BrokerContext } from '../context';

/** PINGREQ: answer PINGRESP (the keep-alive clock was already reset by the packet). */
export function handlePingreq(_ctx: BrokerContext, conn: Connection): void {
  conn.send({ cmd: 'pingresp' });
}
