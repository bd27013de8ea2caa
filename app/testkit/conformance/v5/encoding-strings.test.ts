// MQTT 5.0 conformance, section 1.5: UTF-8 strings, string pairs and Variable Byte Integers.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { harness } from '../../harness';
import { gen, varint } from '../../rawClient';
import { WireClient, connect5, open5, patch, publish5, subscribe5 } from './connect-wire';

const MALFORMED = 0x81;

/** A connected client sends `bytes`; returns what the broker made of it. */
function sendAfterConnect(bytes: Uint8Array) {
  const h = harness({ profile: 'standard' });
  const sub = open5(h, 'sub');
  sub.send(subscribe5('#', 0));
  const c = open5(h, 'c');
  c.send(bytes);
  return { h, c, sub };
}

describe('MQTT 5 strings (1.5.4, 1.5.7)', () => {
  it('[MQTT-1.5.4-1] a topic holding an encoded surrogate (ED A0 80) or 0xFF is malformed: DISCONNECT 0x81, closed, not routed', () => {
    for (const bad of [
      [0xed, 0xa0, 0x80],
      [0xff, 0x61, 0x61],
    ]) {
      const { c, sub } = sendAfterConnect(patch(gen(publish5('t/ZZZ', 'x'), 5), 'ZZZ', bad));
      expect(c.of('disconnect').map((d) => d.reasonCode)).toEqual([MALFORMED]);
      expect(c.closed).toBe(true);
      expect(sub.of('publish')).toEqual([]);
    }
    // The same packet with well-formed text goes through.
    const { c, sub } = sendAfterConnect(gen(publish5('t/\u00e9', 'x'), 5));
    expect(c.closed).toBe(false);
    expect(sub.of('publish').map((p) => p.topic)).toEqual(['t/\u00e9']);
  });

  it('[MQTT-1.5.4-2] a string holding U+0000 (a topic, a client id) is malformed: the connection is closed', () => {
    const { c, sub } = sendAfterConnect(patch(gen(publish5('t/Z', 'x'), 5), 'Z', [0x00]));
    expect(c.of('disconnect').map((d) => d.reasonCode)).toEqual([MALFORMED]);
    expect(c.closed).toBe(true);
    expect(sub.of('publish')).toEqual([]);

    // A CONNECT whose client id holds U+0000: closed, no CONNACK.
    const h = harness();
    const raw = new WireClient(h);
    raw.send(patch(gen(connect5('aZb'), 5), 'Z', [0x00]));
    expect(raw.received).toEqual([]);
    expect(raw.closed).toBe(true);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-1.5.4-3] EF BB BF in a topic is U+FEFF, kept: it is routed to the filter with it, not to the one without', () => {
    const h = harness({ profile: 'standard' });
    const withBom = open5(h, 'with');
    withBom.send(subscribe5('\uFEFFa', 0));
    const without = open5(h, 'without');
    without.send(subscribe5('a', 0));
    const pub = open5(h, 'pub');
    pub.send(publish5('\uFEFFa', 'x'));
    expect(withBom.of('publish').map((p) => p.topic)).toEqual(['\uFEFFa']);
    // The bytes sent on hold the three bytes after the topic length 00 04.
    const frame = withBom.framesOf(3)[0]!;
    expect(Buffer.from(frame.subarray(2, 8)).toString('hex')).toBe('0004efbbbf61');
    expect(without.of('publish')).toEqual([]);
  });

  it('[MQTT-1.5.7-1] a User Property whose name or value is not well-formed UTF-8 is malformed: closed, not routed', () => {
    for (const where of ['name', 'value'] as const) {
      const props: Record<string, string> = where === 'name' ? { ZZZ: 'v' } : { k: 'ZZZ' };
      const bytes = gen(publish5('t', 'x', 0, { properties: { userProperties: props } }), 5);
      const { c, sub } = sendAfterConnect(patch(bytes, 'ZZZ', [0xed, 0xbf, 0xbf]));
      expect(c.of('disconnect').map((d) => d.reasonCode)).toEqual([MALFORMED]);
      expect(c.closed).toBe(true);
      expect(sub.of('publish')).toEqual([]);
    }
    // A pair holding U+0000 as well.
    const bytes = gen(publish5('t', 'x', 0, { properties: { userProperties: { k: 'Z' } } }), 5);
    const { c } = sendAfterConnect(patch(bytes, 'Z', [0x00]));
    expect(c.closed).toBe(true);
  });
});

describe('MQTT 5 Variable Byte Integer (1.5.5)', () => {
  it('[MQTT-1.5.5-1] every Remaining Length the broker writes uses the fewest bytes (around 127/128 and 16383/16384)', () => {
    const h = harness({ profile: 'standard' });
    const sub = open5(h, 'sub');
    sub.send(subscribe5('t', 0));
    const pub = open5(h, 'pub');
    const sizes = [100, 118, 119, 120, 121, 122, 123, 124, 16_370, 16_374, 16_375, 16_376, 16_380];
    for (const n of sizes) pub.send(publish5('t', 'x'.repeat(n)));
    const frames = [...sub.frames, ...pub.frames];
    expect(sub.framesOf(3)).toHaveLength(sizes.length);
    const lengthBytes = new Set<number>();
    for (const f of frames) {
      let n = 1;
      while (f[n]! & 0x80) n++;
      const encoded = [...f.subarray(1, n + 1)];
      const remaining = f.length - 1 - encoded.length;
      expect(encoded).toEqual(varint(remaining));
      lengthBytes.add(encoded.length);
    }
    // Both sides of the 1-2 and 2-3 byte boundaries were crossed.
    expect([...lengthBytes].sort()).toEqual([1, 2, 3]);
  });
});
