import type { ProbeKit } from '../kit';
import { PACED_BELOW, type Findings } from '../rows';

const STORED = 10;
const QOS0 = 3;
const QUIET_MS = 1500;

/**
 * A persistent 3.1.1 session's basics: sessionPresent on the first connect and on resume; ten
 * QoS 1 and three QoS 0 messages published while away (which come back, in what order, at what
 * pace); and whether the subscription is there on resume without subscribing again.
 */
export async function persistentSession(kit: ProbeKit): Promise<Findings> {
  const sub = kit.client('basics-sub', { protocolVersion: 4 });
  const pub = kit.client('basics-pub', { protocolVersion: 4, clean: true });
  const first = await kit.connect(sub);
  await sub.subscribe(kit.topic('basics/#'), 1);
  await sub.disconnect();
  await kit.connect(pub);
  const sent: Promise<void>[] = [];
  for (let i = 0; i < STORED; i++) sent.push(kit.publish(pub, 'basics/q1', `s${i}`, 1));
  for (let i = 0; i < QOS0; i++) sent.push(kit.publish(pub, 'basics/q0', `z${i}`, 0));
  await Promise.all(sent);
  // QoS 0 has no acknowledgement: a moment for the broker to take the last ones.
  await kit.sleep(300);

  const resume = await kit.connect(sub);
  await kit.settle(() => kit.arrived(sub), STORED + QOS0, QUIET_MS, 30_000);
  const before = kit.arrived(sub);
  await kit.publish(pub, 'basics/q1', 'live');
  await kit.until(() => kit.arrived(sub) > before, 2000);
  await pub.disconnect();
  await sub.disconnect();

  const events = kit.events();
  const got = kit.received(sub, events);
  const q1 = got.filter((p) => /^s\d+$/.test(p));
  const inOrder = q1.every((p, i) => p === `s${i}`);
  const q0 = got.filter((p) => /^z\d+$/.test(p)).length;
  const replay = events.find((e) => e.type === 'replay.started' && e.clientId === 'basics-sub');
  const rate = replay?.type === 'replay.started' ? replay.ratePerSecond : 0;
  const paced = rate > 0 && rate < PACED_BELOW;
  return {
    'first-connect': { value: `${+first.sessionPresent}` },
    resume: { value: `${+resume.sessionPresent}` },
    'qos1-stored': {
      value:
        q1.length === 0
          ? 'not stored'
          : `${q1.length} of ${STORED}${inOrder && q1.length === STORED ? ', in order' : inOrder ? '' : ', out of order'}`,
    },
    'qos0-stored': { value: q0 === 0 ? 'not stored' : `stored (${q0} of ${QOS0})` },
    'replay-rate':
      replay === undefined
        ? { value: 'nothing replayed' }
        : paced
          ? { value: `paced, ≈${Math.round(rate)} msg/s`, rate }
          : { value: 'unpaced' },
    subscriptions: { value: got.includes('live') ? 'kept' : 'gone' },
  };
}
