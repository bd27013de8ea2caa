// MQTT 5.0 §3.10 and §3.11: UNSUBSCRIBE and UNSUBACK.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { PacketOf, QoS } from '../../../broker/packets';
import { gen, withFirstByte, type RawClient } from '../../rawClient';
import { disconnectCode, got, raw5, std } from './packets-helpers';

const UNSUBACK_CODES = [0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91];

function subscribe(c: RawClient, messageId: number, topics: string[], qos: QoS = 1): void {
  c.send({
    cmd: 'subscribe',
    messageId,
    subscriptions: topics.map((topic) => ({ topic, qos, nl: false, rap: false, rh: 0 })),
  });
}

/** Sends one UNSUBSCRIBE; returns the UNSUBACK that answered it, if any. */
function unsubscribe(c: RawClient, messageId: number, filters: string[]) {
  const before = c.received.length;
  c.send({ cmd: 'unsubscribe', messageId, unsubscriptions: filters });
  return c.received.slice(before).find((p): p is PacketOf<'unsuback'> => p.cmd === 'unsuback');
}

const publish = (topic: string, qos: QoS, messageId?: number) =>
  ({
    cmd: 'publish',
    topic,
    payload: Buffer.from(topic),
    qos,
    retain: false,
    dup: false,
    ...(qos > 0 ? { messageId } : {}),
  }) as const;

describe('MQTT 5 UNSUBSCRIBE', () => {
  it('[MQTT-3.10.1-1] an UNSUBSCRIBE whose fixed-header flags are not 0010 is malformed: DISCONNECT 0x81', () => {
    const bytes = gen({ cmd: 'unsubscribe', messageId: 1, unsubscriptions: ['a'] }, 5);
    for (const first of [0xa0, 0xa3, 0xab]) {
      const h = std();
      const c = raw5(h, 'A');
      subscribe(c, 1, ['a']);
      c.send(withFirstByte(bytes, first));
      expect(got(c, 'unsuback')).toEqual([]);
      expect(disconnectCode(c)).toBe(0x81);
      expect(h.of('subscription.removed').filter((e) => e.reason === 'unsubscribe')).toEqual([]);
    }
  });

  it('[MQTT-3.10.4-1] filters are compared character by character: only an identical one is removed', () => {
    const h = std();
    const c = raw5(h, 'A');
    subscribe(c, 1, ['a/+', 'a/#', 'A/b']);
    const unsuback = unsubscribe(c, 2, ['a/b', 'a/+/', 'a/#', 'a/B']);
    expect(unsuback?.granted).toEqual([0x11, 0x11, 0x00, 0x11]);
    expect(h.of('subscription.removed').map((e) => e.filter)).toEqual(['a/#']);
    const pub = raw5(h, 'P');
    pub.send(publish('a/b', 0));
    pub.send(publish('a/b/c', 0));
    pub.send(publish('A/b', 0));
    // 'a/+' and 'A/b' are still there; 'a/#' is gone.
    expect(got(c, 'publish').map((p) => p.topic)).toEqual(['a/b', 'A/b']);
  });

  it('[MQTT-3.10.4-2] after UNSUBSCRIBE no new message on that filter is added for the client', () => {
    const h = std();
    const c = raw5(h, 'A');
    subscribe(c, 1, ['t']);
    const pub = raw5(h, 'P');
    pub.send(publish('t', 1, 1));
    unsubscribe(c, 2, ['t']);
    pub.send(publish('t', 1, 2));
    pub.send(publish('t', 0));
    expect(got(c, 'publish')).toHaveLength(1);
    expect(got(pub, 'puback').map((p) => p.reasonCode ?? 0)).toEqual([0x00, 0x10]);
  });

  it('[MQTT-3.10.4-3] deliveries of QoS 1 and 2 already started are completed after UNSUBSCRIBE', () => {
    const h = std();
    const c = raw5(h, 'A');
    subscribe(c, 1, ['t'], 2);
    const pub = raw5(h, 'P');
    pub.send(publish('t', 1, 1));
    pub.send(publish('t', 2, 2));
    const [q1, q2] = got(c, 'publish');
    unsubscribe(c, 2, ['t']);
    c.send({ cmd: 'pubrec', messageId: q2!.messageId });
    expect(got(c, 'pubrel').map((p) => [p.messageId, p.reasonCode ?? 0])).toEqual([
      [q2!.messageId, 0],
    ]);
    c.send({ cmd: 'puback', messageId: q1!.messageId });
    c.send({ cmd: 'pubcomp', messageId: q2!.messageId });
    expect(h.of('message.acknowledged').map((e) => [e.packetId, e.qos])).toEqual([
      [q1!.messageId, 1],
      [q2!.messageId, 2],
    ]);
  });

  it('[MQTT-3.10.4-3] an unacknowledged delivery is sent again after UNSUBSCRIBE and a reconnect', () => {
    const h = std();
    const props = { sessionExpiryInterval: 600 };
    const c = raw5(h, 'A', props);
    subscribe(c, 1, ['t']);
    raw5(h, 'P').send(publish('t', 1, 1));
    const first = got(c, 'publish')[0]!;
    unsubscribe(c, 2, ['t']);
    c.cut();
    const again = h.client(5);
    again.holdAcks = true;
    again.connect({ clientId: 'A', clean: false, properties: props });
    expect(again.publishes().map((p) => [p.topic, p.messageId, p.dup])).toEqual([
      ['t', first.messageId, true],
    ]);
  });

  it('[MQTT-3.10.4-4] [MQTT-3.10.4-5] UNSUBSCRIBE gets an UNSUBACK with its packet id, even when nothing was removed', () => {
    const h = std();
    const c = raw5(h, 'A');
    subscribe(c, 1, ['t']);
    expect(unsubscribe(c, 42, ['t'])?.messageId).toBe(42);
    expect(unsubscribe(c, 65_535, ['t'])?.messageId).toBe(65_535);
    expect(unsubscribe(c, 7, ['never/there'])?.messageId).toBe(7);
    expect(got(c, 'unsuback').map((p) => p.messageId)).toEqual([42, 65_535, 7]);
  });

  it('[MQTT-3.10.4-6] several filters in one UNSUBSCRIBE are handled as a sequence, with one UNSUBACK', () => {
    const h = std();
    const c = raw5(h, 'A');
    subscribe(c, 1, ['a', 'b', 'c']);
    const unsuback = unsubscribe(c, 2, ['a', 'a', 'c', 'z']);
    expect(got(c, 'unsuback')).toHaveLength(1);
    // The second 'a' finds the subscription already gone, as a second UNSUBSCRIBE would.
    expect(unsuback?.granted).toEqual([0x00, 0x11, 0x00, 0x11]);
    const pub = raw5(h, 'P');
    for (const t of ['a', 'b', 'c']) pub.send(publish(t, 0));
    expect(got(c, 'publish').map((p) => p.topic)).toEqual(['b']);
  });
});

describe('MQTT 5 UNSUBACK', () => {
  it('[MQTT-3.11.3-1] the UNSUBACK reason codes are in the order of the filters', () => {
    const h = std();
    const c = raw5(h, 'A');
    subscribe(c, 1, ['x', 'z']);
    const unsuback = unsubscribe(c, 2, ['y', 'x', 'w', 'z']);
    expect(unsuback?.granted).toEqual([0x11, 0x00, 0x11, 0x00]);
  });

  it('[MQTT-3.11.3-2] every UNSUBACK reason code is one of the Unsubscribe Reason Codes', () => {
    const h = std();
    const c = raw5(h, 'A');
    subscribe(c, 1, ['a/#', '$share/g/b']);
    const unsuback = unsubscribe(c, 2, ['a/#', '$share/g/b', 'none', 'bad/#/x', '$share/g/b']);
    expect(unsuback?.granted).toHaveLength(5);
    for (const code of unsuback!.granted) expect(UNSUBACK_CODES).toContain(code);
    expect(unsuback?.granted.slice(0, 3)).toEqual([0x00, 0x00, 0x11]);
  });
});
