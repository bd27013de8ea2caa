// MQTT 5.0 §3.3.2.3: the Response Topic is a Topic Name, and User Properties keep their order,
// checked on the bytes the broker writes (mqtt-packet's object form cannot show the order).
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { harness } from '../../harness';
import { open5, publish5, subscribe5 } from './connect-wire';

/** A QoS 0 PUBLISH to `topic` whose only properties are these User Properties, in this order. */
function publishWithPairs(topic: string, pairs: [string, string][]): Uint8Array {
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    return [b.length >> 8, b.length & 0xff, ...b];
  };
  const props = pairs.flatMap(([name, value]) => [0x26, ...str(name), ...str(value)]);
  const body = [...str(topic), props.length, ...props, ...Buffer.from('p')];
  return Uint8Array.from([0x30, body.length, ...body]);
}

/** The User Properties of a QoS 0 PUBLISH frame (one-byte lengths), in the order written. */
function pairsOf(frame: Uint8Array): [string, string][] {
  const u16 = (at: number) => (frame[at]! << 8) | frame[at + 1]!;
  let at = 2 + 2 + u16(2);
  const end = at + 1 + frame[at]!;
  const out: [string, string][] = [];
  const text = (from: number, length: number) =>
    Buffer.from(frame.subarray(from, from + length)).toString('utf8');
  for (at += 1; at < end;) {
    expect(frame[at]).toBe(0x26);
    const name = text(at + 3, u16(at + 1));
    at += 3 + u16(at + 1);
    const value = text(at + 2, u16(at));
    at += 2 + u16(at);
    out.push([name, value]);
  }
  return out;
}

describe('MQTT 5 PUBLISH Response Topic and User Properties', () => {
  it('[MQTT-3.3.2-14] a Response Topic with a wildcard is a Protocol Error: DISCONNECT 0x82, nothing published', () => {
    for (const responseTopic of ['reply/+', 'reply/#']) {
      const h = harness({ profile: 'standard' });
      const sub = open5(h, 's');
      sub.send(subscribe5('req/#', 0));
      const pub = open5(h, 'p');
      pub.send(publish5('req/1', 'x', 1, { messageId: 1, properties: { responseTopic } }));
      expect(pub.of('disconnect').map((d) => d.reasonCode)).toEqual([0x82]);
      expect(pub.closed).toBe(true);
      expect(sub.of('publish')).toEqual([]);
    }
    // Without a wildcard it goes on.
    const h = harness({ profile: 'standard' });
    const sub = open5(h, 's');
    sub.send(subscribe5('req/#', 0));
    open5(h, 'p').send(publish5('req/1', 'x', 0, { properties: { responseTopic: 'reply/p' } }));
    expect(sub.of('publish').map((p) => p.properties?.responseTopic)).toEqual(['reply/p']);
  });

  it("[MQTT-3.3.2-14] a Will's Response Topic with a wildcard refuses the CONNECT (0x82): it is never published", () => {
    const h = harness({ profile: 'standard' });
    const sub = open5(h, 's');
    sub.send(subscribe5('will/#', 0));
    const properties = { responseTopic: 'reply/#' };
    const c = open5(h, 'w', {
      will: { topic: 'will/w', payload: Buffer.from('bye'), qos: 0, retain: false, properties },
    });
    expect(c.of('connack').map((p) => p.reasonCode)).toEqual([0x82]);
    expect(c.closed).toBe(true);
    expect(sub.of('publish')).toEqual([]);
  });

  it('[MQTT-3.3.2-18] User Properties go on in the order received: a name given twice around another, a name like "2"', () => {
    const h = harness({ profile: 'standard' });
    const sub = open5(h, 's');
    sub.send(subscribe5('up/#', 0));
    const pub = open5(h, 'p');
    const orders: [string, string][][] = [
      [
        ['k', '2'],
        ['j', '1'],
        ['k', '3'],
      ],
      [
        ['b', '1'],
        ['2', 'x'],
        ['a', 'ü'],
      ],
    ];
    for (const pairs of orders) pub.send(publishWithPairs('up/1', pairs));
    const frames = sub.framesOf(3);
    expect(frames).toHaveLength(2);
    expect(frames.map(pairsOf)).toEqual(orders);
  });
});
