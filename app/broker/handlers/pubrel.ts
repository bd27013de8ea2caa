import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { RC, type PacketOf } from '../packets';

/** PUBREL: the client releases a QoS 2 message it sent us; forget its id and answer PUBCOMP. */
export function handlePubrel(
  _ctx: BrokerContext,
  conn: Connection,
  packet: PacketOf<'pubrel'>,
): void {
  const session = conn.session!;
  const packetId = packet.messageId ?? 0;
  const known = session.incomingQos2.delete(packetId);
  conn.incomingQos2.delete(packetId);
  conn.send(
    !known && conn.protocolVersion === 5
      ? { cmd: 'pubcomp', messageId: packetId, reasonCode: RC.packetIdNotFound }
      : { cmd: 'pubcomp', messageId: packetId },
  );
}
