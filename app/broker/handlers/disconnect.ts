import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { NEVER_SEI, RC, type PacketOf } from '../packets';

/**
 * DISCONNECT: a normal end, so the Will is not sent [MQTT-3.14.4-3, 3.1.1/5.0], unless an MQTT 5 client
 * asks for it (0x04) or ends with an error code. MQTT 5 may change the Session Expiry Interval here, but not from 0.
 */
export function handleDisconnect(
  ctx: BrokerContext,
  conn: Connection,
  packet: PacketOf<'disconnect'>,
): void {
  const session = conn.session!;
  const sei = conn.protocolVersion === 5 ? packet.properties?.sessionExpiryInterval : undefined;
  if (sei !== undefined) {
    if (conn.requestedSessionExpiry === 0 && sei !== 0) {
      // [MQTT5-3.14.2.2.2] SEI 0 on CONNECT cannot become non-zero on DISCONNECT.
      conn.fail('DISCONNECT sets a Session Expiry Interval after CONNECT set 0', RC.protocolError);
      return;
    }
    const wanted = sei === NEVER_SEI ? Number.POSITIVE_INFINITY : sei;
    session.expiry = Math.min(wanted, ctx.profile.maxSessionExpiry);
  }
  // [MQTT-3.1.2-8] [MQTT-3.14.4-3] only a normal disconnection (0x00, the only kind in 3.1.1)
  // deletes the Will. 0x04 asks for it, and a client ending with an error (0x80 and above)
  // leaves it to be published as for a lost connection.
  if (conn.protocolVersion !== 5 || (packet.reasonCode ?? RC.success) === RC.success)
    conn.will = undefined;
  conn.close('client-disconnect');
}
