/** MQTT 3.1.1 conformance: SUBSCRIBE / SUBACK and UNSUBSCRIBE / UNSUBACK (3.8 to 3.11). */
import { describe, expect, it } from 'vitest';
import type { QoS } from '../../../broker/packets';
import { client, got, raw, standard } from './v311Kit';

const subscribe = (c: ReturnType<typeof raw>, messageId: number, subs: [string, QoS][]) =>
  c.send({
    cmd: 'subscribe',
    messageId,
    subscriptions: subs.map(([topic, qos]) => ({ topic, qos })),
  });

describe('MQTT 3.1.1 SUBSCRIBE', () => {
  it('[MQTT-3.8.3-2] topic filters with wildcards are supported', () => {
    const h = standard();
    const c = raw(h, 'c');
    subscribe(c, 1, [
      ['a/+/c', 1],
      ['b/#', 1],
      ['#', 0],
      ['+', 0],
    ]);
    expect(got(c, 'suback')[0]?.granted).toEqual([1, 1, 0, 0]);
    client(h, 'pub').publish('a/x/c', 'm', 1);
    expect(got(c, 'publish').map((p) => [p.topic, p.qos])).toEqual([['a/x/c', 1]]);
  });

  it('[MQTT-3.8.4-1] [MQTT-3.8.4-2] a SUBSCRIBE is answered by a SUBACK with its packet id', () => {
    const h = standard();
    const c = raw(h, 'c');
    subscribe(c, 4321, [['a', 0]]);
    subscribe(c, 1, [['a/b/c', 2]]);
    expect(c.received.map((p) => [p.cmd, p.messageId ?? null])).toEqual([
      ['connack', null],
      ['suback', 4321],
      ['suback', 1],
    ]);
  });

  it('[MQTT-3.8.4-3] a filter identical to an existing one replaces it: one subscription, new QoS, retained re-sent, flow kept', () => {
    const h = standard();
    const pub = client(h, 'pub');
    pub.publish('r', 'retained', 2, { retain: true });
    const c = client(h, 'c');
    c.subscribe('r', 0);
    c.holdAcks = true;
    c.subscribe('r', 1);
    pub.publish('r', 'in-flight', 1);
    c.subscribe('r', 2);
    pub.publish('r', 'after', 2);
    expect(c.publishes().map((p) => [p.payload.toString(), p.qos, p.retain])).toEqual([
      ['retained', 0, true],
      ['retained', 1, true],
      ['in-flight', 1, false],
      ['retained', 2, true],
      ['after', 2, false],
    ]);
    expect(h.broker.sessions().find((s) => s.clientId === 'c')?.subscriptions).toHaveLength(1);
    // The message in flight before the replacement is still acknowledged normally.
    c.holdAcks = false;
    c.release();
    expect(h.of('message.acknowledged').map((e) => e.clientId === 'c')).toContain(true);
    expect(h.of('message.acknowledged').filter((e) => e.clientId === 'c')).toHaveLength(4);
  });

  it('[MQTT-3.8.4-4] a SUBSCRIBE of several filters is handled as several SUBSCRIBEs, with one SUBACK', () => {
    const h = standard();
    const pub = client(h, 'pub');
    pub.publish('a', 'ra', 2, { retain: true });
    pub.publish('b', 'rb', 1, { retain: true });
    const c = raw(h, 'c');
    subscribe(c, 9, [
      ['a', 1],
      ['b', 0],
      ['a', 2],
    ]);
    expect(got(c, 'suback').map((p) => p.granted)).toEqual([[1, 0, 2]]);
    // Each filter sent its retained message, the repeated 'a' a second time, at its QoS.
    expect(got(c, 'publish').map((p) => [p.topic, p.qos])).toEqual([
      ['a', 1],
      ['b', 0],
      ['a', 2],
    ]);
    expect(h.broker.sessions().find((s) => s.clientId === 'c')?.subscriptions).toHaveLength(2);
  });

  it('[MQTT-3.8.4-5] [MQTT-3.9.3-2] the SUBACK has a return code per filter: the QoS granted or 0x80, no other value', () => {
    const h = standard({ access: { denySubscribe: ['private/#'] } });
    const c = raw(h, 'c');
    subscribe(c, 1, [
      ['q0', 0],
      ['q1', 1],
      ['q2', 2],
      ['bad/#/x', 1],
      ['private/x', 1],
      ['a+', 0],
    ]);
    const granted = got(c, 'suback')[0]!.granted;
    expect(granted).toEqual([0, 1, 2, 0x80, 0x80, 0x80]);
    expect(granted.every((code) => [0, 1, 2, 0x80].includes(code as number))).toBe(true);
    // A broker whose maximum QoS is 1 grants 1 for 2: still one of the allowed codes.
    const capped = standard({ overrides: { maxQos: 1 } });
    const d = raw(capped, 'd');
    subscribe(d, 1, [['t', 2]]);
    expect(got(d, 'suback')[0]!.granted).toEqual([1]);
  });

  it('[MQTT-3.8.4-6] messages go at the lower of their QoS and the QoS granted', () => {
    const h = standard();
    const pub = client(h, 'pub');
    const subs = ([0, 1, 2] as const).map((qos) => {
      const c = client(h, `sub${qos}`);
      c.subscribe('t', qos);
      return c;
    });
    for (const qos of [0, 1, 2] as const) pub.publish('t', `${qos}`, qos);
    expect(subs.map((c) => c.publishes().map((p) => p.qos))).toEqual([
      [0, 0, 0],
      [0, 1, 1],
      [0, 1, 2],
    ]);
  });

  it('[MQTT-3.9.3-1] SUBACK return codes are in the order of the filters', () => {
    const h = standard();
    const c = raw(h, 'c');
    subscribe(c, 1, [
      ['z', 2],
      ['y/#/bad', 0],
      ['x', 0],
      ['w', 1],
    ]);
    expect(got(c, 'suback')[0]?.granted).toEqual([2, 0x80, 0, 1]);
  });
});

describe('MQTT 3.1.1 UNSUBSCRIBE', () => {
  it('[MQTT-3.10.4-1] UNSUBSCRIBE filters are compared character by character with the subscriptions', () => {
    const h = standard();
    const c = client(h, 'c');
    c.subscribe('a/+', 1);
    c.subscribe('b/#', 1);
    for (const f of ['a/b', 'a/#', 'A/+', 'a/+/', 'b/+']) c.unsubscribe(f);
    const pub = client(h, 'pub');
    pub.publish('a/b', '1', 1);
    pub.publish('b/c', '2', 1);
    expect(c.payloads()).toEqual(['1', '2']);
    c.unsubscribe('a/+');
    pub.publish('a/b', '3', 1);
    pub.publish('b/c', '4', 1);
    expect(c.payloads()).toEqual(['1', '2', '4']);
  });

  it('[MQTT-3.10.4-2] once a subscription is deleted no new message is added for it', () => {
    const h = standard();
    const c = client(h, 'c', false);
    c.subscribe('t', 1);
    c.unsubscribe('t');
    const pub = client(h, 'pub');
    pub.publish('t', 'live', 1);
    c.drop();
    pub.publish('t', 'away', 1);
    expect(c.payloads()).toEqual([]);
    expect(h.of('message.stored').filter((e) => e.clientId === 'c')).toEqual([]);
    expect(client(h, 'c', false).payloads()).toEqual([]);
  });

  it('[MQTT-3.10.4-3] QoS 1 and 2 deliveries started before the UNSUBSCRIBE are completed', () => {
    const h = standard();
    const c = raw(h, 'c');
    subscribe(c, 1, [['t', 2]]);
    const pub = client(h, 'pub');
    pub.publish('t', 'one', 1);
    pub.publish('t', 'two', 2);
    const [one, two] = got(c, 'publish');
    c.send({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['t'] });
    c.send({ cmd: 'puback', messageId: one!.messageId });
    c.send({ cmd: 'pubrec', messageId: two!.messageId });
    expect(got(c, 'pubrel').map((p) => p.messageId)).toEqual([two!.messageId]);
    c.send({ cmd: 'pubcomp', messageId: two!.messageId });
    expect(h.of('message.acknowledged').map((e) => [e.clientId, e.qos])).toEqual([
      ['c', 1],
      ['c', 2],
    ]);
  });

  it('[MQTT-3.10.4-4] [MQTT-3.10.4-5] an UNSUBSCRIBE is answered by an UNSUBACK with its packet id, even when nothing was deleted', () => {
    const h = standard();
    const c = raw(h, 'c');
    subscribe(c, 1, [['t', 1]]);
    c.send({ cmd: 'unsubscribe', messageId: 77, unsubscriptions: ['t'] });
    c.send({ cmd: 'unsubscribe', messageId: 78, unsubscriptions: ['never-subscribed'] });
    expect(got(c, 'unsuback').map((p) => p.messageId)).toEqual([77, 78]);
    expect(c.closed).toBe(false);
  });

  it('[MQTT-3.10.4-6] an UNSUBSCRIBE of several filters is handled as several, with one UNSUBACK', () => {
    const h = standard();
    const c = raw(h, 'c');
    subscribe(c, 1, [
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    c.send({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['a', 'nothing', 'c'] });
    expect(got(c, 'unsuback')).toHaveLength(1);
    const pub = client(h, 'pub');
    for (const t of ['a', 'b', 'c']) pub.publish(t, t, 1);
    expect(got(c, 'publish').map((p) => p.topic)).toEqual(['b']);
  });
});
