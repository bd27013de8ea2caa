// MQTT 5.0 §3.3.4 to §3.7: answering a PUBLISH, overlapping subscriptions, Receive Maximum,
// and the reason codes of PUBACK, PUBREC, PUBREL and PUBCOMP.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { Packet, PacketOf, QoS } from '../../../broker/packets';
import { hex, type RawClient } from '../../rawClient';
import { disconnectCode, got, raw5, std } from './packets-helpers';

const PUBACK_CODES = [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99];
const PUBREL_CODES = [0x00, 0x92];

function publish(topic: string, qos: QoS, messageId?: number): Packet {
  return {
    cmd: 'publish',
    topic,
    payload: Buffer.from(topic),
    qos,
    retain: false,
    dup: false,
    ...(qos > 0 ? { messageId } : {}),
  };
}

function subscribe(c: RawClient, messageId: number, topic: string, qos: QoS, id?: number): void {
  c.send({
    cmd: 'subscribe',
    messageId,
    subscriptions: [{ topic, qos, nl: false, rap: false, rh: 0 }],
    ...(id ? { properties: { subscriptionIdentifier: id } } : {}),
  });
}

const ids = (p: PacketOf<'publish'>): number[] => {
  const v = p.properties?.subscriptionIdentifier;
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

describe('MQTT 5 PUBLISH: answers and deliveries', () => {
  it('[MQTT-3.3.4-1] QoS 0 gets no answer, QoS 1 a PUBACK, QoS 2 a PUBREC, each with its packet id', () => {
    const h = std();
    const c = raw5(h, 'A');
    c.send(publish('t', 0));
    expect(c.received).toEqual([]);
    c.send(publish('t', 1, 7));
    c.send(publish('t', 2, 8));
    c.send({ cmd: 'pubrel', messageId: 8 });
    expect(c.received.map((p) => [p.cmd, p.messageId])).toEqual([
      ['puback', 7],
      ['pubrec', 8],
      ['pubcomp', 8],
    ]);
  });

  it('[MQTT-3.3.4-2] overlapping subscriptions give one copy at the highest granted QoS', () => {
    const h = std();
    const sub = raw5(h, 'S');
    subscribe(sub, 1, 'a/#', 0);
    subscribe(sub, 2, 'a/+', 2);
    subscribe(sub, 3, 'a/b', 1);
    const pub = raw5(h, 'P');
    pub.send(publish('a/b', 2, 1));
    const out = got(sub, 'publish');
    expect(out.map((p) => [p.topic, p.qos])).toEqual([['a/b', 2]]);
  });

  it('[MQTT-3.3.4-3] [MQTT-3.3.4-4] one copy carries the Subscription Identifiers of all matching subscriptions', () => {
    const h = std();
    const sub = raw5(h, 'S');
    subscribe(sub, 1, 'a/#', 1, 11);
    subscribe(sub, 2, 'a/+', 0);
    subscribe(sub, 3, 'a/b', 1, 33);
    const pub = raw5(h, 'P');
    pub.send(publish('a/b', 1, 1));
    pub.send(publish('a/c', 1, 2));
    const out = got(sub, 'publish');
    expect(out).toHaveLength(2);
    expect(ids(out[0]!).sort()).toEqual([11, 33]);
    expect(ids(out[1]!)).toEqual([11]);
  });

  it('[MQTT-3.3.4-5] several copies (shared and non-shared) each carry their own Subscription Identifier', () => {
    const h = std();
    const sub = raw5(h, 'S');
    subscribe(sub, 1, 'a/b', 1, 5);
    subscribe(sub, 2, '$share/g/a/b', 1, 6);
    const pub = raw5(h, 'P');
    pub.send(publish('a/b', 1, 1));
    const out = got(sub, 'publish');
    expect(out.map(ids).sort()).toEqual([[5], [6]]);
  });

  it("[MQTT-3.3.4-9] no more unacknowledged QoS 1 and 2 PUBLISHes than the client's Receive Maximum", () => {
    const h = std();
    const sub = raw5(h, 'S', { receiveMaximum: 2 });
    subscribe(sub, 1, 't', 2);
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    for (let i = 0; i < 5; i++) pub.publish('t', `m${i}`, i % 2 === 0 ? 1 : 2);
    const out = () => got(sub, 'publish');
    expect(out().map((p) => p.payload.toString())).toEqual(['m0', 'm1']);
    sub.send({ cmd: 'puback', messageId: out()[0]!.messageId });
    expect(out()).toHaveLength(3);
    // A PUBREC alone does not free the slot of a QoS 2 message; its PUBCOMP does.
    sub.send({ cmd: 'pubrec', messageId: out()[1]!.messageId });
    expect(out()).toHaveLength(3);
    sub.send({ cmd: 'pubcomp', messageId: out()[1]!.messageId });
    expect(out()).toHaveLength(4);
    // A PUBREC with a reason code of 0x80 or more ends the delivery and frees the slot too.
    sub.send({ cmd: 'pubrec', messageId: out()[3]!.messageId, reasonCode: 0x80 });
    expect(out().map((p) => p.payload.toString())).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('[MQTT-3.3.4-10] a full Receive Maximum does not hold back packets other than PUBLISH', () => {
    const h = std();
    const sub = raw5(h, 'S', { receiveMaximum: 1 });
    subscribe(sub, 1, 't', 1);
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('t', 'a', 1);
    pub.publish('t', 'b', 1);
    sub.received.length = 0;
    sub.send({ cmd: 'pingreq' });
    subscribe(sub, 2, 'u', 1);
    sub.send({ cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['u'] });
    sub.send(publish('v', 1, 9));
    sub.send(publish('v', 2, 10));
    sub.send({ cmd: 'pubrel', messageId: 10 });
    expect(sub.received.map((p) => p.cmd)).toEqual([
      'pingresp',
      'suback',
      'unsuback',
      'puback',
      'pubrec',
      'pubcomp',
    ]);
  });
});

describe('MQTT 5 PUBACK, PUBREC, PUBREL, PUBCOMP reason codes', () => {
  it('[MQTT-3.4.2-1] PUBACK uses PUBACK reason codes: 0x00, 0x10 (no subscriber), 0x87 (denied)', () => {
    const h = std({ access: { denyPublish: ['secret/#'] } });
    raw5(h, 'S').send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 'seen', qos: 1, nl: false, rap: false, rh: 0 }],
    });
    const c = raw5(h, 'A');
    c.send(publish('seen', 1, 1));
    c.send(publish('unseen', 1, 2));
    c.send(publish('secret/x', 1, 3));
    const codes = got(c, 'puback').map((p) => p.reasonCode ?? 0);
    expect(codes).toEqual([0x00, 0x10, 0x87]);
    for (const code of codes) expect(PUBACK_CODES).toContain(code);
  });

  it('[MQTT-3.5.2-1] PUBREC uses PUBREC reason codes: 0x00, 0x10 (no subscriber), 0x87 (denied)', () => {
    const h = std({ access: { denyPublish: ['secret/#'] } });
    raw5(h, 'S').send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 'seen', qos: 2, nl: false, rap: false, rh: 0 }],
    });
    const c = raw5(h, 'A');
    c.send(publish('seen', 2, 1));
    c.send(publish('unseen', 2, 2));
    c.send(publish('secret/x', 2, 3));
    const codes = got(c, 'pubrec').map((p) => p.reasonCode ?? 0);
    expect(codes).toEqual([0x00, 0x10, 0x87]);
    for (const code of codes) expect(PUBACK_CODES).toContain(code);
  });

  it('[MQTT-3.6.1-1] a PUBREL whose fixed-header flags are not 0010 is malformed: DISCONNECT 0x81', () => {
    for (const first of [0x60, 0x63, 0x6a]) {
      const h = std();
      const c = raw5(h, 'A');
      c.send(publish('t', 2, 1));
      c.send(Uint8Array.from([first, 0x02, 0x00, 0x01]));
      expect(got(c, 'pubcomp')).toEqual([]);
      expect(disconnectCode(c)).toBe(0x81);
      expect(c.closed).toBe(true);
    }
  });

  it('[MQTT-3.6.2-1] PUBREL uses PUBREL reason codes: 0x00, or 0x92 for an unknown packet id', () => {
    const h = std();
    const sub = raw5(h, 'S');
    subscribe(sub, 1, 't', 2);
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('t', 'm', 2);
    const id = got(sub, 'publish')[0]!.messageId!;
    sub.send({ cmd: 'pubrec', messageId: id });
    sub.send({ cmd: 'pubrec', messageId: id + 100 });
    const codes = got(sub, 'pubrel').map((p) => [p.messageId, p.reasonCode ?? 0]);
    expect(codes).toEqual([
      [id, 0x00],
      [id + 100, 0x92],
    ]);
    for (const [, code] of codes) expect(PUBREL_CODES).toContain(code);
  });

  it('[MQTT-3.7.2-1] PUBCOMP uses PUBCOMP reason codes: 0x00, or 0x92 for an unknown packet id', () => {
    const h = std();
    const c = raw5(h, 'A');
    c.send(publish('t', 2, 4));
    c.send({ cmd: 'pubrel', messageId: 4 });
    c.send({ cmd: 'pubrel', messageId: 4 });
    c.send(hex('62 02 0005'));
    const codes = got(c, 'pubcomp').map((p) => [p.messageId, p.reasonCode ?? 0]);
    expect(codes).toEqual([
      [4, 0x00],
      [4, 0x92],
      [5, 0x92],
    ]);
    for (const [, code] of codes) expect(PUBREL_CODES).toContain(code);
  });
});
