import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { rejectDelivery } from '../delivery';
import { RC, type PacketOf } from '../packets';

/** PUBREC: step 2 of QoS 2 to a client; answer PUBREL and wait for PUBCOMP [MQTT-4.3.3-*]. */
export function handlePubrec(
  ctx: BrokerContext,
  conn: Connection,
  packet: PacketOf<'pubrec'>,
): void {
  const session = conn.session!;
  const packetId = packet.messageId ?? 0;
  const d = session.inflight.get(packetId);
  if ((packet.reasonCode ?? 0) >= 0x80) {
    rejectDelivery(ctx, session, packetId);
    return;
  }
  if (!d || d.qos !== 2) {
    conn.send(
      conn.protocolVersion === 5
        ? { cmd: 'pubrel', messageId: packetId, reasonCode: RC.packetIdNotFound }
        : { cmd: 'pubrel', messageId: packetId },
    );
    return;
  }
  d.stage = 'pubrel';
  conn.send({ cmd: 'pubrel', messageId: packetId });
}
