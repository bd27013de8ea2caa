/** MQTT 3.1.1 conformance: the RETAIN flag and retained messages (3.3.1.3). */
import { describe, expect, it } from 'vitest';
import { client, standard } from './v311Kit';

const retained = (c: ReturnType<typeof client>) =>
  c.publishes().map((p) => [p.topic, p.payload.toString(), p.qos, p.retain]);

describe('MQTT 3.1.1 retained messages', () => {
  it('[MQTT-3.3.1-5] a RETAIN 1 PUBLISH is stored with its QoS for future subscribers', () => {
    const h = standard();
    const pub = client(h, 'pub');
    pub.publish('r/one', 'q1', 1, { retain: true });
    pub.publish('r/two', 'q2', 2, { retain: true });
    pub.publish('r/zero', 'q0', 0, { retain: true });
    const sub = client(h, 'sub');
    sub.subscribe('r/#', 2);
    expect(retained(sub).sort()).toEqual([
      ['r/one', 'q1', 1, true],
      ['r/two', 'q2', 2, true],
      ['r/zero', 'q0', 0, true],
    ]);
  });

  it('[MQTT-3.3.1-6] a new subscription gets the last retained message of each matching topic', () => {
    const h = standard();
    const pub = client(h, 'pub');
    pub.publish('a/x', 'old', 1, { retain: true });
    pub.publish('a/x', 'new', 1, { retain: true });
    pub.publish('a/y', 'y', 1, { retain: true });
    pub.publish('b/z', 'z', 1, { retain: true });
    const sub = client(h, 'sub');
    sub.subscribe('a/+', 1);
    expect(sub.payloads().sort()).toEqual(['new', 'y']);
  });

  it('[MQTT-3.3.1-7] a retained QoS 0 message replaces the message retained for its topic', () => {
    const h = standard();
    const pub = client(h, 'pub');
    pub.publish('r', 'first', 2, { retain: true });
    pub.publish('r', 'second', 0, { retain: true });
    const sub = client(h, 'sub');
    sub.subscribe('r', 2);
    expect(retained(sub)).toEqual([['r', 'second', 0, true]]);
  });

  it('[MQTT-3.3.1-8] a message sent because a subscription was made has RETAIN 1', () => {
    const h = standard();
    client(h, 'pub').publish('r', 'kept', 1, { retain: true });
    const sub = client(h, 'sub');
    sub.subscribe('r', 1);
    expect(sub.publishes().map((p) => p.retain)).toEqual([true]);
  });

  it('[MQTT-3.3.1-9] a message sent to an established subscription has RETAIN 0, however it was published', () => {
    const h = standard();
    const sub = client(h, 'sub');
    sub.subscribe('r', 1);
    const pub = client(h, 'pub');
    pub.publish('r', 'retained', 1, { retain: true });
    pub.publish('r', 'plain', 1);
    expect(sub.publishes().map((p) => [p.payload.toString(), p.retain])).toEqual([
      ['retained', false],
      ['plain', false],
    ]);
  });

  it('[MQTT-3.3.1-10] a RETAIN 1 PUBLISH with an empty payload goes to subscribers and clears the retained message', () => {
    const h = standard();
    const pub = client(h, 'pub');
    pub.publish('r', 'kept', 1, { retain: true });
    const sub = client(h, 'sub');
    sub.subscribe('r', 1);
    pub.publish('r', '', 1, { retain: true });
    expect(sub.payloads()).toEqual(['kept', '']);
    const late = client(h, 'late');
    late.subscribe('r', 1);
    expect(late.payloads()).toEqual([]);
  });

  it('[MQTT-3.3.1-11] a zero-byte retained message is not stored as a retained message', () => {
    const h = standard();
    client(h, 'pub').publish('empty', '', 1, { retain: true });
    expect(h.of('retained.set')).toEqual([]);
    const sub = client(h, 'sub');
    sub.subscribe('empty', 1);
    expect(sub.publishes()).toEqual([]);
  });

  it('[MQTT-3.3.1-12] a RETAIN 0 PUBLISH is not stored and leaves the retained message as it was', () => {
    const h = standard();
    const pub = client(h, 'pub');
    pub.publish('r', 'kept', 1, { retain: true });
    pub.publish('r', 'passing', 1);
    pub.publish('r', '', 1);
    pub.publish('other', 'not-retained', 1);
    const sub = client(h, 'sub');
    sub.subscribe('#', 1);
    expect(retained(sub)).toEqual([['r', 'kept', 1, true]]);
  });
});
