/** MQTT 3.1.1 conformance: Packet Identifiers, on what the broker receives and what it sends. */
import { describe, expect, it } from 'vitest';
import { hex } from '../../rawClient';
import { bytesOut, got, protocolError, raw, standard } from './v311Kit';

describe('MQTT 3.1.1 packet identifiers', () => {
  it('[MQTT-2.3.1-1] a SUBSCRIBE, UNSUBSCRIBE or QoS 1/2 PUBLISH with packet id 0 closes the connection', () => {
    const cases = {
      subscribe: '82 06 00 00 00 01 61 00',
      unsubscribe: 'a2 05 00 00 00 01 61',
      publishQos1: '32 06 00 01 61 00 00 78',
      publishQos2: '34 06 00 01 61 00 00 78',
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const h = standard();
      const c = raw(h, 'c');
      c.send(hex(bytes));
      expect([name, c.closed, protocolError(h, c.connId)]).toEqual([name, true, true]);
      expect(c.received.map((p) => p.cmd)).toEqual(['connack']);
    }
  });

  it('[MQTT-2.3.1-4] the broker sends each QoS 1/2 PUBLISH with a non-zero packet id not in use', () => {
    const h = standard();
    const sub = raw(h, 'sub');
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 2 }] });
    const pub = raw(h, 'pub');
    for (let i = 0; i < 6; i++) {
      pub.send({
        cmd: 'publish',
        topic: 't',
        payload: Buffer.from(`${i}`),
        qos: (1 + (i % 2)) as 1 | 2,
        messageId: 10 + i,
        retain: false,
        dup: false,
      });
    }
    const ids = got(sub, 'publish').map((p) => p.messageId);
    expect(ids).toHaveLength(6);
    // None acknowledged yet: all six in use at once, so all distinct and non-zero.
    expect(new Set(ids).size).toBe(6);
    expect(ids.every((id) => id !== undefined && id > 0 && id <= 65_535)).toBe(true);
    // Once one is acknowledged its id may come again, but never one still unacknowledged.
    sub.send({ cmd: 'puback', messageId: ids[0] });
    pub.send({
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('7'),
      qos: 1,
      messageId: 20,
      retain: false,
      dup: false,
    });
    const next = got(sub, 'publish')[6]!.messageId;
    expect(ids.slice(1)).not.toContain(next);
  });

  it('[MQTT-2.3.1-5] a QoS 0 PUBLISH from the broker holds no packet id', () => {
    const h = standard();
    const sub = raw(h, 'sub');
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'ab', qos: 0 }] });
    const pub = raw(h, 'pub');
    pub.send({
      cmd: 'publish',
      topic: 'ab',
      payload: Buffer.from('xy'),
      qos: 1,
      messageId: 5,
      retain: false,
      dup: false,
    });
    const bytes = bytesOut(h, sub.connId).find((b) => b[0]! >> 4 === 3)!;
    // 30, length 6: topic length (2) + 'ab' (2) + payload (2); no two bytes of packet id.
    expect(Buffer.from(bytes).toString('hex')).toBe('300600026162' + '7879');
  });

  it('[MQTT-2.3.1-6] PUBACK, PUBREC and PUBREL carry the packet id of the PUBLISH they answer', () => {
    const h = standard();
    const sub = raw(h, 'sub');
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 2 }] });
    const pub = raw(h, 'pub');
    pub.send({
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('1'),
      qos: 1,
      messageId: 4242,
      retain: false,
      dup: false,
    });
    pub.send({
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('2'),
      qos: 2,
      messageId: 777,
      retain: false,
      dup: false,
    });
    expect(got(pub, 'puback').map((p) => p.messageId)).toEqual([4242]);
    expect(got(pub, 'pubrec').map((p) => p.messageId)).toEqual([777]);
    // The broker as sender: its PUBREL has the id of the QoS 2 PUBLISH it sent.
    const sent = got(sub, 'publish').find((p) => p.qos === 2)!;
    sub.send({ cmd: 'pubrec', messageId: sent.messageId });
    expect(got(sub, 'pubrel').map((p) => p.messageId)).toEqual([sent.messageId]);
  });

  it('[MQTT-2.3.1-7] SUBACK and UNSUBACK carry the packet id of their SUBSCRIBE and UNSUBSCRIBE', () => {
    const h = standard();
    const c = raw(h, 'c');
    c.send({ cmd: 'subscribe', messageId: 513, subscriptions: [{ topic: 'a', qos: 1 }] });
    c.send({ cmd: 'subscribe', messageId: 65_535, subscriptions: [{ topic: 'b', qos: 0 }] });
    c.send({ cmd: 'unsubscribe', messageId: 9, unsubscriptions: ['a'] });
    c.send({ cmd: 'unsubscribe', messageId: 300, unsubscriptions: ['nothing'] });
    expect(got(c, 'suback').map((p) => p.messageId)).toEqual([513, 65_535]);
    expect(got(c, 'unsuback').map((p) => p.messageId)).toEqual([9, 300]);
  });
});
