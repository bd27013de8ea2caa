/** MQTT 3.1.1 conformance: CONNECT and CONNACK (sections 3.1 and 3.2). */
import { describe, expect, it } from 'vitest';
import type { Packet } from '../../../broker/packets';
import { connectPacket, gen, hex } from '../../rawClient';
import { bytesOut, client, got, protocolError, raw, standard } from './v311Kit';

/** CONNECT with protocol name, level and flags as given; client id empty, keep-alive 0. */
const connectHex = (name: string, level: string, flags: string) =>
  `10 ${(8 + name.length / 2).toString(16).padStart(2, '0')} 00 ${(name.length / 2).toString(16).padStart(2, '0')} ${name} ${level} ${flags} 00 00 00 00`;
const MQTT = '4d515454';

/** A raw client on a fresh standard broker that sent `bytes` as its first packet. */
function accepting(bytes: Uint8Array) {
  const c = raw(standard());
  c.send(bytes);
  return c;
}

describe('MQTT 3.1.1 CONNECT', () => {
  it('[MQTT-3.1.0-2] a second CONNECT is a protocol violation: the client is disconnected', () => {
    const h = standard();
    const c = raw(h, 'twice');
    expect(got(c, 'connack')).toHaveLength(1);
    c.send(connectPacket('twice', 4));
    expect(c.closed).toBe(true);
    expect(protocolError(h, c.connId)).toBe(true);
    expect(got(c, 'connack')).toHaveLength(1);
  });

  it('[MQTT-3.1.2-1] a CONNECT with another protocol name than "MQTT" is not processed: closed, no CONNACK', () => {
    const h = standard();
    const c = raw(h);
    c.send(hex(connectHex('4d515458', '04', '02'))); // "MQTX"
    expect(c.closed).toBe(true);
    expect(c.received).toEqual([]);
    // "MQIsdp" names MQTT 3.1 (level 3): with level 4 it is not taken as MQTT 3.1.1 either.
    const old = raw(h);
    old.send(hex(connectHex('4d5149736470', '04', '02')));
    expect([old.closed, old.received]).toEqual([true, []]);
    expect(h.of('connack.sent')).toEqual([]);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-3.1.2-2] an unsupported protocol level is answered CONNACK 0x01, then the connection is closed', () => {
    // 83 and 84 are 3 and 4 with the "bridge" bit some brokers use: not levels of the standard.
    for (const level of ['00', '02', '06', '07', '83', '84', 'ff']) {
      const h = standard();
      const c = raw(h);
      c.send(hex(connectHex(MQTT, level, '02')));
      expect(bytesOut(h, c.connId).map((b) => Buffer.from(b).toString('hex'))).toEqual([
        '20020001',
      ]);
      expect(c.closed).toBe(true);
    }
  });

  it('[MQTT-3.1.2-3] a CONNECT whose reserved flag is 1 closes the connection', () => {
    const h = standard();
    const c = raw(h);
    c.send(hex(connectHex(MQTT, '04', '03')));
    expect(c.closed).toBe(true);
    expect(c.received).toEqual([]);
    const ok = raw(h);
    ok.send(hex(connectHex(MQTT, '04', '02')));
    expect(got(ok, 'connack')[0]?.returnCode).toBe(0);
  });

  it('[MQTT-3.1.2-24] a client silent for 1.5 × its Keep Alive is disconnected, not before', () => {
    const h = standard();
    const c = raw(h, 'sleepy', { keepalive: 10 });
    h.clock.advance(14_999);
    expect(c.closed).toBe(false);
    c.send({ cmd: 'pingreq' }); // any packet restarts the count
    h.clock.advance(14_999);
    expect(c.closed).toBe(false);
    h.clock.advance(1);
    expect(c.closed).toBe(true);
    expect(h.of('connection.closed').at(-1)?.reason).toBe('keepalive-timeout');
  });

  it('[MQTT-3.1.3-5] client ids of 1 to 23 bytes of 0-9, a-z, A-Z are accepted', () => {
    const h = standard();
    for (const id of ['a', 'Z9', '0123456789abcdefghijABC', 'xyzXYZ']) {
      const c = raw(h, id);
      expect([id, got(c, 'connack')[0]?.returnCode]).toEqual([id, 0]);
    }
  });

  it('[MQTT-3.1.3-6] a zero-byte client id with CleanSession 1 gets a unique id of its own', () => {
    const h = standard();
    const a = raw(h, '');
    const b = raw(h, '');
    expect([got(a, 'connack')[0]?.returnCode, got(b, 'connack')[0]?.returnCode]).toEqual([0, 0]);
    // Two sessions under two ids: the second did not take the first over.
    expect(a.closed).toBe(false);
    const ids = h.of('connack.sent').map((e) => e.clientId);
    expect(ids[0]).not.toBe('');
    expect(new Set(ids).size).toBe(2);
    expect(
      h.broker
        .sessions()
        .map((s) => s.clientId)
        .sort(),
    ).toEqual([...ids].sort());
    // Unique also against ids clients chose: one that picked the next id is not taken over.
    const squatter = raw(h, 'auto-00000003');
    const third = raw(h, '');
    expect([squatter.closed, third.closed, h.of('takeover')]).toEqual([false, false, []]);
    expect(h.of('connack.sent').at(-1)?.clientId).not.toBe('auto-00000003');
  });

  it('[MQTT-3.1.3-8] [MQTT-3.1.3-9] a zero-byte client id with CleanSession 0 is rejected with CONNACK 0x02, then closed', () => {
    const h = standard();
    const c = raw(h);
    c.send(hex(connectHex(MQTT, '04', '00'))); // client id '', CleanSession 0
    expect(bytesOut(h, c.connId).map((b) => Buffer.from(b).toString('hex'))).toEqual(['20020002']);
    expect(c.closed).toBe(true);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-3.1.4-1] [MQTT-3.2.2-6] a CONNECT that does not conform to 3.1 is closed without a CONNACK', () => {
    const bad = [
      connectHex(MQTT, '04', '03'), // reserved flag set
      connectHex(MQTT, '04', '0a'), // Will QoS 1 without the Will Flag
      connectHex(MQTT, '04', '22'), // Will Retain without the Will Flag
      connectHex(MQTT, '04', '42'), // Password Flag without the User Name Flag
      '10 12 00 04 4d 51 54 54 04 1e 00 00 00 00 00 01 74 00 01 78', // Will QoS 3
      '10 12 00 04 4d 51 54 54 04 06 00 00 00 00 00 01 23 00 01 78', // Will Topic '#'
      '10 14 00 04 4d 51 54 54 04 06 00 00 00 00 00 03 61 2f 2b 00 01 78', // Will Topic 'a/+'
      '10 11 00 04 4d 51 54 54 04 06 00 00 00 00 00 00 00 01 78', // Will Topic ''
    ];
    for (const bytes of bad) {
      const h = standard();
      const c = raw(h);
      c.send(hex(bytes));
      expect([bytes, c.closed, c.received.length]).toEqual([bytes, true, 0]);
      expect(h.broker.sessions()).toEqual([]);
    }
  });

  it('[MQTT-3.1.4-1] a CONNECT with bytes after the fields its flags announce (a User Name or Password whose flag is 0) is closed without a CONNACK', () => {
    const full = {
      ...connectPacket('full', 4),
      username: 'user',
      password: Buffer.from('pw'),
      will: { topic: 'w', payload: Buffer.from('bye'), qos: 1 as const, retain: false },
    };
    const fine = Buffer.from(gen(full as Packet));
    expect(got(accepting(fine), 'connack')[0]?.returnCode).toBe(0);
    /** The CONNECT `bytes` (Remaining Length under 128) with `more` appended. */
    const plus = (bytes: Uint8Array, more: string) => {
      const out = Buffer.concat([Buffer.from(bytes), hex(more)]);
      out[1] = out.length - 2;
      return out;
    };
    const bad = [
      plus(gen(connectPacket('a', 4)), '00 04 75 73 65 72'), // User Name, flag 0
      plus(gen({ ...connectPacket('a', 4), username: 'u' } as Packet), '00 02 70 77'), // Password, flag 0
      plus(fine, 'ff'), // one stray byte
    ];
    for (const bytes of bad) {
      const c = accepting(bytes);
      expect([c.closed, c.received]).toEqual([true, []]);
    }
  });

  it('[MQTT-3.1.4-2] a CONNECT with the client id of a connected client disconnects the earlier one', () => {
    const h = standard();
    const first = raw(h, 'same');
    const second = raw(h, 'same');
    expect(first.closed).toBe(true);
    expect(second.closed).toBe(false);
    expect(got(second, 'connack')[0]?.returnCode).toBe(0);
    expect(h.of('takeover')).toHaveLength(1);
  });

  it('[MQTT-3.1.4-3] an accepted CONNECT has its CleanSession processed: 1 discards the stored session', () => {
    const h = standard();
    const c = client(h, 'cs', false);
    c.subscribe('keep', 1);
    c.drop();
    const again = client(h, 'cs', true);
    const pub = client(h, 'pub');
    pub.publish('keep', 'x', 1);
    expect(again.payloads()).toEqual([]);
    expect(h.of('session.discarded').map((e) => e.reason)).toContain('clean-start');
  });

  it('[MQTT-3.1.4-4] a valid CONNECT is answered by CONNACK with return code 0', () => {
    const h = standard();
    const c = raw(h, 'ok');
    expect(bytesOut(h, c.connId).map((b) => Buffer.from(b).toString('hex'))).toEqual(['20020000']);
  });

  it('[MQTT-3.1.4-5] after a refused CONNECT nothing the client sent behind it is processed', () => {
    const h = standard();
    const sub = client(h, 'sub');
    sub.subscribe('t', 0);
    const c = raw(h);
    const connect = Buffer.from(hex('10 0c 00 04 4d 51 54 54 04 00 00 00 00 00')); // id '', clean 0
    const publish = Buffer.from(hex('30 04 00 01 74 78')); // PUBLISH t 'x'
    c.send(Buffer.concat([connect, publish, hex('c0 00')]));
    expect(got(c, 'connack')[0]?.returnCode).toBe(2);
    expect(c.received.map((p) => p.cmd)).toEqual(['connack']);
    expect(sub.payloads()).toEqual([]);
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-3.2.0-1] the first packet the broker sends is CONNACK, even with stored messages waiting', () => {
    const h = standard();
    const c = client(h, 'waiting', false);
    c.subscribe('t', 1);
    c.drop();
    const pub = client(h, 'pub');
    pub.publish('t', 'stored', 1);
    pub.publish('r', 'retained', 1, { retain: true });
    const back = raw(h, 'waiting', { clean: false });
    const first = bytesOut(h, back.connId);
    expect(first[0]![0]).toBe(0x20);
    expect(back.received.map((p) => p.cmd)).toEqual(['connack', 'publish']);
  });

  it('[MQTT-3.2.2-4] [MQTT-3.2.2-5] a CONNACK with a non-zero return code has Session Present 0, then the connection closes', () => {
    const h = standard();
    const stored = client(h, 'stored', false);
    stored.drop();
    // Refused for its protocol level although a session of its id is stored.
    const c = raw(h);
    c.send(hex('10 12 00 04 4d 51 54 54 06 00 00 00 00 06 73 74 6f 72 65 64'));
    const out = bytesOut(h, c.connId).map((b) => Buffer.from(b).toString('hex'));
    expect(out).toEqual(['20020001']); // byte 3: Session Present 0
    expect(c.closed).toBe(true);
    const empty = raw(h);
    empty.send(hex(connectHex(MQTT, '04', '00'))); // client id '', CleanSession 0
    expect(bytesOut(h, empty.connId).map((b) => Buffer.from(b).toString('hex'))).toEqual([
      '20020002',
    ]);
    expect(empty.closed).toBe(true);
  });
});
