// MQTT 5.0 conformance, chapter 2: fixed header flags, packet identifiers, property length.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { harness } from '../../harness';
import { hex } from '../../rawClient';
import { open5, publish5, subscribe5 } from './connect-wire';

const toHex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('hex');

describe('MQTT 5 fixed header (2.1.3)', () => {
  it('[MQTT-2.1.3-1] reserved flag bits: the broker writes the listed values, and refuses a SUBSCRIBE without 0b0010', () => {
    const h = harness({ profile: 'standard' });
    const sub = open5(h, 'sub');
    sub.send(subscribe5('t', 2));
    const pub = open5(h, 'pub');
    pub.send(publish5('t', 'x', 2, { messageId: 7 }));
    pub.send({ cmd: 'pubrel', messageId: 7 });
    // The broker's QoS 2 PUBLISH to sub; sub answers PUBREC and gets PUBREL.
    const toSub = sub.of('publish')[0]!;
    sub.send({ cmd: 'pubrec', messageId: toSub.messageId! });
    sub.send({ cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['t'] });
    pub.send({ cmd: 'pingreq' });
    const firstBytes = (c: { frames: Uint8Array[] }) => c.frames.map((f) => f[0]!);
    // CONNACK 0x20, SUBACK 0x90, PUBLISH 0x34 (QoS 2, flags not reserved), PUBREL 0x62, UNSUBACK 0xB0.
    expect(firstBytes(sub)).toEqual([0x20, 0x90, 0x34, 0x62, 0xb0]);
    // CONNACK 0x20, PUBREC 0x50, PUBCOMP 0x70, PINGRESP 0xD0.
    expect(firstBytes(pub)).toEqual([0x20, 0x50, 0x70, 0xd0]);

    // A SUBSCRIBE whose flags are 0000 (not the reserved 0010) is malformed.
    const bad = open5(h, 'bad');
    bad.send(hex('80 06 0001 00 0001 61 01'));
    expect(bad.of('suback')).toEqual([]);
    expect(bad.of('disconnect').map((d) => d.reasonCode)).toEqual([0x81]);
    expect(bad.closed).toBe(true);
  });
});

describe('MQTT 5 packet identifiers (2.2.1)', () => {
  it('[MQTT-2.2.1-2] a QoS 0 PUBLISH from the broker has no Packet Identifier: topic, property length, payload', () => {
    const h = harness();
    const sub = open5(h, 'sub');
    sub.send(subscribe5('t', 0));
    open5(h, 'pub').send(publish5('t', 'hi', 1, { messageId: 9 }));
    // 30 len | 00 01 't' | 00 (properties) | 'hi'
    expect(toHex(sub.framesOf(3)[0])).toBe('30' + '06' + '000174' + '00' + '6869');
  });

  it('[MQTT-2.2.1-4] each QoS 1 PUBLISH the broker sends has a non-zero id not in use by another unacknowledged one', () => {
    const h = harness({ profile: 'standard' });
    const sub = open5(h, 'sub');
    sub.send(subscribe5('t', 1));
    const pub = open5(h, 'pub');
    for (let i = 0; i < 5; i++) pub.send(publish5('t', `m${i}`, 1, { messageId: i + 1 }));
    let ids = sub.of('publish').map((p) => p.messageId!);
    expect(ids).toHaveLength(5);
    expect(ids.every((id) => id > 0)).toBe(true);
    expect(new Set(ids).size).toBe(5);
    // Acknowledge two; the next ids still differ from the three still unacknowledged.
    sub.send({ cmd: 'puback', messageId: ids[0]! });
    sub.send({ cmd: 'puback', messageId: ids[2]! });
    const unacked = [ids[1]!, ids[3]!, ids[4]!];
    for (let i = 5; i < 10; i++) pub.send(publish5('t', `m${i}`, 1, { messageId: i + 1 }));
    ids = sub
      .of('publish')
      .slice(5)
      .map((p) => p.messageId!);
    expect(ids).toHaveLength(5);
    expect(new Set([...ids, ...unacked]).size).toBe(8);
    expect(ids.every((id) => id > 0)).toBe(true);
  });

  it('[MQTT-2.2.1-4] [MQTT-4.3.2-1] when the ids wrap past 65535, one still in flight is skipped', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    a.holdAcks = true;
    a.connect({ clientId: 'a' });
    a.subscribe('t', 1);
    const b = h.client(5);
    b.connect({ clientId: 'b' });
    b.publish('t', 'held', 1);
    const held = a.publishes()[0]!.messageId!;
    // Every later message is acknowledged at once, so only `held` stays in flight.
    a.holdAcks = false;
    // (b's own ids are acknowledged at once too: a few of them, used again and again.)
    for (let i = 0; i < 65_535; i++) b.publish('t', 'x', 1, { messageId: (i % 100) + 1 });
    const ids = a.publishes().map((p) => p.messageId!);
    expect(ids).toHaveLength(65_536);
    // The ids went all the way round: 65535 came up, then the count started again at 1.
    expect(ids).toContain(65_535);
    expect(ids.slice(1).filter((id) => id === held)).toEqual([]);
    expect(ids.every((id) => id > 0)).toBe(true);
  }, 60_000);

  it('[MQTT-2.2.1-5] the broker’s PUBACK, PUBREC, PUBCOMP and PUBREL carry the id of the PUBLISH they answer', () => {
    const h = harness({ profile: 'standard' });
    const sub = open5(h, 'sub');
    sub.send(subscribe5('t', 2));
    const pub = open5(h, 'pub');
    pub.send(publish5('t', 'one', 1, { messageId: 0x1234 }));
    pub.send(publish5('t', 'two', 2, { messageId: 0xbeef }));
    pub.send({ cmd: 'pubrel', messageId: 0xbeef });
    expect(pub.of('puback').map((p) => p.messageId)).toEqual([0x1234]);
    expect(pub.of('pubrec').map((p) => p.messageId)).toEqual([0xbeef]);
    expect(pub.of('pubcomp').map((p) => p.messageId)).toEqual([0xbeef]);
    // On the wire: 40 04 12 34 00 00 (PUBACK, id, success, no properties).
    expect(toHex(pub.framesOf(4)[0])).toBe('400412340000');
    // The broker's own QoS 2 PUBLISH: its PUBREL carries the same id.
    const two = sub.of('publish').find((p) => p.qos === 2)!;
    sub.send({ cmd: 'pubrec', messageId: two.messageId! });
    expect(sub.of('pubrel').map((p) => p.messageId)).toEqual([two.messageId]);
  });

  it('[MQTT-2.2.1-6] SUBACK and UNSUBACK carry the Packet Identifier of the SUBSCRIBE and UNSUBSCRIBE', () => {
    const h = harness();
    const c = open5(h, 'c');
    c.send(subscribe5('a', 1, 0x0102));
    c.send(subscribe5('b', 0, 0xfffe));
    c.send({ cmd: 'unsubscribe', messageId: 0x7777, unsubscriptions: ['a'] });
    expect(c.of('suback').map((p) => p.messageId)).toEqual([0x0102, 0xfffe]);
    expect(c.of('unsuback').map((p) => p.messageId)).toEqual([0x7777]);
    expect(toHex(c.framesOf(9)[0]).slice(4, 8)).toBe('0102');
    expect(toHex(c.framesOf(11)[0]).slice(4, 8)).toBe('7777');
  });
});

describe('MQTT 5 properties (2.2.2)', () => {
  it('[MQTT-2.2.2-1] packets the broker sends without properties hold a Property Length of zero', () => {
    const h = harness();
    const c = open5(h, 'c');
    c.send(subscribe5('t', 1, 5));
    c.send({ cmd: 'unsubscribe', messageId: 6, unsubscriptions: ['t'] });
    c.send(subscribe5('t', 0, 8));
    open5(h, 'p').send(publish5('t', 'x'));
    // SUBACK: id 0005, properties 00, granted QoS 1.
    expect(toHex(c.framesOf(9)[0])).toBe('9004' + '0005' + '00' + '01');
    // UNSUBACK: id 0006, properties 00, reason 00.
    expect(toHex(c.framesOf(11)[0])).toBe('b004' + '0006' + '00' + '00');
    // PUBLISH QoS 0: topic 't', properties 00, payload 'x'.
    expect(toHex(c.framesOf(3)[0])).toBe('3005' + '000174' + '00' + '78');
  });

  it('[MQTT-2.2.2-1] a PUBLISH from a client without its Property Length is malformed: DISCONNECT 0x81, nothing routed', () => {
    const h = harness();
    const c = open5(h, 'c');
    c.send(subscribe5('a', 1, 5));
    const p = open5(h, 'p');
    // QoS 0 PUBLISH to 'a', the packet ending right after the topic: no Property Length.
    p.send(Uint8Array.of(0x30, 0x03, 0x00, 0x01, 0x61));
    expect(p.closed).toBe(true);
    expect(p.of('disconnect')[0]?.reasonCode).toBe(0x81);
    expect(c.of('publish')).toEqual([]);
    // The same PUBLISH with a Property Length of zero goes through.
    const q = open5(h, 'q');
    q.send(Uint8Array.of(0x30, 0x04, 0x00, 0x01, 0x61, 0x00));
    expect(q.closed).toBe(false);
    expect(c.of('publish').map((m) => m.topic)).toEqual(['a']);
  });
});
