/**
 * MQTT 3.1.1 conformance: packets that break the encoding rules (UTF-8 strings, reserved flag
 * bits, QoS bits) close the connection; well-formed ones next to them do not.
 */
import { describe, expect, it } from 'vitest';
import { hex } from '../../rawClient';
import { bytesOut, got, packetsOut, protocolError, raw, standard } from './v311Kit';

/** A connected raw client sends `bytes`; what happened to the connection. */
function afterSending(bytes: string) {
  const h = standard();
  const c = raw(h, 'sender');
  expect(got(c, 'connack')).toHaveLength(1);
  c.send(hex(bytes));
  return { closed: c.closed, error: protocolError(h, c.connId), received: c.received, h };
}

describe('MQTT 3.1.1 malformed packets', () => {
  it('[MQTT-1.5.3-1] a string that is not well-formed UTF-8 (or encodes a surrogate) closes the connection', () => {
    // SUBSCRIBE, filter 0xFF: not UTF-8 at all.
    expect(afterSending('82 06 00 01 00 01 ff 00').closed).toBe(true);
    // SUBSCRIBE, filter ED A0 80: the UTF-8 form of U+D800, a surrogate.
    expect(afterSending('82 08 00 01 00 03 ed a0 80 00').closed).toBe(true);
    // PUBLISH to C0 AF (an overlong '/').
    expect(afterSending('30 06 00 02 c0 af 68 69').closed).toBe(true);
    // The same packets with well-formed strings are fine.
    const ok = afterSending('82 06 00 01 00 01 61 00');
    expect(ok.closed).toBe(false);
    expect(got({ received: ok.received }, 'suback')[0]?.granted).toEqual([0]);
  });

  it('[MQTT-1.5.3-2] a string holding U+0000 closes the connection', () => {
    expect(afterSending('30 05 00 03 61 00 62').closed).toBe(true); // PUBLISH "a\0b"
    expect(afterSending('82 08 00 01 00 03 61 00 62 00').closed).toBe(true); // SUBSCRIBE "a\0b"
    expect(afterSending('a2 07 00 01 00 03 61 00 62').closed).toBe(true); // UNSUBSCRIBE "a\0b"
  });

  it('[MQTT-1.5.3-3] EF BB BF in a topic is U+FEFF, kept: it is neither skipped nor stripped', () => {
    const h = standard();
    const withBom = raw(h, 'bom');
    withBom.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '\uFEFFa', qos: 0 }] });
    const plain = raw(h, 'plain');
    plain.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 0 }] });
    const pub = raw(h, 'pub');
    pub.send(hex('30 07 00 04 ef bb bf 61 78')); // PUBLISH to EF BB BF 'a', payload 'x'
    expect(pub.closed).toBe(false);
    expect(got(withBom, 'publish').map((p) => p.topic)).toEqual(['\uFEFFa']);
    expect(got(plain, 'publish')).toEqual([]);
    // The bytes sent on hold the three bytes of U+FEFF in the topic.
    const out = packetsOut(h, withBom.connId).find((e) => e.cmd === 'publish');
    expect(Buffer.from(out!.bytes).subarray(2, 8).toString('hex')).toBe('0004efbbbf61');
  });

  it('[MQTT-2.2.2-1] [MQTT-2.2.2-2] reserved flag bits set otherwise than Table 2.2 close the connection', () => {
    const wrong = {
      puback: '41 02 00 01',
      pubrec: '51 02 00 01',
      pubrel: '60 02 00 01',
      pubcomp: '71 02 00 01',
      subscribe: '80 06 00 01 00 01 61 00',
      unsubscribe: 'a0 05 00 01 00 01 61',
      pingreq: 'c1 00',
      disconnect: 'e8 00',
    };
    for (const [cmd, bytes] of Object.entries(wrong)) {
      const r = afterSending(bytes);
      expect([cmd, r.closed, r.error]).toEqual([cmd, true, true]);
    }
    // The listed values are accepted.
    const right = afterSending('c0 00');
    expect([right.closed, got({ received: right.received }, 'pingresp').length]).toEqual([
      false,
      1,
    ]);
  });

  it('[MQTT-2.2.2-1] the broker sets the flag bits of what it sends as Table 2.2 lists them', () => {
    const h = standard();
    const c = raw(h, 'c');
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 2 }] });
    c.send({
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('x'),
      qos: 2,
      messageId: 2,
      dup: false,
      retain: false,
    });
    c.send({ cmd: 'pubrel', messageId: 2 });
    const sent = got(c, 'publish')[0]!;
    c.send({ cmd: 'pubrec', messageId: sent.messageId });
    c.send({ cmd: 'pubcomp', messageId: sent.messageId });
    c.send({ cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['t'] });
    c.send({ cmd: 'pingreq' });
    const firsts = bytesOut(h, c.connId).map((b) => b[0]!.toString(16));
    // CONNACK, SUBACK, PUBLISH (QoS 2, routed back), PUBREC, PUBCOMP, PUBREL, UNSUBACK, PINGRESP.
    expect(firsts).toEqual(['20', '90', '34', '50', '70', '62', 'b0', 'd0']);
  });

  it('[MQTT-3.6.1-1] a PUBREL whose flags are not 0010 is malformed: the connection closes', () => {
    for (const first of ['60', '63', '6a']) {
      const r = afterSending(`${first} 02 00 01`);
      expect(r.closed).toBe(true);
      expect(got({ received: r.received }, 'pubcomp')).toEqual([]);
    }
    const ok = afterSending('62 02 00 01');
    expect(ok.closed).toBe(false);
    expect(got({ received: ok.received }, 'pubcomp')[0]?.messageId).toBe(1);
  });

  it('[MQTT-3.8.1-1] a SUBSCRIBE whose flags are not 0010 is malformed: closed, no SUBACK', () => {
    for (const first of ['80', '81', '83', '8a']) {
      const r = afterSending(`${first} 06 00 01 00 01 61 00`);
      expect(r.closed).toBe(true);
      expect(got({ received: r.received }, 'suback')).toEqual([]);
    }
  });

  it('[MQTT-3.10.1-1] an UNSUBSCRIBE whose flags are not 0010 is malformed: closed, no UNSUBACK', () => {
    for (const first of ['a0', 'a1', 'a3', 'aa']) {
      const r = afterSending(`${first} 05 00 01 00 01 61`);
      expect(r.closed).toBe(true);
      expect(got({ received: r.received }, 'unsuback')).toEqual([]);
    }
    const ok = afterSending('a2 05 00 01 00 01 61');
    expect(got({ received: ok.received }, 'unsuback')).toHaveLength(1);
  });

  it('[MQTT-3.8.3-4] a SUBSCRIBE with requested QoS 3 or reserved bits set in its payload closes the connection', () => {
    for (const options of ['03', '04', '80', 'fc']) {
      const r = afterSending(`82 06 00 01 00 01 61 ${options}`);
      expect([options, r.closed]).toEqual([options, true]);
      expect(got({ received: r.received }, 'suback')).toEqual([]);
    }
  });

  it('[MQTT-4.8.0-1] a PUBACK, PUBREC, PUBREL or PUBCOMP longer than 2 bytes, or a PINGREQ with a body, is malformed: closed, not answered', () => {
    const long = {
      puback: '40 03 00 01 00',
      pubrec: '50 04 00 01 00 00',
      pubrel: '62 03 00 01 00',
      pubcomp: '70 03 00 01 00',
      pingreq: 'c0 01 00',
    };
    for (const [cmd, bytes] of Object.entries(long)) {
      const r = afterSending(bytes);
      expect([cmd, r.closed, r.error, r.received.map((p) => p.cmd)]).toEqual([
        cmd,
        true,
        true,
        ['connack'],
      ]);
    }
    for (const bytes of ['40 02 00 01', '50 02 00 01', '62 02 00 01', '70 02 00 01', 'c0 00']) {
      expect([bytes, afterSending(bytes).closed]).toEqual([bytes, false]);
    }
  });

  it('[MQTT-3.3.1-4] a PUBLISH with both QoS bits set closes the connection and is not routed', () => {
    const h = standard();
    const sub = raw(h, 'sub');
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 2 }] });
    const pub = raw(h, 'pub');
    pub.send(hex('36 06 00 01 61 00 01 78')); // QoS bits 11, packet id 1, payload 'x'
    expect(pub.closed).toBe(true);
    expect(protocolError(h, pub.connId)).toBe(true);
    expect(got(sub, 'publish')).toEqual([]);
    expect(h.of('message.published')).toEqual([]);
  });
});
