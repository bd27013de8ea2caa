import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { acknowledge } from '../delivery';
import type { PacketOf } from '../packets';

/** PUBCOMP: the last step of QoS 2 to a client; the message is delivered exactly once. */
export function handlePubcomp(
  ctx: BrokerContext,
  conn: Connection,
  packet: PacketOf<'pubcomp'>,
): void {
  const session = conn.session!;
  const d = session.inflight.get(packet.messageId ?? 0);
  if (d?.stage !== 'pubrel') return;
  acknowledge(ctx, session, packet.messageId ?? 0, 2);
}
