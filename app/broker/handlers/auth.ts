import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { RC } from '../packets';

/**
 * AUTH: no enhanced authentication is offered (a CONNECT naming a method is refused with 0x8C
 * [MQTT-4.12.0-1]), so no method was ever agreed and an AUTH from the client is a protocol
 * error [MQTT-4.12.0-7]; the broker itself never sends AUTH [MQTT-4.12.0-6].
 */
export function handleAuth(_ctx: BrokerContext, conn: Connection): void {
  conn.fail('AUTH without an authentication method', RC.protocolError);
}
