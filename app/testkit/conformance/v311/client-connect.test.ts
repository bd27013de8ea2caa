/**
 * MQTT 3.1.1 statements that bind the client, CONNECT (section 3.1): a client that breaks one
 * sends the broker a CONNECT it must refuse. Each case writes the bytes by hand (mqtt-packet
 * would not write them) and checks that the broker refuses them, next to a well-formed CONNECT
 * it accepts.
 */
import { describe, expect, it } from 'vitest';
import { hex, toHex } from '../../rawClient';
import { bytesOut, got, protocolError, raw, standard } from './v311Kit';

/** A UTF-8 string field of MQTT (2-byte length, then the bytes), from the hex of its bytes. */
const field = (bytesHex: string): string => {
  const clean = bytesHex.replace(/\s+/g, '');
  return (clean.length / 2).toString(16).padStart(4, '0') + clean;
};
const ascii = (s: string): string => field(Buffer.from(s, 'utf8').toString('hex'));

/** A 3.1.1 CONNECT: protocol name "MQTT", level 4, the flags, Keep Alive, then the payload as given. */
function connect(flags: number, payloadHex: string, keepalive = 0): Uint8Array {
  const body =
    '00044d515454' +
    '04' +
    flags.toString(16).padStart(2, '0') +
    keepalive.toString(16).padStart(4, '0') +
    payloadHex.replace(/\s+/g, '');
  return hex('10' + (body.length / 2).toString(16).padStart(2, '0') + body);
}

const CLEAN = 0x02;
const WILL = 0x04;
const WILL_QOS1 = 0x08;
const WILL_QOS2 = 0x10;
const WILL_RETAIN = 0x20;
const PASSWORD = 0x40;
const USERNAME = 0x80;

/** What the broker did with a CONNECT sent as the first packet of a new connection. */
function outcome(bytes: Uint8Array) {
  const h = standard();
  const c = raw(h);
  c.send(bytes);
  return {
    closed: c.closed,
    protocolError: protocolError(h, c.connId),
    out: bytesOut(h, c.connId).map(toHex),
    sessions: h.broker.sessions().length,
    connack: got(c, 'connack')[0]?.returnCode,
  };
}

/** Closed at once, nothing written (no CONNACK), no session made: the CONNECT was refused. */
const refused = { closed: true, protocolError: true, out: [], sessions: 0, connack: undefined };
/** Accepted: CONNACK 0 and the connection stays open. */
const accepted = (bytes: Uint8Array) => {
  const o = outcome(bytes);
  expect([o.closed, o.connack]).toEqual([false, 0]);
};

describe('MQTT 3.1.1 client statements: CONNECT', () => {
  it('[MQTT-3.1.0-1] a first packet that is not CONNECT closes the connection: nothing is answered or processed', () => {
    for (const first of [
      'c0 00', // PINGREQ
      '30 05 00 01 61 68 69', // PUBLISH QoS 0 to "a"
      '82 06 00 01 00 01 61 00', // SUBSCRIBE "a"
      'e0 00', // DISCONNECT
    ]) {
      expect(outcome(hex(first)), first).toEqual(refused);
    }
    // CONNECT first is fine, and the same PINGREQ after it is answered.
    const h = standard();
    const c = raw(h, 'first');
    c.send(hex('c0 00'));
    expect(c.received.map((p) => p.cmd)).toEqual(['connack', 'pingresp']);
  });

  it('[MQTT-3.1.2-9] Will Flag 1 without the Will Topic and Will Message in the payload: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | WILL, ascii('c')))).toEqual(refused); // neither
    expect(outcome(connect(CLEAN | WILL, ascii('c') + ascii('w/t')))).toEqual(refused); // no message
    accepted(connect(CLEAN | WILL, ascii('c') + ascii('w/t') + ascii('bye')));
  });

  it('[MQTT-3.1.2-11] Will Flag 0 with Will QoS, Will Retain or Will fields present: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | WILL_QOS1, ascii('c')))).toEqual(refused);
    expect(outcome(connect(CLEAN | WILL_RETAIN, ascii('c')))).toEqual(refused);
    // Will Topic and Will Message after the client id although the Will Flag is 0.
    expect(outcome(connect(CLEAN, ascii('c') + ascii('w/t') + ascii('bye')))).toEqual(refused);
    accepted(connect(CLEAN, ascii('c')));
  });

  it('[MQTT-3.1.2-13] Will Flag 0 with a Will QoS other than 0: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | WILL_QOS1, ascii('c')))).toEqual(refused);
    expect(outcome(connect(CLEAN | WILL_QOS2, ascii('c')))).toEqual(refused);
  });

  it('[MQTT-3.1.2-14] Will QoS 3: closed, no CONNACK', () => {
    const will = ascii('c') + ascii('w/t') + ascii('bye');
    expect(outcome(connect(CLEAN | WILL | WILL_QOS1 | WILL_QOS2, will))).toEqual(refused);
    accepted(connect(CLEAN | WILL | WILL_QOS2, will));
  });

  it('[MQTT-3.1.2-15] Will Flag 0 with Will Retain 1: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | WILL_RETAIN, ascii('c')))).toEqual(refused);
    accepted(connect(CLEAN | WILL | WILL_RETAIN, ascii('c') + ascii('w/t') + ascii('bye')));
  });

  it('[MQTT-3.1.2-18] User Name Flag 0 with a user name in the payload: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN, ascii('c') + ascii('user')))).toEqual(refused);
    accepted(connect(CLEAN | USERNAME, ascii('c') + ascii('user')));
  });

  it('[MQTT-3.1.2-19] User Name Flag 1 without a user name: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | USERNAME, ascii('c')))).toEqual(refused);
  });

  it('[MQTT-3.1.2-20] Password Flag 0 with a password in the payload: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | USERNAME, ascii('c') + ascii('user') + ascii('pw')))).toEqual(
      refused,
    );
    accepted(connect(CLEAN | USERNAME | PASSWORD, ascii('c') + ascii('user') + ascii('pw')));
  });

  it('[MQTT-3.1.2-21] Password Flag 1 without a password: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | USERNAME | PASSWORD, ascii('c') + ascii('user')))).toEqual(
      refused,
    );
  });

  it('[MQTT-3.1.2-22] User Name Flag 0 with Password Flag 1: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | PASSWORD, ascii('c') + ascii('pw')))).toEqual(refused);
  });

  it('[MQTT-3.1.2-23] a client that sends nothing within its Keep Alive is disconnected after 1.5 × Keep Alive', () => {
    const h = standard();
    const quiet = raw(h);
    quiet.send(connect(CLEAN, ascii('quiet'), 10));
    const pinging = raw(h);
    pinging.send(connect(CLEAN, ascii('pinging'), 10));
    for (let s = 0; s < 30; s += 10) {
      h.clock.advance(10_000);
      pinging.send(hex('c0 00')); // PINGREQ within each Keep Alive
    }
    expect(quiet.closed).toBe(true);
    expect(h.of('connection.closed').find((e) => e.connId === quiet.connId)?.reason).toBe(
      'keepalive-timeout',
    );
    expect(pinging.closed).toBe(false);
    expect(got(pinging, 'pingresp')).toHaveLength(3);
  });

  it('[MQTT-3.1.3-3] a CONNECT without a Client Identifier first in the payload: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN, ''))).toEqual(refused); // no payload at all
    expect(outcome(connect(CLEAN, '00'))).toEqual(refused); // one byte: no string
    expect(outcome(connect(CLEAN, '0005 61'))).toEqual(refused); // a length past the end
    accepted(connect(CLEAN, ascii('c')));
  });

  it('[MQTT-3.1.3-4] a Client Identifier that is not well-formed UTF-8 (or holds U+0000): closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN, field('ff')))).toEqual(refused);
    expect(outcome(connect(CLEAN, field('ed a0 80')))).toEqual(refused); // U+D800
    expect(outcome(connect(CLEAN, field('61 00 62')))).toEqual(refused); // "a\0b"
    accepted(connect(CLEAN, field('63 c3 a9'))); // "cé"
  });

  it('[MQTT-3.1.3-7] a zero-byte Client Identifier with CleanSession 0: CONNACK 0x02, then closed', () => {
    const o = outcome(connect(0, field('')));
    expect([o.closed, o.out, o.sessions]).toEqual([true, ['20020002'], 0]);
    accepted(connect(CLEAN, field('')));
  });

  it('[MQTT-3.1.3-10] a Will Topic that is not well-formed UTF-8: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | WILL, ascii('c') + field('ff') + ascii('bye')))).toEqual(
      refused,
    );
    expect(outcome(connect(CLEAN | WILL, ascii('c') + field('c0 af') + ascii('bye')))).toEqual(
      refused,
    );
  });

  it('[MQTT-3.1.3-11] a User Name that is not well-formed UTF-8: closed, no CONNACK', () => {
    expect(outcome(connect(CLEAN | USERNAME, ascii('c') + field('ff')))).toEqual(refused);
    expect(outcome(connect(CLEAN | USERNAME, ascii('c') + field('75 00')))).toEqual(refused);
  });
});
