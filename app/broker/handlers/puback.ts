import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { acknowledge, rejectDelivery } from '../delivery';
import type { PacketOf } from '../packets';

/** PUBACK: the client has a QoS 1 message; it leaves the in-flight window. */
export function handlePuback(
  ctx: BrokerContext,
  conn: Connection,
  packet: PacketOf<'puback'>,
): void {
  const session = conn.session!;
  const packetId = packet.messageId ?? 0;
  if ((packet.reasonCode ?? 0) >= 0x80) {
    rejectDelivery(ctx, session, packetId);
    return;
  }
  // An unknown id (a late ack for a message AWS re-sent with a new id) is ignored.
  acknowledge(ctx, session, packetId, 1);
}
