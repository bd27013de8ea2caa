/** MQTT 3.1.1 conformance: topic names and filters (4.7) and errors (4.8). */
import { describe, expect, it } from 'vitest';
import { connectPacket, gen, hex } from '../../rawClient';
import { client, got, packetsOut, protocolError, raw, standard } from './v311Kit';

describe('MQTT 3.1.1 topics', () => {
  it('[MQTT-4.7.1-1] wildcards are taken in topic filters and refused in topic names', () => {
    const h = standard();
    const c = raw(h, 'c');
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/+/#', qos: 0 }] });
    expect(got(c, 'suback')[0]?.granted).toEqual([0]);
    c.send({
      cmd: 'publish',
      topic: 'a/+/b',
      payload: Buffer.from('x'),
      qos: 0,
      dup: false,
      retain: false,
    });
    expect(c.closed).toBe(true);
    expect(protocolError(h, c.connId)).toBe(true);
  });

  it('[MQTT-4.7.2-1] filters starting with # or + do not match topic names starting with $', () => {
    const h = standard();
    const hash = client(h, 'hash');
    hash.subscribe('#', 0);
    const plus = client(h, 'plus');
    plus.subscribe('+/x', 0);
    const dollar = client(h, 'dollar');
    dollar.subscribe('$SYS/#', 0);
    const pub = client(h, 'pub');
    pub.publish('$SYS/x', 'sys', 0);
    pub.publish('$x', 'bare', 0);
    pub.publish('n/x', 'normal', 0);
    expect(hash.payloads()).toEqual(['normal']);
    expect(plus.payloads()).toEqual(['normal']);
    expect(dollar.payloads()).toEqual(['sys']);
  });

  it('[MQTT-4.7.3-1] an empty topic name closes the connection; an empty topic filter is refused (0x80)', () => {
    const h = standard();
    const c = raw(h, 'c');
    c.send(hex('82 05 00 01 00 00 01')); // SUBSCRIBE '' QoS 1
    expect(got(c, 'suback')[0]?.granted).toEqual([0x80]);
    c.send(hex('30 03 00 00 78')); // PUBLISH to ''
    expect(c.closed).toBe(true);
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-4.7.3-2] a topic name or filter holding U+0000 closes the connection', () => {
    for (const bytes of ['30 05 00 03 61 00 62', '82 08 00 01 00 03 61 00 62 00']) {
      const h = standard();
      const c = raw(h, 'c');
      c.send(hex(bytes));
      expect([bytes, c.closed]).toEqual([bytes, true]);
      expect(got(c, 'suback')).toEqual([]);
    }
  });

  it('[MQTT-4.7.3-3] topics of up to 65535 bytes are taken and sent on whole, with a 2-byte length', () => {
    const h = standard();
    const topic = `${'é'.repeat(32_000)}${'x'.repeat(1535)}`; // 65535 bytes in UTF-8
    expect(Buffer.byteLength(topic)).toBe(65_535);
    const sub = raw(h, 'sub');
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] });
    expect(got(sub, 'suback')[0]?.granted).toEqual([0]);
    client(h, 'pub').publish(topic, 'long', 0);
    expect(got(sub, 'publish').map((p) => p.topic === topic)).toEqual([true]);
    const out = packetsOut(h, sub.connId).find((e) => e.cmd === 'publish');
    const lengthAt = 1 + 3; // fixed header: type byte, then 3 bytes of Remaining Length
    expect(Buffer.from(out!.bytes).readUInt16BE(lengthAt)).toBe(65_535);
  });

  it('[MQTT-4.7.3-4] matching neither normalizes topics nor substitutes characters', () => {
    const h = standard();
    const filters = ['a/b', 'café', 'A/b', 'a//b', 'a/b/'];
    const subs = filters.map((f, i) => {
      const c = client(h, `s${i}`);
      c.subscribe(f, 0);
      return c;
    });
    const pub = client(h, 'pub');
    // 'cafe' + U+0301 (combining acute) is not 'café' (U+00E9).
    for (const t of ['a/b', 'cafe\u0301', 'a//b', 'a/b/']) pub.publish(t, t, 0);
    expect(subs.map((c) => c.publishes().map((p) => p.topic))).toEqual([
      ['a/b'],
      [],
      [],
      ['a//b'],
      ['a/b/'],
    ]);
  });
});

describe('MQTT 3.1.1 errors', () => {
  it('[MQTT-4.8.0-1] a protocol violation closes the connection it came on', () => {
    const violations = [
      [gen({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 0 }] })], // before CONNECT
      [gen(connectPacket('c', 4)), gen({ cmd: 'connack', returnCode: 0, sessionPresent: false })],
      [gen(connectPacket('c', 4)), gen({ cmd: 'pingresp' })],
    ];
    for (const packets of violations) {
      const h = standard();
      const other = client(h, 'other');
      const c = raw(h);
      for (const p of packets) c.send(p);
      expect(c.closed).toBe(true);
      expect(protocolError(h, c.connId)).toBe(true);
      expect(other.connected).toBe(true);
    }
  });

  it('[MQTT-4.8.0-2] a transient error while handling a packet (the transport failing to take the answer) closes the connection', () => {
    const h = standard();
    let ended = 0;
    const link = h.broker.accept({
      write() {
        throw new Error('no buffer space');
      },
      end() {
        ended++;
      },
    });
    link.receive(gen(connectPacket('fragile', 4)));
    expect(ended).toBe(1);
    expect(h.of('connection.closed').map((e) => e.connId)).toEqual([link.connId]);
    expect(h.broker.sessions()).toEqual([]);
  });
});
