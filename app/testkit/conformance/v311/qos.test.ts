/** MQTT 3.1.1 conformance: the QoS 0/1/2 flows, both ways, and message ordering (4.3 to 4.6). */
import { describe, expect, it } from 'vitest';
import type { QoS } from '../../../broker/packets';
import { bytesOut, client, got, raw, standard } from './v311Kit';

const publish = (
  c: ReturnType<typeof raw>,
  payload: string,
  qos: QoS,
  messageId?: number,
  dup = false,
) =>
  c.send({
    cmd: 'publish',
    topic: 't',
    payload: Buffer.from(payload),
    qos,
    dup,
    retain: false,
    ...(messageId ? { messageId } : {}),
  });

describe('MQTT 3.1.1 QoS flows', () => {
  it('[MQTT-4.3.1-1] the broker sends a QoS 0 message as a PUBLISH with QoS 0 and DUP 0', () => {
    const h = standard();
    const sub = raw(h, 'sub');
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 2 }] });
    client(h, 'pub').publish('t', 'x', 0);
    const sent = bytesOut(h, sub.connId).filter((b) => b[0]! >> 4 === 3);
    expect(sent.map((b) => b[0])).toEqual([0x30]);
  });

  it('[MQTT-4.3.2-1] as QoS 1 sender the broker uses an unused id, QoS 1, DUP 0, and keeps the message until PUBACK', () => {
    const h = standard();
    const sub = raw(h, 'sub', { clean: false });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 1 }] });
    const pub = client(h, 'pub');
    pub.publish('t', 'acked', 1);
    pub.publish('t', 'unacked', 1);
    const sent = got(sub, 'publish');
    expect(sent.map((p) => [p.qos, p.dup])).toEqual([
      [1, false],
      [1, false],
    ]);
    expect(sent[0]!.messageId).not.toBe(sent[1]!.messageId);
    sub.send({ cmd: 'puback', messageId: sent[0]!.messageId });
    sub.cut();
    // Only the unacknowledged one is still held, and goes again.
    const back = raw(h, 'sub', { clean: false });
    expect(got(back, 'publish').map((p) => [p.payload.toString(), p.messageId])).toEqual([
      ['unacked', sent[1]!.messageId],
    ]);
  });

  it('[MQTT-4.3.2-2] as QoS 1 receiver the broker PUBACKs with the id, and after that the same id is a new publication', () => {
    const h = standard();
    const sub = client(h, 'sub');
    sub.subscribe('t', 1);
    const c = raw(h, 'c');
    publish(c, 'first', 1, 42);
    publish(c, 'second', 1, 42, true);
    expect(got(c, 'puback').map((p) => p.messageId)).toEqual([42, 42]);
    expect(sub.payloads()).toEqual(['first', 'second']);
  });

  it('[MQTT-4.3.3-1] as QoS 2 sender the broker sends QoS 2 DUP 0, PUBREL on PUBREC, and never the PUBLISH again after PUBREL', () => {
    const h = standard();
    const sub = raw(h, 'sub', { clean: false });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 2 }] });
    client(h, 'pub').publish('t', 'x', 2);
    const [sent] = got(sub, 'publish');
    expect([sent!.qos, sent!.dup]).toEqual([2, false]);
    sub.send({ cmd: 'pubrec', messageId: sent!.messageId });
    expect(got(sub, 'pubrel').map((p) => p.messageId)).toEqual([sent!.messageId]);
    // The PUBREL is unacknowledged until PUBCOMP: it goes again on resume, the PUBLISH does not.
    sub.cut();
    const back = raw(h, 'sub', { clean: false });
    expect(back.received.slice(1).map((p) => [p.cmd, p.messageId])).toEqual([
      ['pubrel', sent!.messageId],
    ]);
    back.send({ cmd: 'pubcomp', messageId: sent!.messageId });
    expect(h.of('message.acknowledged').map((e) => e.qos)).toEqual([2]);
    back.cut();
    const third = raw(h, 'sub', { clean: false });
    expect(third.received.map((p) => p.cmd)).toEqual(['connack']);
  });

  it('[MQTT-4.3.3-2] as QoS 2 receiver the broker PUBRECs, delivers once until PUBREL, PUBCOMPs, then takes the id as new', () => {
    const h = standard();
    const sub = client(h, 'sub');
    sub.subscribe('t', 2);
    const c = raw(h, 'c');
    publish(c, 'once', 2, 9);
    publish(c, 'once', 2, 9, true);
    expect(got(c, 'pubrec').map((p) => p.messageId)).toEqual([9, 9]);
    expect(sub.payloads()).toEqual(['once']);
    c.send({ cmd: 'pubrel', messageId: 9 });
    expect(got(c, 'pubcomp').map((p) => p.messageId)).toEqual([9]);
    publish(c, 'new', 2, 9);
    expect(sub.payloads()).toEqual(['once', 'new']);
  });

  it('[MQTT-4.3.3-2] [MQTT-4.1.0-1] a QoS 2 PUBLISH sent again after a reconnect, before PUBREL, is not delivered twice', () => {
    const h = standard();
    const sub = client(h, 'sub');
    sub.subscribe('t', 2);
    const c = raw(h, 'p', { clean: false });
    publish(c, 'once', 2, 5);
    expect(got(c, 'pubrec').map((p) => p.messageId)).toEqual([5]);
    c.cut();
    const back = raw(h, 'p', { clean: false });
    publish(back, 'once', 2, 5, true);
    expect(got(back, 'pubrec').map((p) => p.messageId)).toEqual([5]);
    back.send({ cmd: 'pubrel', messageId: 5 });
    expect(got(back, 'pubcomp').map((p) => p.messageId)).toEqual([5]);
    expect(sub.payloads()).toEqual(['once']);
  });
});

describe('MQTT 3.1.1 message delivery and ordering', () => {
  it('[MQTT-4.5.0-1] a message the broker takes is added to the session of every matching subscriber, connected or not', () => {
    const h = standard();
    const on = client(h, 'on');
    on.subscribe('a/+', 1);
    const away = client(h, 'away', false);
    away.subscribe('a/#', 1);
    away.drop();
    const other = client(h, 'other');
    other.subscribe('b', 1);
    client(h, 'pub').publish('a/x', 'm', 1);
    expect(on.payloads()).toEqual(['m']);
    expect(other.payloads()).toEqual([]);
    expect(client(h, 'away', false).payloads()).toEqual(['m']);
  });

  it("[MQTT-4.6.0-5] [MQTT-4.6.0-6] topics are ordered: a subscriber gets one publisher's messages in the order sent, also after a resume", () => {
    const h = standard();
    const sub = client(h, 'sub', false);
    sub.subscribe('t', 2);
    const pub = raw(h, 'pub');
    const qos: QoS[] = [1, 2, 1, 2, 2, 1];
    qos.forEach((q, i) => publish(pub, `live${i}`, q, i + 1));
    pub.send({ cmd: 'pubrel', messageId: 2 });
    expect(sub.payloads()).toEqual(qos.map((_, i) => `live${i}`));
    sub.drop();
    for (let i = 0; i < 20; i++) publish(pub, `stored${i}`, 1, 100 + i);
    const back = client(h, 'sub', false);
    expect(back.payloads()).toEqual(Array.from({ length: 20 }, (_, i) => `stored${i}`));
  });
});
