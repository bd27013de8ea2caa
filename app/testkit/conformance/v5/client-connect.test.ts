// MQTT 5.0 statements that bind the client, around CONNECT: a client that breaks one, and what
// the broker does about it (the section "Statements that bind the client" of conformance-5.0.md).
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { harness, type Harness } from '../../harness';
import { gen, hex } from '../../rawClient';
import { WireClient, connect5, open5, publish5, subscribe5 } from './connect-wire';

/**
 * An MQTT 5 CONNECT with the given Connect Flags and payload (hex), Keep Alive 0 and no
 * properties: the flags and fields are exactly what the test writes.
 */
function connectWith(flags: number, payload: string): Uint8Array {
  const body = Buffer.concat([
    hex('0004 4d515454 05'),
    Uint8Array.from([flags]),
    hex('0000 00'),
    hex(payload),
  ]);
  return Uint8Array.from([0x10, body.length, ...body]);
}

/** Sends the bytes on a new connection. */
function sendRaw(h: Harness, bytes: Uint8Array): WireClient {
  const c = new WireClient(h);
  c.send(bytes);
  return c;
}

/** The CONNECT was refused: closed, no CONNACK 0x00, no session made. */
function expectRefused(h: Harness, c: WireClient): void {
  expect(c.of('connack').filter((p) => p.reasonCode === 0)).toEqual([]);
  expect(c.closed).toBe(true);
  expect(h.broker.sessions()).toEqual([]);
}

/** The same CONNECT, well formed, is accepted (so the refusal is for the fault alone). */
function expectAccepted(bytes: Uint8Array): void {
  const h = harness({ profile: 'standard' });
  const c = sendRaw(h, bytes);
  expect(c.of('connack').map((p) => p.reasonCode)).toEqual([0]);
  expect(c.closed).toBe(false);
}

function refusedCase(bytes: Uint8Array): void {
  const h = harness({ profile: 'standard' });
  expectRefused(h, sendRaw(h, bytes));
}

describe('MQTT 5 client statements: CONNECT first and its flags (3.1.0, 3.1.2)', () => {
  it('[MQTT-3.1.0-1] a PUBLISH or PINGREQ before CONNECT closes the connection; nothing is routed or answered', () => {
    const h = harness({ profile: 'standard' });
    const sub = open5(h, 'sub');
    sub.send(subscribe5('t', 0));
    for (const first of [gen(publish5('t', 'early'), 5), hex('c0 00')]) {
      const c = sendRaw(h, first);
      expect(c.received).toEqual([]);
      expect(c.closed).toBe(true);
    }
    expect(sub.of('publish')).toEqual([]);
    expect(h.of('protocol.error').map((e) => e.message)).toEqual([
      'publish before CONNECT',
      'pingreq before CONNECT',
    ]);
  });

  it('[MQTT-3.1.2-9] Will Flag 1 without the Will Properties, Will Topic and Will Payload is malformed: closed', () => {
    refusedCase(connectWith(0x04, '0001 61'));
    refusedCase(connectWith(0x04, '0001 61 00'));
    refusedCase(connectWith(0x04, '0001 61 00 0001 77'));
    expectAccepted(connectWith(0x04, '0001 61 00 0001 77 0001 78'));
  });

  it('[MQTT-3.1.2-11] Will Flag 0 with a Will QoS of 1 or 2 is malformed: closed', () => {
    refusedCase(connectWith(0x08, '0001 61'));
    refusedCase(connectWith(0x10, '0001 61'));
    expectAccepted(connectWith(0x00, '0001 61'));
  });

  it('[MQTT-3.1.2-12] a Will QoS of 3 is malformed: closed; 0, 1 and 2 are accepted', () => {
    refusedCase(connectWith(0x1c, '0001 61 00 0001 77 0001 78'));
    for (const flags of [0x04, 0x0c, 0x14])
      expectAccepted(connectWith(flags, '0001 61 00 0001 77 0001 78'));
  });

  it('[MQTT-3.1.2-13] Will Flag 0 with Will Retain 1 is malformed: closed', () => {
    refusedCase(connectWith(0x20, '0001 61'));
    expectAccepted(connectWith(0x24, '0001 61 00 0001 77 0001 78'));
  });

  it('[MQTT-3.1.2-16] a User Name present with the User Name Flag 0 is malformed: closed', () => {
    refusedCase(connectWith(0x00, '0001 61 0001 75'));
    expectAccepted(connectWith(0x80, '0001 61 0001 75'));
  });

  it('[MQTT-3.1.2-17] the User Name Flag 1 without a User Name is malformed: closed', () => {
    refusedCase(connectWith(0x80, '0001 61'));
  });

  it('[MQTT-3.1.2-18] a Password present with the Password Flag 0 is malformed: closed', () => {
    refusedCase(connectWith(0x80, '0001 61 0001 75 0001 70'));
    refusedCase(connectWith(0x00, '0001 61 0001 70'));
    expectAccepted(connectWith(0xc0, '0001 61 0001 75 0001 70'));
  });

  it('[MQTT-3.1.2-19] the Password Flag 1 without a Password is malformed: closed', () => {
    refusedCase(connectWith(0xc0, '0001 61 0001 75'));
    refusedCase(connectWith(0x40, '0001 61'));
    expectAccepted(connectWith(0x40, '0001 61 0001 70'));
  });

  it('[MQTT-3.1.2-20] a client that sends no PINGREQ (nor anything) within its Keep Alive is closed at 1.5 ×: DISCONNECT 0x8D', () => {
    const h = harness({ profile: 'standard' });
    const pinging = open5(h, 'pinging', { keepalive: 10 });
    const silent = open5(h, 'silent', { keepalive: 10 });
    h.clock.advance(10_000);
    pinging.send(hex('c0 00'));
    expect(pinging.of('pingresp')).toHaveLength(1);
    h.clock.advance(5_000);
    expect(silent.of('disconnect').map((d) => d.reasonCode)).toEqual([0x8d]);
    expect(silent.closed).toBe(true);
    expect(pinging.closed).toBe(false);
  });

  it('[MQTT-3.1.2-21] [MQTT-3.2.2-21] a client keeping its own Keep Alive instead of the Server Keep Alive is closed by the server’s', () => {
    const h = harness({ profile: 'standard', overrides: { maxKeepAlive: 20 } });
    const c = open5(h, 'c', { keepalive: 60 });
    expect(c.of('connack')[0]!.properties?.serverKeepAlive).toBe(20);
    // The client pings every 60 s, as it asked; the server's 20 s (× 1.5) runs out first.
    h.clock.advance(29_999);
    expect(c.closed).toBe(false);
    h.clock.advance(1);
    expect(c.of('disconnect').map((d) => d.reasonCode)).toEqual([0x8d]);
    expect(c.closed).toBe(true);
  });

  it('[MQTT-3.1.2-30] a PUBLISH right behind a CONNECT with an Authentication Method is never processed', () => {
    const h = harness({ profile: 'standard' });
    const sub = open5(h, 'sub');
    sub.send(subscribe5('t', 0));
    const c = new WireClient(h);
    const connect = gen(connect5('a', { properties: { authenticationMethod: 'SCRAM-SHA-1' } }), 5);
    c.send(Uint8Array.from([...connect, ...gen(publish5('t', 'before CONNACK'), 5)]));
    expect(c.received.map((p) => p.cmd)).toEqual(['connack']);
    expect(c.of('connack')[0]!.reasonCode).toBe(0x8c);
    expect(c.closed).toBe(true);
    expect(sub.of('publish')).toEqual([]);
  });
});

describe('MQTT 5 client statements: the CONNECT payload (3.1.3)', () => {
  it('[MQTT-3.1.3-3] a CONNECT without a ClientID (empty payload) is malformed: closed', () => {
    refusedCase(connectWith(0x00, ''));
    refusedCase(connectWith(0x00, '00'));
    expectAccepted(connectWith(0x00, '0000'));
  });

  it('[MQTT-3.1.3-4] a ClientID that is not well-formed UTF-8 is malformed: closed', () => {
    refusedCase(connectWith(0x00, '0002 c328'));
    refusedCase(connectWith(0x00, '0002 6100'));
  });

  it('[MQTT-3.1.3-11] a Will Topic that is not well-formed UTF-8 is malformed: closed', () => {
    refusedCase(connectWith(0x04, '0001 61 00 0002 c328 0001 78'));
    refusedCase(connectWith(0x04, '0001 61 00 0003 eda080 0001 78'));
  });

  it('[MQTT-3.1.3-12] a User Name that is not well-formed UTF-8 is malformed: closed', () => {
    refusedCase(connectWith(0x80, '0001 61 0002 c328'));
    refusedCase(connectWith(0x80, '0001 61 0001 00'));
  });
});
