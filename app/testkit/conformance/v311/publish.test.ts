/** MQTT 3.1.1 conformance: PUBLISH flags, topic names, responses and overlapping subscriptions. */
import { describe, expect, it } from 'vitest';
import { hex } from '../../rawClient';
import { bytesOut, client, got, protocolError, raw, standard } from './v311Kit';

describe('MQTT 3.1.1 PUBLISH', () => {
  it('[MQTT-3.3.1-2] a QoS 0 PUBLISH from the broker has DUP 0', () => {
    const h = standard();
    const sub = raw(h, 'sub');
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 0 }] });
    const pub = client(h, 'pub');
    pub.publish('t', 'a', 0);
    pub.publish('t', 'b', 1, { dup: true, messageId: 3 });
    const firsts = bytesOut(h, sub.connId)
      .slice(2)
      .map((b) => b[0]);
    expect(firsts).toEqual([0x30, 0x30]); // PUBLISH, DUP 0, QoS 0, RETAIN 0
  });

  it('[MQTT-3.3.1-2] a QoS 0 PUBLISH with DUP 1 is a protocol violation: closed, not routed', () => {
    const h = standard();
    const sub = client(h, 'sub');
    sub.subscribe('t', 0);
    const c = raw(h, 'c');
    c.send(hex('38 04 00 01 74 78')); // PUBLISH, DUP 1, QoS 0, to 't'
    expect(c.closed).toBe(true);
    expect(protocolError(h, c.connId)).toBe(true);
    expect(sub.publishes()).toEqual([]);
    const ok = raw(h, 'ok');
    ok.send(hex('30 04 00 01 74 78'));
    expect(ok.closed).toBe(false);
    expect(sub.payloads()).toEqual(['x']);
  });

  it('[MQTT-3.3.1-3] an incoming DUP flag is not passed on: DUP on the way out says only whether it is a resend', () => {
    const h = standard();
    const sub = raw(h, 'sub', { clean: false });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 2 }] });
    const pub = raw(h, 'pub');
    pub.send({
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('1'),
      qos: 1,
      messageId: 7,
      dup: true,
      retain: false,
    });
    pub.send({
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('2'),
      qos: 2,
      messageId: 8,
      dup: true,
      retain: false,
    });
    expect(got(sub, 'publish').map((p) => p.dup)).toEqual([false, false]);
    sub.cut();
    const back = raw(h, 'sub', { clean: false });
    expect(got(back, 'publish').map((p) => p.dup)).toEqual([true, true]);
  });

  it('[MQTT-3.3.2-1] a PUBLISH without a Topic Name, or one that is not UTF-8, closes the connection', () => {
    for (const bytes of ['30 03 00 00 78', '30 04 00 01 ff 78', '32 05 00 00 00 01 78']) {
      const h = standard();
      const c = raw(h, 'c');
      c.send(hex(bytes));
      expect([bytes, c.closed, protocolError(h, c.connId)]).toEqual([bytes, true, true]);
      expect(h.of('message.published')).toEqual([]);
    }
  });

  it('[MQTT-3.3.2-2] a PUBLISH whose Topic Name holds + or # closes the connection', () => {
    for (const topic of ['a/+', '#', 'a/#', 'a+b', 'x#']) {
      const h = standard();
      const sub = client(h, 'sub');
      sub.subscribe('#', 0);
      const c = raw(h, 'c');
      c.send({
        cmd: 'publish',
        topic,
        payload: Buffer.from('x'),
        qos: 0,
        dup: false,
        retain: false,
      });
      expect([topic, c.closed]).toEqual([topic, true]);
      expect(sub.publishes()).toEqual([]);
    }
  });

  it('[MQTT-3.3.2-3] the Topic Name the broker sends matches the subscription filter', () => {
    const h = standard();
    const sub = client(h, 'sub');
    sub.subscribe('a/+/c', 1);
    const pub = client(h, 'pub');
    for (const topic of ['a/b/c', 'a/b/d', 'a/b/c/d', 'a/x/c', 'A/b/c'])
      pub.publish(topic, topic, 1);
    expect(sub.publishes().map((p) => p.topic)).toEqual(['a/b/c', 'a/x/c']);
  });

  it('[MQTT-3.3.4-1] the broker answers a PUBLISH by its QoS: nothing, PUBACK or PUBREC', () => {
    const h = standard();
    const c = raw(h, 'c');
    const publish = (qos: 0 | 1 | 2, messageId?: number) =>
      c.send({
        cmd: 'publish',
        topic: 't',
        payload: Buffer.from('x'),
        qos,
        dup: false,
        retain: false,
        ...(messageId ? { messageId } : {}),
      });
    publish(0);
    expect(c.received.map((p) => p.cmd)).toEqual(['connack']);
    publish(1, 11);
    publish(2, 12);
    expect(c.received.slice(1).map((p) => [p.cmd, p.messageId])).toEqual([
      ['puback', 11],
      ['pubrec', 12],
    ]);
  });

  it('[MQTT-3.3.5-1] with overlapping subscriptions the message goes once, at the highest QoS granted', () => {
    const h = standard();
    const sub = client(h, 'sub');
    sub.subscribe('a/#', 0);
    sub.subscribe('a/+', 2);
    sub.subscribe('a/b', 1);
    client(h, 'pub').publish('a/b', 'x', 2);
    expect(sub.publishes().map((p) => [p.payload.toString(), p.qos])).toEqual([['x', 2]]);
  });

  it('[MQTT-3.3.5-2] a PUBLISH the broker does not authorize is acknowledged as usual (3.1.1 cannot say no), and not delivered', () => {
    const h = standard({ access: { denyPublish: ['secret/#'] } });
    const sub = client(h, 'sub');
    sub.subscribe('#', 2);
    const c = raw(h, 'c');
    c.send({
      cmd: 'publish',
      topic: 'secret/a',
      payload: Buffer.from('x'),
      qos: 1,
      messageId: 5,
      dup: false,
      retain: false,
    });
    c.send({
      cmd: 'publish',
      topic: 'secret/b',
      payload: Buffer.from('y'),
      qos: 2,
      messageId: 6,
      dup: false,
      retain: false,
    });
    expect(c.received.slice(1).map((p) => [p.cmd, p.messageId])).toEqual([
      ['puback', 5],
      ['pubrec', 6],
    ]);
    // The 3.1.1 acknowledgements carry no reason code: the bytes are the plain ones.
    expect(
      bytesOut(h, c.connId)
        .slice(1)
        .map((b) => Buffer.from(b).toString('hex')),
    ).toEqual(['40020005', '50020006']);
    expect(c.closed).toBe(false);
    expect(sub.publishes()).toEqual([]);
  });
});
