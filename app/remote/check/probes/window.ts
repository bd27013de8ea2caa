import type { ProbeKit } from '../kit';
import type { Findings } from '../rows';

const SENT = 120;

/**
 * The in-flight window: a connected subscriber holds its PUBACKs while 120 QoS 1 messages are
 * published. How many does the broker send before it waits for an acknowledgement (mosquitto's
 * max_inflight_messages, EMQX's max_inflight, AWS IoT Core's 100)?
 */
export async function inflightWindow(kit: ProbeKit): Promise<Findings> {
  const sub = kit.client('window-sub', { protocolVersion: 4, clean: true });
  const pub = kit.client('window-pub', { protocolVersion: 4, clean: true });
  await kit.connect(sub);
  await sub.subscribe(kit.topic('window/#'), 1);
  sub.setHoldAcks(true);
  await kit.connect(pub);
  const sent: Promise<void>[] = [];
  for (let i = 0; i < SENT; i++) sent.push(kit.publish(pub, 'window/t', `w${i}`));
  await Promise.all(sent);
  await kit.settle(() => kit.arrived(sub), SENT, 1000, 10_000);
  const window = kit.arrived(sub);
  sub.setHoldAcks(false);
  sub.release();
  await pub.disconnect();
  await sub.disconnect();
  return {
    inflight: {
      value: window >= SENT ? `no limit up to ${SENT}` : `${window} at a time`,
    },
  };
}
