// MQTT 5.0 §3.8 and §3.9: SUBSCRIBE and SUBACK.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { PacketOf, QoS } from '../../../broker/packets';
import { gen, hex, withFirstByte, type RawClient } from '../../rawClient';
import { disconnectCode, got, raw5, std } from './packets-helpers';

const SUBACK_CODES = [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2];

type Request = { topic: string; qos: QoS; nl?: boolean; rap?: boolean; rh?: number };

/** Sends one SUBSCRIBE with the requests; returns the SUBACK that answered it, if any. */
function subscribe(c: RawClient, messageId: number, requests: Request[]) {
  const before = c.received.length;
  c.send({
    cmd: 'subscribe',
    messageId,
    subscriptions: requests.map((r) => ({ nl: false, rap: false, rh: 0, ...r })),
  });
  return c.received.slice(before).find((p): p is PacketOf<'suback'> => p.cmd === 'suback');
}

const message = (topic: string, payload: string, qos: QoS, messageId?: number) =>
  ({
    cmd: 'publish',
    topic,
    payload: Buffer.from(payload),
    qos,
    retain: false,
    dup: false,
    ...(qos > 0 ? { messageId } : {}),
  }) as const;

describe('MQTT 5 SUBSCRIBE', () => {
  it('[MQTT-3.8.1-1] a SUBSCRIBE whose fixed-header flags are not 0010 is malformed: DISCONNECT 0x81', () => {
    const bytes = gen(
      {
        cmd: 'subscribe',
        messageId: 1,
        subscriptions: [{ topic: 'a', qos: 0, nl: false, rap: false, rh: 0 }],
      },
      5,
    );
    for (const first of [0x80, 0x83, 0x8a]) {
      const h = std();
      const c = raw5(h, 'A');
      c.send(withFirstByte(bytes, first));
      expect(got(c, 'suback')).toEqual([]);
      expect(disconnectCode(c)).toBe(0x81);
      expect(c.closed).toBe(true);
      expect(h.of('subscription.added')).toEqual([]);
    }
  });

  it('[MQTT-3.8.3-3] No Local: a client does not get its own messages on that subscription; others do', () => {
    const h = std();
    const a = raw5(h, 'A');
    subscribe(a, 1, [{ topic: 't', qos: 0, nl: true }]);
    const b = raw5(h, 'B');
    subscribe(b, 1, [{ topic: 't', qos: 0, nl: true }]);
    a.send(message('t', 'from A', 0));
    expect(got(a, 'publish')).toEqual([]);
    expect(got(b, 'publish').map((p) => p.payload.toString())).toEqual(['from A']);
  });

  it('[MQTT-3.8.3-5] a SUBSCRIBE with reserved bits of the Subscription Options set is malformed: DISCONNECT 0x81', () => {
    for (const options of ['41', '80', 'c0']) {
      const h = std();
      const c = raw5(h, 'A');
      // SUBSCRIBE id 1, no properties, filter "iso", options byte with bit 6 or 7 set.
      c.send(hex(`82 09 0001 00 0003 69736f ${options}`));
      expect(got(c, 'suback')).toEqual([]);
      expect(disconnectCode(c)).toBe(0x81);
      expect(h.of('subscription.added')).toEqual([]);
    }
  });

  it('[MQTT-3.8.4-1] [MQTT-3.8.4-2] every SUBSCRIBE gets a SUBACK with its packet id, refused filters included', () => {
    const h = std({ access: { denySubscribe: ['secret/#'] } });
    const c = raw5(h, 'A');
    expect(subscribe(c, 1, [{ topic: 'a', qos: 0 }])?.messageId).toBe(1);
    expect(subscribe(c, 65_535, [{ topic: 'secret/x', qos: 1 }])?.messageId).toBe(65_535);
    expect(subscribe(c, 300, [{ topic: 'bad/#/x', qos: 1 }])?.messageId).toBe(300);
    expect(got(c, 'suback').map((p) => p.messageId)).toEqual([1, 65_535, 300]);
  });

  it('[MQTT-3.8.4-3] a SUBSCRIBE with the same filter replaces the subscription', () => {
    const h = std();
    const c = raw5(h, 'A');
    subscribe(c, 1, [{ topic: 't/+', qos: 0 }]);
    subscribe(c, 2, [{ topic: 't/+', qos: 2, nl: true }]);
    expect(h.of('subscription.added').map((e) => [e.grantedQos, e.replaced])).toEqual([
      [0, false],
      [2, true],
    ]);
    const pub = raw5(h, 'P');
    pub.send(message('t/x', 'm', 2, 1));
    c.send(message('t/x', 'own', 2, 1));
    // One subscription, at the new QoS and with the new No Local.
    expect(got(c, 'publish').map((p) => [p.payload.toString(), p.qos])).toEqual([['m', 2]]);
  });

  it('[MQTT-3.8.4-4] replacing with Retain Handling 0 sends the retained message again and loses no message', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('t', 'kept', 1, { retain: true });
    const c = raw5(h, 'A', { receiveMaximum: 1 });
    subscribe(c, 1, [{ topic: 't', qos: 1 }]);
    pub.publish('t', 'one', 1);
    pub.publish('t', 'two', 1);
    // 'kept' is in flight; 'one' and 'two' wait behind it.
    expect(got(c, 'publish').map((p) => p.payload.toString())).toEqual(['kept']);
    subscribe(c, 2, [{ topic: 't', qos: 1, rh: 0 }]);
    for (let i = 0; i < 4; i++) {
      const last = got(c, 'publish').at(-1)!;
      c.send({ cmd: 'puback', messageId: last.messageId });
    }
    expect(got(c, 'publish').map((p) => p.payload.toString())).toEqual([
      'kept',
      'one',
      'two',
      'kept',
    ]);
  });

  it('[MQTT-3.8.4-5] several filters in one SUBSCRIBE are handled in order as separate SUBSCRIBEs, with one SUBACK', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('a', 'ra', 1, { retain: true });
    pub.publish('b', 'rb', 1, { retain: true });
    const c = raw5(h, 'A');
    const suback = subscribe(c, 1, [
      { topic: 'a', qos: 0 },
      { topic: 'b', qos: 1 },
      { topic: 'a', qos: 2 },
    ]);
    expect(got(c, 'suback')).toHaveLength(1);
    expect(suback?.granted).toEqual([0, 1, 2]);
    expect(h.of('subscription.added').map((e) => [e.filter, e.replaced])).toEqual([
      ['a', false],
      ['b', false],
      ['a', true],
    ]);
    // The last 'a' won: a message on 'a' comes at QoS 2, once.
    pub.publish('a', 'live', 2);
    expect(
      got(c, 'publish')
        .filter((p) => p.payload.toString() === 'live')
        .map((p) => p.qos),
    ).toEqual([2]);
  });

  it('[MQTT-3.8.4-6] [MQTT-3.9.3-1] the SUBACK has one reason code per filter, in the order of the filters', () => {
    const h = std({ access: { denySubscribe: ['secret/#'] } });
    const c = raw5(h, 'A');
    const suback = subscribe(c, 1, [
      { topic: 'x/#', qos: 2 },
      { topic: 'bad/#/x', qos: 0 },
      { topic: 'secret/y', qos: 1 },
      { topic: 'y', qos: 0 },
      { topic: '$share/g/z', qos: 1 },
    ]);
    expect(suback?.granted).toEqual([2, 0x8f, 0x87, 0, 1]);
  });

  it('[MQTT-3.8.4-7] each reason code is the maximum QoS granted, or a failure (0x80 or more)', () => {
    const h = std({ overrides: { maxQos: 1 }, access: { denySubscribe: ['secret/#'] } });
    const c = raw5(h, 'A');
    const suback = subscribe(c, 1, [
      { topic: 'q0', qos: 0 },
      { topic: 'q1', qos: 1 },
      { topic: 'q2', qos: 2 },
      { topic: 'secret/q', qos: 0 },
    ]);
    expect(suback?.granted).toEqual([0, 1, 1, 0x87]);
    expect(h.of('subscription.added').map((e) => [e.requestedQos, e.grantedQos])).toEqual([
      [0, 0],
      [1, 1],
      [2, 1],
    ]);
  });

  it('[MQTT-3.8.4-8] a message goes at the lower of its QoS and the granted QoS', () => {
    const h = std();
    const subs = ([0, 1, 2] as const).map((q) => {
      const c = raw5(h, `S${q}`);
      subscribe(c, 1, [{ topic: 't', qos: q }]);
      return c;
    });
    const pub = raw5(h, 'P');
    pub.send(message('t', 'm0', 0));
    pub.send(message('t', 'm1', 1, 1));
    pub.send(message('t', 'm2', 2, 2));
    expect(subs.map((c) => got(c, 'publish').map((p) => p.qos))).toEqual([
      [0, 0, 0],
      [0, 1, 1],
      [0, 1, 2],
    ]);
  });

  it('[MQTT-3.9.3-2] every SUBACK reason code is one of the Subscribe Reason Codes', () => {
    const h = std({
      overrides: { subscriptionLimit: 2, sharedSubscriptions: false },
      access: { denySubscribe: ['secret/#'] },
    });
    const c = raw5(h, 'A');
    const suback = subscribe(c, 1, [
      { topic: 'a', qos: 0 },
      { topic: 'b', qos: 2 },
      { topic: 'c', qos: 1 },
      { topic: 'bad/#/x', qos: 0 },
      { topic: 'secret/x', qos: 0 },
      { topic: '$share/g/t', qos: 0 },
    ]);
    expect(suback?.granted).toEqual([0, 2, 0x97, 0x8f, 0x87, 0x9e]);
    for (const code of suback!.granted) expect(SUBACK_CODES).toContain(code);
  });
});
