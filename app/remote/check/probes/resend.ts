import type { ProbeKit } from '../kit';
import type { Findings } from '../rows';

const HELD = 3;

/**
 * Unacknowledged QoS 1 messages: the subscriber receives three and holds its PUBACKs, its
 * connection is cut, and it comes back. Does the broker send them again, with DUP=1, and with
 * the same packet ids?
 */
export async function unacknowledged(kit: ProbeKit): Promise<Findings> {
  const sub = kit.client('resend-sub', { protocolVersion: 4 });
  const pub = kit.client('resend-pub', { protocolVersion: 4, clean: true });
  await kit.connect(sub);
  await sub.subscribe(kit.topic('resend/#'), 1);
  sub.setHoldAcks(true);
  await kit.connect(pub);
  for (let i = 0; i < HELD; i++) await kit.publish(pub, 'resend/t', `r${i}`);
  await kit.until(() => kit.arrived(sub) >= HELD, 5000);
  await sub.drop(false);
  sub.setHoldAcks(false);
  // A moment for the broker to see the connection go before the same id comes back.
  await kit.sleep(300);
  await kit.connect(sub);
  await kit.settle(() => kit.arrived(sub), 2 * HELD, 1500, 10_000);
  await pub.disconnect();
  await sub.disconnect();

  const resent = kit
    .events()
    .filter((e) => e.type === 'message.resent' && e.clientId === 'resend-sub');
  if (resent.length === 0) return { resend: { value: 'not sent again' } };
  const dup = new Set(resent.map((e) => (e.type === 'message.resent' ? +e.dup : 0)));
  const same = new Set(
    resent.map((e) => (e.type === 'message.resent' ? e.packetId === e.previousPacketId : false)),
  );
  const show = (s: Set<unknown>, yes: string, no: string) =>
    s.size > 1 ? `${yes} or ${no}` : s.has(true) || s.has(1) ? yes : no;
  const count = resent.length === HELD ? 'again' : `${resent.length} of ${HELD} again`;
  return {
    resend: {
      value: `${count}, ${show(dup, 'DUP=1', 'DUP=0')}, ${show(same, 'same id', 'new id')}`,
    },
  };
}
