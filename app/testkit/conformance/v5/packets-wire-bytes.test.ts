// MQTT 5.0 conformance: what only the bytes show. mqtt-packet reads the fields it expects and
// ignores what follows them, and keeps User Properties in an object that can drop or reorder
// pairs; these tests send hand-made bytes and read what the broker wrote back byte by byte.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { bodyOf, propertyBlocks, readBlock } from '../../../broker/packetBytes';
import type { Packet } from '../../../broker/packets';
import { harness } from '../../harness';
import { gen, varint } from '../../rawClient';
import { connect5, open5, subscribe5, WireClient } from './connect-wire';

const utf8 = (s: string) => [...Buffer.from(s, 'utf8')];
const str = (s: string) => [utf8(s).length >> 8, utf8(s).length & 0xff, ...utf8(s)];
const userProperty = (name: string, value: string) => [0x26, ...str(name), ...str(value)];

/** A QoS 0 MQTT 5 PUBLISH to `t` with these User Properties, in this order. */
function publishWith(pairs: [string, string][]): Uint8Array {
  const props = pairs.flatMap(([n, v]) => userProperty(n, v));
  const body = [...str('t'), ...varint(props.length), ...props, ...utf8('p')];
  return Uint8Array.from([0x30, ...varint(body.length), ...body]);
}

/** The User Properties of a PUBLISH frame, read from its bytes in their order. */
function pairsOf(frame: Uint8Array): [string, string][] {
  const body = bodyOf(frame);
  const at = propertyBlocks({ cmd: 'publish', qos: 0 } as Packet, body).own!;
  const text = new TextDecoder('utf-8', { ignoreBOM: true });
  return readBlock(body, at)!.pairs.map((p) => [
    text.decode(body.subarray(...p.name)),
    text.decode(body.subarray(...p.value)),
  ]);
}

function forward(pairs: [string, string][]): [string, string][] {
  const h = harness({ profile: 'standard' });
  const sub = open5(h, 'sub');
  sub.send(subscribe5('t', 0));
  open5(h, 'pub').send(publishWith(pairs));
  const frames = sub.framesOf(3);
  expect(frames).toHaveLength(1);
  return pairsOf(frames[0]!);
}

describe('MQTT 5 User Properties as they came (3.3.2.3.7)', () => {
  it('[MQTT-3.3.2-17] a pair whose name comes again later, with an empty value first, is forwarded too', () => {
    // mqtt-packet overwrote k="" with k=v (it tests the stored value's truth): a pair was lost.
    const pairs: [string, string][] = [
      ['k', ''],
      ['1', 'x'],
      ['k', 'v'],
    ];
    expect(forward(pairs)).toEqual(pairs);
    expect(forward([pairs[0]!, pairs[2]!])).toEqual([pairs[0], pairs[2]]);
  });

  it('[MQTT-3.3.2-18] the order holds for a value that starts with U+FEFF, which is not stripped', () => {
    const pairs: [string, string][] = [
      ['b', '\uFEFFv'],
      ['1', 'one'],
    ];
    expect(forward(pairs)).toEqual(pairs);
  });
});

describe('MQTT 5 packets with bytes after their last field (3.1.4, 4.13)', () => {
  const h = () => harness({ profile: 'standard' });

  it('[MQTT-3.1.4-1, 5.0] a CONNECT longer than its fields is malformed: closed without CONNACK', () => {
    const broker = h();
    const bytes = gen(connect5('c'), 5);
    const longer = Uint8Array.from([bytes[0]!, bytes[1]! + 2, ...bytes.subarray(2), 0, 0]);
    const bad = new WireClient(broker);
    bad.send(longer);
    expect(bad.of('connack')).toEqual([]);
    expect(bad.closed).toBe(true);
    const good = new WireClient(broker);
    good.send(bytes);
    expect(good.of('connack')).toHaveLength(1);
  });

  it('[MQTT-4.13.1-1] PINGREQ, PUBACK and DISCONNECT with bytes past their end: DISCONNECT 0x81', () => {
    for (const bytes of [
      [0xc0, 0x01, 0x00], // PINGREQ with a body
      [0x40, 0x05, 0x00, 0x01, 0x00, 0x00, 0xff], // PUBACK: id, reason, no properties, then 0xff
      [0xe0, 0x03, 0x00, 0x00, 0xff], // DISCONNECT: reason, no properties, then 0xff
    ]) {
      const broker = h();
      const c = open5(broker, 'c');
      c.send(Uint8Array.from(bytes));
      expect(
        c.of('disconnect').map((d) => d.reasonCode),
        bytes.join(' '),
      ).toEqual([0x81]);
      expect(c.closed).toBe(true);
    }
  });

  it('[MQTT-3.1.2-8, 5.0] a malformed DISCONNECT is no normal disconnection: the Will is published', () => {
    const broker = h();
    const watcher = open5(broker, 'w');
    watcher.send(subscribe5('will/c', 0));
    const c = open5(broker, 'c', {
      will: { topic: 'will/c', payload: Buffer.from('gone'), qos: 0, retain: false },
    });
    c.send(Uint8Array.from([0xe0, 0x03, 0x00, 0x00, 0xff]));
    expect(watcher.of('publish').map((m) => m.payload.toString())).toEqual(['gone']);
  });

  it('[MQTT-3.1.4-1, 5.0] well-formed short and long forms still pass: PUBACK of 2, 3 and 4 bytes, DISCONNECT of 0 and 2', () => {
    const broker = h();
    const c = open5(broker, 'c');
    c.send(Uint8Array.from([0x40, 0x02, 0x00, 0x01]));
    c.send(Uint8Array.from([0x40, 0x03, 0x00, 0x02, 0x00]));
    c.send(Uint8Array.from([0x40, 0x04, 0x00, 0x03, 0x00, 0x00]));
    c.send(Uint8Array.from([0xc0, 0x00]));
    expect(c.closed).toBe(false);
    expect(c.of('pingresp')).toHaveLength(1);
    c.send(Uint8Array.from([0xe0, 0x02, 0x00, 0x00]));
    expect(c.of('disconnect')).toEqual([]);
    expect(c.closed).toBe(true);
  });
});
