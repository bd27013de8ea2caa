// MQTT 3.1.1 has no shared subscriptions: on the standard profile a 3.1.1 client's `$share/…`
// filter is the literal filter it names (sharedSubscriptions311: false). The other profiles take
// it as a shared subscription, as mosquitto, EMQX and AWS IoT do; their rows' notes say so.
import { describe, expect, it } from 'vitest';
import { harness } from '../../harness';

function setup() {
  const h = harness({ profile: 'standard' });
  const p = h.client(4);
  p.connect({ clientId: 'pub' });
  const s = h.client(4);
  s.connect({ clientId: 'sub' });
  return { h, p, s };
}

describe('MQTT 3.1.1: $share/… is a literal filter on the standard profile', () => {
  it('[MQTT-3.3.2-3, 3.1.1] a subscriber of $share/g/a is sent only topics that filter matches', () => {
    const { p, s } = setup();
    expect(s.subscribe('$share/g/+', 1)).toEqual([1]);
    p.publish('a', 'plain a', 1);
    p.publish('$share/g/a', 'literal', 1);
    expect(s.publishes().map((m) => m.topic)).toEqual(['$share/g/a']);
  });

  it('[MQTT-4.5.0-1, 3.1.1] a message to the topic $share/g/a is added to the session of its subscriber, also while it is away', () => {
    const { h, p } = setup();
    const s = h.client(4);
    s.connect({ clientId: 'away', clean: false });
    s.subscribe('$share/g/a', 1);
    s.drop();
    p.publish('$share/g/a', 'stored', 1);
    expect(h.of('message.stored').map((e) => e.clientId)).toEqual(['away']);
    s.connect({ clientId: 'away', clean: false });
    expect(s.payloads()).toEqual(['stored']);
  });

  it('[MQTT-3.3.1-6, 3.1.1] a new subscription to $share/g/a is sent the message retained at that topic', () => {
    const { p, s } = setup();
    p.publish('$share/g/a', 'kept', 1, { retain: true });
    s.subscribe('$share/g/#', 1);
    expect(s.publishes().map((m) => [m.topic, m.retain])).toEqual([['$share/g/a', true]]);
  });

  it('[MQTT-3.8.4-3, 3.1.1] subscribing to $share/g/a again replaces it and sends the retained message again', () => {
    const { h, p, s } = setup();
    p.publish('$share/g/a', 'kept', 1, { retain: true });
    s.subscribe('$share/g/a', 1);
    s.subscribe('$share/g/a', 0);
    expect(s.payloads()).toEqual(['kept', 'kept']);
    expect(h.broker.sessions().find((x) => x.clientId === 'sub')?.subscriptions).toHaveLength(1);
    p.publish('$share/g/a', 'next', 1);
    expect(s.publishes().at(-1)?.qos).toBe(0);
  });
});
