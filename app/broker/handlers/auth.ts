import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { RC } from '../packets';

/** AUTH: no enhanced authentication is offered, so an AUTH packet is a protocol error. */
export function handleAuth(_ctx: BrokerContext, conn: Connection): void {
  conn.fail('AUTH without an authentication method', RC.protocolError);
}
