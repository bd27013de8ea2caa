import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { RC, type PacketOf } from '../packets';

/** UNSUBSCRIBE: remove each filter; MQTT 5 says per filter whether there was one. */
export function handleUnsubscribe(
  ctx: BrokerContext,
  conn: Connection,
  packet: PacketOf<'unsubscribe'>,
): void {
  if (packet.unsubscriptions.length === 0) {
    // [MQTT-3.10.3-2, 3.1.1/5.0] an UNSUBSCRIBE carries at least one filter.
    conn.fail('UNSUBSCRIBE with no topic filter', RC.protocolError);
    return;
  }
  const session = conn.session!;
  const codes: number[] = [];
  for (const filter of packet.unsubscriptions) {
    const existing = session.subscriptions.get(filter);
    if (existing) {
      session.subscriptions.delete(filter);
      ctx.tree.remove(session.clientId, filter, existing.literal === true);
      ctx.emit({
        type: 'subscription.removed',
        clientId: session.clientId,
        filter,
        reason: 'unsubscribe',
      });
    }
    codes.push(existing ? RC.success : RC.noSubscriptionExisted);
  }
  // mqtt-packet carries the MQTT 5 per-filter reason codes in `granted`.
  conn.send({
    cmd: 'unsuback',
    messageId: packet.messageId,
    granted: conn.protocolVersion === 5 ? codes : [],
  });
}
