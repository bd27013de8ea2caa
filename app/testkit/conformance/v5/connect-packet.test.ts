// MQTT 5.0 conformance, 3.1 and 3.2: the CONNECT packet's form, and the CONNACK that answers it.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { harness } from '../../harness';
import { gen, hex } from '../../rawClient';
import { WireClient, connect5, open5, publish5, subscribe5 } from './connect-wire';

/** The Connect Reason Code values of MQTT 5.0, table 3-6. */
const CONNECT_REASON_CODES = new Set([
  0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95, 0x97,
  0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9f,
]);

function sendBytes(bytes: Uint8Array, profile: 'aws' | 'standard' = 'standard') {
  const h = harness({ profile });
  const c = new WireClient(h);
  c.send(bytes);
  return { h, c };
}

const connectBytes = (clientId = 'c') => gen(connect5(clientId), 5);

describe('MQTT 5 CONNECT form (3.1)', () => {
  it('[MQTT-3.1.0-2] a second CONNECT is a Protocol Error: DISCONNECT 0x82 and the connection is closed', () => {
    const h = harness();
    const c = open5(h, 'c');
    expect(c.of('connack')).toHaveLength(1);
    c.send(connect5('c'));
    expect(c.of('disconnect').map((d) => d.reasonCode)).toEqual([0x82]);
    expect(c.closed).toBe(true);
    expect(h.of('protocol.error').map((e) => e.message)).toEqual([
      'second CONNECT on one connection',
    ]);
  });

  it('[MQTT-3.1.2-1] a protocol name other than "MQTT" ("MQTX") closes the connection, with no CONNACK 0x00', () => {
    const bytes = connectBytes();
    expect(Buffer.from(bytes.subarray(4, 8)).toString()).toBe('MQTT');
    const bad = Uint8Array.from(bytes);
    bad[7] = 0x58; // 'X'
    const { c, h } = sendBytes(bad);
    expect(c.of('connack').filter((p) => p.reasonCode === 0)).toEqual([]);
    expect(c.closed).toBe(true);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-3.1.2-2] protocol version 6 is refused: at most a refusing CONNACK, then the connection is closed', () => {
    const bad = connectBytes();
    bad[8] = 6;
    const { c, h } = sendBytes(bad);
    // The broker answers in the only form a client of unknown version may read (20 02 00 01).
    expect(c.frames.map((f) => Buffer.from(f).toString('hex'))).toEqual(['20020001']);
    expect(c.closed).toBe(true);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-3.1.2-3] a CONNECT whose reserved flag (bit 0) is 1 is malformed: closed, no session', () => {
    const good = connectBytes();
    expect(good[9]! & 1).toBe(0);
    const bad = Uint8Array.from(good);
    bad[9] = bad[9]! | 1;
    const { c, h } = sendBytes(bad);
    expect(c.of('connack')).toEqual([]);
    expect(c.closed).toBe(true);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-3.1.4-1] a CONNECT that does not match 3.1 (Will QoS without Will Flag, cut short, bad property) is closed', () => {
    const base = connectBytes('abc');
    // Connect flags: Will Flag 0 but Will QoS 1.
    const willQos = Uint8Array.from(base);
    willQos[9] = willQos[9]! | 0x08;
    // Remaining Length one byte short of the client id.
    const short = Uint8Array.from(base.subarray(0, base.length - 1));
    short[1] = short[1]! - 1;
    // The Session Expiry Interval property id (0x11) replaced by an unknown one (0x7F).
    const props = gen(connect5('abc', { properties: { sessionExpiryInterval: 0 } }), 5);
    const unknown = Uint8Array.from(props);
    unknown[13] = 0x7f;
    // Request Problem / Response Information of 2 (only 0 or 1 allowed), a Will's Payload Format
    // Indicator of 2, and Authentication Data without an Authentication Method.
    const withProps = (props: string) =>
      hex(
        `10 ${(13 + props.replace(/ /g, '').length / 2).toString(16)} 0004 4d515454 05 02 003c ${props} 0001 61`,
      );
    const problem2 = withProps('02 17 02');
    const response2 = withProps('02 19 02');
    const authData = withProps('03 16 0000');
    const willPfi2 = hex('10 17 0004 4d515454 05 06 003c 00 0001 61 02 01 02 0001 77 0001 78');
    expect(sendBytes(withProps('04 17 01 19 00')).c.of('connack')[0]?.reasonCode).toBe(0);
    expect(
      sendBytes(hex('10 17 0004 4d515454 05 06 003c 00 0001 61 02 01 01 0001 77 0001 78')).c.of(
        'connack',
      )[0]?.reasonCode,
    ).toBe(0);
    for (const bad of [willQos, short, unknown, problem2, response2, authData, willPfi2]) {
      const { c, h } = sendBytes(bad);
      expect(c.of('connack').filter((p) => p.reasonCode === 0)).toEqual([]);
      expect(c.closed).toBe(true);
      expect(h.broker.sessions()).toEqual([]);
    }
    expect(sendBytes(base).c.of('connack')[0]?.reasonCode).toBe(0);
  });

  it('[MQTT-3.1.4-2] a further check that fails (a Will topic over the broker’s topic length) closes the connection', () => {
    const h = harness({ profile: 'aws' });
    const c = open5(h, 'c', {
      will: { topic: 'w/' + 'x'.repeat(300), payload: Buffer.from('bye'), qos: 0, retain: false },
    });
    expect(c.of('connack').map((p) => p.reasonCode)).toEqual([0x90]);
    expect(c.closed).toBe(true);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-3.1.4-6] after a refused CONNECT, the packets behind it are not processed', () => {
    const h = harness({ profile: 'aws' });
    const sub = open5(h, 'sub');
    sub.send(subscribe5('t', 1));
    const refused = gen(
      connect5('r', { will: { topic: 'w', payload: Buffer.from('x'), qos: 2, retain: false } }),
      5,
    );
    const pub = gen(publish5('t', 'after', 0, { retain: true }), 5);
    const sub2 = gen(subscribe5('#', 0), 5);
    const c = new WireClient(h);
    c.send(Uint8Array.from([...refused, ...pub, ...sub2]));
    expect(c.of('connack').map((p) => p.reasonCode)).toEqual([0x9b]);
    expect(c.received.map((p) => p.cmd)).toEqual(['connack']);
    expect(c.closed).toBe(true);
    expect(sub.of('publish')).toEqual([]);
    // Nothing was retained either: a later subscriber gets nothing.
    const late = open5(h, 'late');
    late.send(subscribe5('t', 0));
    expect(late.of('publish')).toEqual([]);
  });
});

describe('MQTT 5 CONNACK (3.2)', () => {
  it('[MQTT-3.2.0-1] the CONNACK 0x00 comes before any other packet, even when SUBSCRIBE and stored messages are at hand', () => {
    const h = harness({ profile: 'standard' });
    const first = open5(h, 's', { clean: false, properties: { sessionExpiryInterval: 600 } });
    first.send(subscribe5('t', 1));
    first.cut();
    open5(h, 'p').send(publish5('t', 'stored', 1));
    const c = new WireClient(h);
    c.send(
      Uint8Array.from([
        ...gen(connect5('s', { clean: false, properties: { sessionExpiryInterval: 600 } }), 5),
        ...gen(subscribe5('u', 0, 2), 5),
      ]),
    );
    expect(c.received.map((p) => p.cmd)).toEqual(['connack', 'publish', 'suback']);
    expect(c.of('connack')[0]!.reasonCode).toBe(0);
  });

  it('[MQTT-3.2.0-2] one connection gets one CONNACK, a second CONNECT included', () => {
    const h = harness();
    const c = open5(h, 'c');
    c.send(connect5('c'));
    c.send(connect5('other'));
    expect(c.framesOf(2)).toHaveLength(1);
  });

  it('[MQTT-3.2.2-1] the Connect Acknowledge Flags byte has bits 7-1 at 0 (new, resumed and refused)', () => {
    const h = harness({ profile: 'aws' });
    const props = { sessionExpiryInterval: 600 };
    const a = open5(h, 'a', { clean: false, properties: props });
    a.cut();
    const b = open5(h, 'a', { clean: false, properties: props });
    const refused = open5(h, 'r', {
      will: { topic: 'w', payload: Buffer.from('x'), qos: 2, retain: false },
    });
    const flags = [a, b, refused].map((c) => c.framesOf(2)[0]![2]!);
    expect(flags).toEqual([0x00, 0x01, 0x00]);
    for (const f of flags) expect(f & 0xfe).toBe(0);
  });

  it('[MQTT-3.2.2-6] a CONNACK with a non-zero Reason Code has Session Present 0, even when a session is stored', () => {
    const h = harness({ profile: 'aws' });
    open5(h, 'c', { clean: false, properties: { sessionExpiryInterval: 600 } }).cut();
    expect(h.broker.sessions().map((s) => s.clientId)).toEqual(['c']);
    const refused = open5(h, 'c', {
      clean: false,
      properties: { sessionExpiryInterval: 600 },
      will: { topic: 'w', payload: Buffer.from('x'), qos: 2, retain: false },
    });
    const connack = refused.of('connack')[0]!;
    expect(connack.reasonCode).toBe(0x9b);
    expect(connack.sessionPresent).toBe(false);
    expect(refused.framesOf(2)[0]![2]).toBe(0);
  });

  it('[MQTT-3.2.2-7] after a CONNACK of 128 or more the connection is closed, and nothing else is sent', () => {
    for (const props of [{ receiveMaximum: 0 }, { authenticationMethod: 'SCRAM-SHA-1' }]) {
      const h = harness();
      const c = open5(h, 'c', { properties: props });
      c.send(subscribe5('t', 0));
      const code = c.of('connack')[0]!.reasonCode!;
      expect(code).toBeGreaterThanOrEqual(0x80);
      expect(c.closed).toBe(true);
      expect(c.received.map((p) => p.cmd)).toEqual(['connack']);
    }
  });

  it('[MQTT-3.2.2-8] every CONNACK Reason Code the broker uses is a Connect Reason Code', () => {
    const will = (topic: string, qos: 0 | 1 | 2) => ({
      topic,
      payload: Buffer.from('x'),
      qos,
      retain: false,
    });
    const cases = [
      {},
      { will: will('w', 2) }, // 0x9B QoS not supported
      { will: will('w/#', 0) }, // 0x90 Topic Name invalid
      { will: will('w/' + 'x'.repeat(300), 0) }, // over the topic length
      { properties: { receiveMaximum: 0 } }, // 0x82 Protocol Error
      { properties: { maximumPacketSize: 0 } },
      { properties: { authenticationMethod: 'x' } }, // 0x8C Bad authentication method
    ];
    const codes = cases.map((o) => open5(harness(), 'c', o).of('connack')[0]!.reasonCode!);
    expect(codes).toEqual([0x00, 0x9b, 0x90, 0x90, 0x82, 0x82, 0x8c]);
    for (const code of codes) expect(CONNECT_REASON_CODES.has(code)).toBe(true);
  });
});
