/**
 * Tables of packet cases in the manner of mochi-mqtt's `packets/tpackets.go`: a description,
 * the bytes (hex, or a packet encoded with mqtt-packet's `generate`), and what the broker must
 * do with them. Hostile cases must close only the connection that sent them: every one of them
 * runs beside a persistent session with stored messages and a connected client, and checks
 * that both are untouched.
 */
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { BrokerEvent, CloseReason } from './events';
import type { Packet } from './packets';
import type { ProfileName } from './profiles';
import { createRandom } from './random';
import { bystanderProblems, createWorld, type World } from '../testkit/bystanders';
import { harness } from '../testkit/harness';
import {
  connectPacket,
  gen,
  hex,
  RawClient,
  utf8,
  varint,
  withFirstByte,
  type Version,
} from '../testkit/rawClient';

// --- The bystanders: a persistent session away with stored messages, two connected clients --

const world = (profile: ProfileName = 'standard'): World => createWorld(profile);

/** The other sessions are as they were, and still work: live delivery and the stored backlog. */
function expectBystandersUntouched(w: World): void {
  expect(w.h.broker.sessions()).toEqual(w.before);
  expect(bystanderProblems(w)).toEqual([]);
}

// --- Valid packets -----------------------------------------------------------------------

interface ValidCase {
  description: string;
  version: Version;
  profile?: ProfileName;
  /** Packets sent after CONNECT and before the case (no CONNECT when the case is one). */
  setup?: Packet[];
  /** Hex, or a packet for mqtt-packet's `generate`. */
  bytes: string | Packet;
  /** For hex bytes: the packet they encode, checked against `generate`. */
  twin?: Packet;
  /** What the broker answers, in order unless `unordered`. */
  answers: Record<string, unknown>[];
  unordered?: boolean;
  /** Events the case must cause, each matched against some event. */
  events?: Record<string, unknown>[];
  /** The connection ends, for this reason. */
  closed?: CloseReason;
}

const validCases: ValidCase[] = [
  {
    description: '[MQTT-3.1.2-6, 3.1.1] CONNECT 3.1.1, clean session, keep-alive 60',
    version: 4,
    bytes: '10 0e 0004 4d515454 04 02 003c 0002 6331',
    twin: { ...connectPacket('c1', 4), keepalive: 60 } as Packet,
    answers: [{ cmd: 'connack', returnCode: 0, sessionPresent: false }],
    events: [
      { type: 'connect.received', clientId: 'c1', protocolVersion: 4, clean: true, keepalive: 60 },
      { type: 'connack.sent', clientId: 'c1', code: 0, sessionPresent: false, keepalive: 60 },
      { type: 'session.created', clientId: 'c1', persistent: false },
    ],
  },
  {
    description:
      '[MQTT-3.1.2-8, 3.1.1] CONNECT 3.1.1 with a Will (QoS 1, retained), username and password',
    version: 4,
    bytes: '10 1f 0004 4d515454 04 ee 001e 0002 6332 0003 772f74 0004 676f6e65 0001 75 0001 70',
    twin: {
      ...connectPacket('c2', 4),
      keepalive: 30,
      username: 'u',
      password: Buffer.from('p'),
      will: { topic: 'w/t', payload: Buffer.from('gone'), qos: 1, retain: true },
    } as Packet,
    answers: [{ cmd: 'connack', returnCode: 0, sessionPresent: false }],
    events: [
      {
        type: 'connect.received',
        clientId: 'c2',
        will: { topic: 'w/t', qos: 1, retain: true, delay: 0 },
      },
    ],
  },
  {
    description:
      '[MQTT-3.1.2-4, 3.1.1] CONNECT 3.1.1 with cleanSession=0 creates a persistent session',
    version: 4,
    bytes: { ...connectPacket('c3', 4), clean: false } as Packet,
    answers: [{ cmd: 'connack', returnCode: 0, sessionPresent: false }],
    events: [{ type: 'session.created', clientId: 'c3', persistent: true, expiry: null }],
  },
  {
    description:
      'CONNECT 5.0 with Session Expiry 120, Receive Maximum 5, Maximum Packet Size 1024, keep-alive 30',
    version: 5,
    bytes: '10 1c 0004 4d515454 05 02 001e 0d 1100000078 210005 2700000400 0002 6335',
    twin: {
      ...connectPacket('c5', 5),
      keepalive: 30,
      properties: { sessionExpiryInterval: 120, receiveMaximum: 5, maximumPacketSize: 1024 },
    } as Packet,
    answers: [{ cmd: 'connack', reasonCode: 0, sessionPresent: false }],
    events: [
      { type: 'connect.received', clientId: 'c5', protocolVersion: 5, sessionExpiry: 120 },
      { type: 'connack.sent', clientId: 'c5', code: 0, sessionExpiry: 120, keepalive: 30 },
      { type: 'session.created', clientId: 'c5', persistent: true, expiry: 120 },
    ],
  },
  {
    description: 'CONNECT 5.0 with a Will and a Will Delay Interval',
    version: 5,
    bytes: {
      ...connectPacket('c6', 5),
      will: {
        topic: 'w/c6',
        payload: Buffer.from('bye'),
        qos: 2,
        retain: false,
        properties: { willDelayInterval: 10, messageExpiryInterval: 60 },
      },
    } as Packet,
    answers: [{ cmd: 'connack', reasonCode: 0 }],
    events: [
      {
        type: 'connect.received',
        clientId: 'c6',
        will: { topic: 'w/c6', qos: 2, retain: false, delay: 10 },
      },
    ],
  },
  {
    description:
      'CONNECT 5.0 with keep-alive 0 on AWS: the broker sets its own (Server Keep Alive)',
    version: 5,
    profile: 'aws',
    bytes: connectPacket('c7', 5),
    answers: [
      {
        cmd: 'connack',
        reasonCode: 0,
        properties: { serverKeepAlive: 1200, maximumQoS: 1, maximumPacketSize: 128 * 1024 },
      },
    ],
    events: [{ type: 'connack.sent', clientId: 'c7', keepalive: 1200 }],
  },
  {
    description: 'SUBSCRIBE 3.1.1 with three filters at QoS 0, 1 and 2',
    version: 4,
    bytes: '82 14 0001 0003612f6200 0003632f2b01 0003642f2302',
    twin: {
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [
        { topic: 'a/b', qos: 0 },
        { topic: 'c/+', qos: 1 },
        { topic: 'd/#', qos: 2 },
      ],
    },
    answers: [{ cmd: 'suback', messageId: 1, granted: [0, 1, 2] }],
    events: [
      { type: 'subscription.added', filter: 'a/b', grantedQos: 0, replaced: false },
      { type: 'subscription.added', filter: 'c/+', grantedQos: 1 },
      { type: 'subscription.added', filter: 'd/#', grantedQos: 2 },
    ],
  },
  {
    description: 'SUBSCRIBE 5.0 with No Local, Retain As Published and Retain Handling 2',
    version: 5,
    bytes: {
      cmd: 'subscribe',
      messageId: 3,
      subscriptions: [{ topic: 'x/#', qos: 1, nl: true, rap: true, rh: 2 }],
    },
    answers: [{ cmd: 'suback', messageId: 3, granted: [1] }],
    events: [
      {
        type: 'subscription.added',
        filter: 'x/#',
        noLocal: true,
        retainAsPublished: true,
        retainHandling: 2,
      },
    ],
  },
  {
    description: 'SUBSCRIBE on AWS: QoS 2 is granted as QoS 1',
    version: 4,
    profile: 'aws',
    bytes: { cmd: 'subscribe', messageId: 4, subscriptions: [{ topic: 'q/2', qos: 2 }] },
    answers: [{ cmd: 'suback', messageId: 4, granted: [1] }],
  },
  {
    description: 'UNSUBSCRIBE 3.1.1',
    version: 4,
    setup: [{ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/b', qos: 1 }] }],
    bytes: { cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['a/b'] },
    answers: [{ cmd: 'unsuback', messageId: 2 }],
    events: [{ type: 'subscription.removed', filter: 'a/b', reason: 'unsubscribe' }],
  },
  {
    description: 'UNSUBSCRIBE 5.0 of an existing subscription: reason code 0x00',
    version: 5,
    setup: [{ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/b', qos: 1 }] }],
    bytes: 'a2 08 0002 00 0003612f62',
    twin: { cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['a/b'] },
    answers: [{ cmd: 'unsuback', messageId: 2, granted: [0x00] }],
    events: [{ type: 'subscription.removed', filter: 'a/b' }],
  },
  {
    description: 'UNSUBSCRIBE 5.0 of two filters, one never subscribed: 0x00 and 0x11',
    version: 5,
    setup: [{ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/b', qos: 1 }] }],
    bytes: { cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['a/b', 'never/was'] },
    answers: [{ cmd: 'unsuback', messageId: 2, granted: [0x00, 0x11] }],
  },
  {
    description: 'PUBLISH QoS 0: no answer',
    version: 4,
    bytes: '30 05 0001 74 6869',
    twin: {
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('hi'),
      qos: 0,
      retain: false,
      dup: false,
    },
    answers: [],
    events: [{ type: 'message.published', topic: 't', qos: 0, retain: false }],
  },
  {
    description: '[MQTT-4.3.2-2, 3.1.1] PUBLISH QoS 1 3.1.1: PUBACK with its packet id',
    version: 4,
    bytes: '32 08 0003612f62 0007 78',
    twin: {
      cmd: 'publish',
      topic: 'a/b',
      payload: Buffer.from('x'),
      qos: 1,
      messageId: 7,
      retain: false,
      dup: false,
    },
    answers: [{ cmd: 'puback', messageId: 7 }],
    events: [{ type: 'message.published', topic: 'a/b', qos: 1 }],
  },
  {
    description: 'PUBLISH QoS 1 5.0 with no subscriber: PUBACK 0x10 (no matching subscribers)',
    version: 5,
    bytes: '32 09 0003612f62 0007 00 78',
    twin: {
      cmd: 'publish',
      topic: 'a/b',
      payload: Buffer.from('x'),
      qos: 1,
      messageId: 7,
      retain: false,
      dup: false,
    },
    answers: [{ cmd: 'puback', messageId: 7, reasonCode: 0x10 }],
  },
  {
    description: 'PUBLISH QoS 1 5.0 with a subscriber (itself): PUBACK 0x00, and the message',
    version: 5,
    setup: [{ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/b', qos: 0 }] }],
    bytes: {
      cmd: 'publish',
      topic: 'a/b',
      payload: Buffer.from('x'),
      qos: 1,
      messageId: 8,
      retain: false,
      dup: false,
    },
    answers: [
      { cmd: 'puback', messageId: 8, reasonCode: 0 },
      { cmd: 'publish', topic: 'a/b', qos: 0 },
    ],
    unordered: true,
  },
  {
    description: 'PUBLISH QoS 1 5.0 whose only subscriber is itself with No Local: PUBACK 0x10',
    version: 5,
    setup: [
      { cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/b', qos: 0, nl: true }] },
    ],
    bytes: {
      cmd: 'publish',
      topic: 'a/b',
      payload: Buffer.from('x'),
      qos: 1,
      messageId: 8,
      retain: false,
      dup: false,
    },
    answers: [{ cmd: 'puback', messageId: 8, reasonCode: 0x10 }],
  },
  {
    description: '[MQTT-4.3.3-2, 3.1.1] PUBLISH QoS 2: PUBREC with its packet id',
    version: 4,
    bytes: '34 08 0003612f62 0009 78',
    twin: {
      cmd: 'publish',
      topic: 'a/b',
      payload: Buffer.from('x'),
      qos: 2,
      messageId: 9,
      retain: false,
      dup: false,
    },
    answers: [{ cmd: 'pubrec', messageId: 9 }],
    events: [{ type: 'message.published', topic: 'a/b', qos: 2 }],
  },
  {
    description: '[MQTT-4.3.3-2, 3.1.1] PUBREL after a QoS 2 PUBLISH: PUBCOMP',
    version: 4,
    setup: [
      {
        cmd: 'publish',
        topic: 'a/b',
        payload: Buffer.from('x'),
        qos: 2,
        messageId: 9,
        retain: false,
        dup: false,
      },
    ],
    bytes: '62 02 0009',
    twin: { cmd: 'pubrel', messageId: 9 },
    answers: [{ cmd: 'pubcomp', messageId: 9 }],
  },
  {
    description: 'PUBREL 5.0 for an unknown packet id: PUBCOMP 0x92 (packet identifier not found)',
    version: 5,
    bytes: { cmd: 'pubrel', messageId: 77 },
    answers: [{ cmd: 'pubcomp', messageId: 77, reasonCode: 0x92 }],
  },
  {
    description: '[MQTT-3.12.4-1, 3.1.1] PINGREQ: PINGRESP',
    version: 4,
    bytes: 'c0 00',
    twin: { cmd: 'pingreq' },
    answers: [{ cmd: 'pingresp' }],
  },
  {
    description: '[MQTT-3.12.4-1, 5.0] PINGREQ 5.0: PINGRESP',
    version: 5,
    bytes: 'c0 00',
    answers: [{ cmd: 'pingresp' }],
  },
  {
    description: 'DISCONNECT 3.1.1: the connection ends without an answer',
    version: 4,
    bytes: 'e0 00',
    twin: { cmd: 'disconnect' },
    answers: [],
    closed: 'client-disconnect',
  },
  {
    description: 'DISCONNECT 5.0 with reason 0x00 and a new Session Expiry Interval',
    version: 5,
    setup: [],
    bytes: { cmd: 'disconnect', reasonCode: 0, properties: { sessionExpiryInterval: 0 } },
    answers: [],
    closed: 'client-disconnect',
    events: [{ type: 'session.discarded', reason: 'connection-ended' }],
  },
  {
    description: 'PUBLISH 5.0 of exactly the AWS Maximum Packet Size (131072 bytes in all)',
    version: 5,
    profile: 'aws',
    bytes: {
      cmd: 'publish',
      topic: 't',
      // 1 (type) + 3 (remaining length) + 3 (topic) + 2 (id) + 1 (properties) + payload
      payload: Buffer.alloc(128 * 1024 - 10, 0x61),
      qos: 1,
      messageId: 5,
      retain: false,
      dup: false,
    },
    answers: [{ cmd: 'puback', messageId: 5, reasonCode: 0x10 }],
  },
];

function runValid(c: ValidCase): void {
  const h = harness({ profile: c.profile ?? 'standard' });
  const raw = new RawClient(h.broker, c.version);
  const bytes = typeof c.bytes === 'string' ? hex(c.bytes) : gen(c.bytes, c.version);
  const isConnect = bytes[0] === 0x10;
  if (!isConnect) {
    raw.send(connectPacket('tbl', c.version));
    expect(raw.received).toMatchObject([{ cmd: 'connack' }]);
    for (const p of c.setup ?? []) raw.send(p);
  }
  const rx = raw.received.length;
  const ev = h.events.length;
  raw.send(bytes);
  const answers = raw.received.slice(rx);
  if (c.unordered) {
    expect(answers).toHaveLength(c.answers.length);
    for (const a of c.answers) expect(answers).toContainEqual(expect.objectContaining(a));
  } else {
    expect(answers).toMatchObject(c.answers);
  }
  const events = h.events.slice(ev);
  for (const e of c.events ?? []) expect(events).toContainEqual(expect.objectContaining(e));
  const closes = events.filter((e) => e.type === 'connection.closed');
  if (c.closed) {
    expect(closes).toMatchObject([{ connId: raw.connId, reason: c.closed }]);
    expect(raw.closed).toBe(true);
  } else {
    expect(closes).toEqual([]);
    expect(raw.closed).toBe(false);
  }
  expect(h.of('protocol.error')).toEqual([]);
  expect(h.of('broker.error')).toEqual([]);
}

describe('valid packets', () => {
  for (const c of validCases) {
    it(`${c.description} (${c.version === 5 ? '5.0' : '3.1.1'})`, () => runValid(c));
  }

  it('the hex fixtures are what mqtt-packet generates for their packets', () => {
    const withTwins = validCases.filter((c) => typeof c.bytes === 'string' && c.twin);
    expect(withTwins.length).toBeGreaterThan(8);
    for (const c of withTwins) {
      expect(Buffer.from(gen(c.twin!, c.version)).toString('hex'), c.description).toBe(
        Buffer.from(hex(c.bytes as string)).toString('hex'),
      );
    }
  });

  it('the largest-packet fixture is exactly the AWS Maximum Packet Size', () => {
    const c = validCases.find((v) => v.description.includes('exactly the AWS'))!;
    expect(gen(c.bytes as Packet, 5).length).toBe(128 * 1024);
  });
});

// --- Malformed and hostile packets ---------------------------------------------------------

interface HostileCase {
  description: string;
  version: Version;
  profile?: ProfileName;
  /** A valid CONNECT goes first, so the case hits an open connection. */
  connected: boolean;
  /** The bytes, or chunks of them sent one after the other until the broker hangs up. */
  bytes: Uint8Array | (() => Iterable<Uint8Array>);
  /** MQTT 5 reason code(s) acceptable in the DISCONNECT (open MQTT 5 connections only). */
  reasonCode?: number | readonly number[];
  /** At most this many bytes may have been sent when the broker hangs up. */
  cutOffWithin?: number;
}

const CONNECT_HEAD = '0004 4d515454'; // protocol name "MQTT"

/** An MQTT 5 QoS 0 PUBLISH with a Topic Alias. */
const aliased = (topic: string, topicAlias: number): Uint8Array =>
  gen(
    {
      cmd: 'publish',
      topic,
      payload: Buffer.from('p'),
      qos: 0,
      retain: false,
      dup: false,
      properties: { topicAlias },
    },
    5,
  );

const publish = (topic: string, qos: 0 | 1 | 2, version: Version, payload = 'p'): Uint8Array =>
  gen(
    {
      cmd: 'publish',
      topic,
      payload: Buffer.from(payload),
      qos,
      retain: false,
      dup: false,
      ...(qos > 0 ? { messageId: 1 } : {}),
    },
    version,
  );

const AWS_MAX = 128 * 1024;

const hostileCases: HostileCase[] = [
  // Before CONNECT: no reason code can be sent, the connection is simply closed.
  {
    description: 'reserved packet type 0 as the first packet',
    version: 4,
    connected: false,
    bytes: hex('00 00'),
  },
  {
    description: 'an HTTP request on the MQTT port',
    version: 4,
    connected: false,
    bytes: utf8('GET / HTTP/1.1\r\nHost: broker\r\n\r\n'),
  },
  {
    description: 'a TLS ClientHello on the plain MQTT port',
    version: 4,
    connected: false,
    bytes: hex('16 03 01 00 2f 01 00 00 2b 03 03'),
  },
  {
    description: '[MQTT-3.1.0-1, 3.1.1] PUBLISH before CONNECT',
    version: 4,
    connected: false,
    bytes: publish('iso/1', 1, 4),
  },
  {
    description: '[MQTT-3.1.0-1, 3.1.1] PINGREQ before CONNECT',
    version: 4,
    connected: false,
    bytes: hex('c0 00'),
  },
  {
    description: '[MQTT-3.1.0-1, 3.1.1] SUBSCRIBE to the bystanders’ topics before CONNECT',
    version: 4,
    connected: false,
    bytes: gen({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'iso/#', qos: 1 }] }),
  },
  {
    description: 'truncated CONNECT: the client id is cut short inside its Remaining Length',
    version: 4,
    connected: false,
    bytes: hex(`10 0d ${CONNECT_HEAD} 04 02 003c 0005 61`),
  },
  {
    description: 'truncated CONNECT: nothing after the protocol name',
    version: 4,
    connected: false,
    bytes: hex(`10 06 ${CONNECT_HEAD}`),
  },
  {
    description: '[MQTT-3.1.2-1, 3.1.1] CONNECT with protocol name "MQTX"',
    version: 4,
    connected: false,
    bytes: hex('10 0e 0004 4d515458 04 02 003c 0002 6331'),
  },
  {
    description: '[MQTT-3.1.2-2, 3.1.1] CONNECT with protocol version 6',
    version: 4,
    connected: false,
    bytes: hex(`10 0e ${CONNECT_HEAD} 06 02 003c 0002 6331`),
  },
  {
    description: '[MQTT-3.1.2-3, 3.1.1] CONNECT with the reserved flag set',
    version: 4,
    connected: false,
    bytes: hex(`10 0e ${CONNECT_HEAD} 04 03 003c 0002 6331`),
  },
  {
    description: '[MQTT-3.1.2-13, 3.1.1] CONNECT with Will Flag 0 and Will QoS 1',
    version: 4,
    connected: false,
    bytes: hex(`10 0e ${CONNECT_HEAD} 04 0a 003c 0002 6331`),
  },
  {
    description: '[MQTT-3.1.2-15, 3.1.1] CONNECT with Will Flag 0 and Will Retain 1',
    version: 4,
    connected: false,
    bytes: hex(`10 0e ${CONNECT_HEAD} 04 22 003c 0002 6331`),
  },
  {
    description: 'CONNECT 5.0 with an unknown property identifier',
    version: 5,
    connected: false,
    bytes: hex(`10 10 ${CONNECT_HEAD} 05 02 003c 02 7f00 0002 6331`),
  },
  {
    description: 'a Remaining Length of five bytes (at most four are allowed)',
    version: 4,
    connected: false,
    bytes: hex('30 ff ff ff ff 7f'),
  },

  // After CONNECT.
  {
    description: 'reserved packet type 0',
    version: 5,
    connected: true,
    bytes: hex('00 00'),
    reasonCode: 0x81,
  },
  {
    description: 'reserved packet type 0',
    version: 4,
    connected: true,
    bytes: hex('00 00'),
  },
  {
    description: 'reserved packet type 15 (AUTH does not exist in 3.1.1)',
    version: 4,
    connected: true,
    bytes: hex('f0 00'),
  },
  {
    description: '[MQTT-3.8.1-1, 5.0] SUBSCRIBE with fixed-header flags 0000',
    version: 5,
    connected: true,
    bytes: withFirstByte(
      gen({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 0 }] }, 5),
      0x80,
    ),
    reasonCode: 0x81,
  },
  {
    description: '[MQTT-3.8.1-1, 3.1.1] SUBSCRIBE with fixed-header flags 0000',
    version: 4,
    connected: true,
    bytes: withFirstByte(
      gen({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 0 }] }),
      0x80,
    ),
  },
  {
    description: '[MQTT-3.6.1-1, 5.0] PUBREL with fixed-header flags 0000',
    version: 5,
    connected: true,
    bytes: hex('60 02 0001'),
    reasonCode: 0x81,
  },
  {
    description: '[MQTT-3.10.1-1, 3.1.1] UNSUBSCRIBE with fixed-header flags 0000',
    version: 4,
    connected: true,
    bytes: withFirstByte(gen({ cmd: 'unsubscribe', messageId: 1, unsubscriptions: ['a'] }), 0xa0),
  },
  {
    description: '[MQTT-3.3.1-4, 5.0] PUBLISH with QoS 3',
    version: 5,
    connected: true,
    bytes: withFirstByte(publish('iso/1', 1, 5), 0x36),
    reasonCode: 0x81,
  },
  {
    description: '[MQTT-3.3.1-4, 3.1.1] PUBLISH with QoS 3',
    version: 4,
    connected: true,
    bytes: withFirstByte(publish('iso/1', 1, 4), 0x36),
  },
  {
    description: '[MQTT-3.8.3-4, 3.1.1] SUBSCRIBE asking for QoS 3',
    version: 4,
    connected: true,
    bytes: hex('82 08 0001 0003 69736f 03'),
  },
  {
    description: '[MQTT-3.8.3-5] SUBSCRIBE 5.0 with reserved subscription option bits set',
    version: 5,
    connected: true,
    bytes: hex('82 09 0001 00 0003 69736f c1'),
    reasonCode: 0x81,
  },
  {
    description: '[MQTT-3.1.0-2, 5.0] a second CONNECT',
    version: 5,
    connected: true,
    bytes: gen(connectPacket('hostile-again', 5), 5),
    reasonCode: 0x82,
  },
  {
    description: '[MQTT-3.1.0-2, 3.1.1] a second CONNECT taking the bystander’s client id',
    version: 4,
    connected: true,
    bytes: gen({ ...connectPacket('keeper', 4), clean: true } as Packet),
  },
  {
    description: '[MQTT-3.3.2-2, 5.0] PUBLISH to a topic with a wildcard',
    version: 5,
    connected: true,
    bytes: publish('iso/#', 1, 5),
    reasonCode: 0x90,
  },
  {
    description: '[MQTT-3.3.2-2, 3.1.1] PUBLISH to a topic with a wildcard',
    version: 4,
    connected: true,
    bytes: publish('iso/+', 0, 4),
  },
  {
    description: '[MQTT-4.7.3-1, 5.0] PUBLISH with an empty topic and no Topic Alias',
    version: 5,
    connected: true,
    bytes: publish('', 0, 5),
    reasonCode: [0x82, 0x90, 0x94],
  },
  {
    description: '[MQTT-3.3.2-8] PUBLISH with Topic Alias 0',
    version: 5,
    connected: true,
    bytes: aliased('iso/alias', 0),
    reasonCode: 0x94,
  },
  {
    description: '[MQTT-3.3.2-9] PUBLISH with a Topic Alias above the Topic Alias Maximum (8)',
    version: 5,
    profile: 'aws',
    connected: true,
    bytes: aliased('iso/alias', 9),
    reasonCode: 0x94,
  },
  {
    description: '[MQTT-3.3.2-7] PUBLISH with an empty topic and a Topic Alias never set',
    version: 5,
    connected: true,
    bytes: aliased('', 1),
    reasonCode: 0x82,
  },
  {
    description: '[MQTT-2.2.1-3] PUBLISH QoS 1 with packet id 0',
    version: 5,
    connected: true,
    bytes: hex('32 07 0003 69736f 0000 00 70'),
    reasonCode: [0x81, 0x82],
  },
  {
    description: '[MQTT-2.3.1-1] SUBSCRIBE with packet id 0',
    version: 4,
    connected: true,
    bytes: hex('82 08 0000 0003 69736f 01'),
  },
  {
    description: '[MQTT-3.8.3-3, 3.1.1] SUBSCRIBE with no topic filter',
    version: 4,
    connected: true,
    bytes: hex('82 02 0001'),
  },
  {
    description: '[MQTT-3.10.3-2, 3.1.1] UNSUBSCRIBE with no topic filter',
    version: 4,
    connected: true,
    bytes: hex('a2 02 0001'),
  },
  {
    description: 'PUBACK with Remaining Length 0 (no packet id)',
    version: 4,
    connected: true,
    bytes: hex('40 00'),
  },
  {
    description: 'CONNACK sent by a client',
    version: 5,
    connected: true,
    bytes: gen({ cmd: 'connack', sessionPresent: false, reasonCode: 0 }, 5),
    reasonCode: 0x82,
  },
  {
    description: 'CONNACK sent by a client',
    version: 4,
    connected: true,
    bytes: gen({ cmd: 'connack', sessionPresent: false, returnCode: 0 }),
  },
  {
    description: 'SUBACK sent by a client',
    version: 5,
    connected: true,
    bytes: gen({ cmd: 'suback', messageId: 1, granted: [1] }, 5),
    reasonCode: 0x82,
  },
  {
    description: 'UNSUBACK sent by a client',
    version: 5,
    connected: true,
    bytes: gen({ cmd: 'unsuback', messageId: 1, granted: [0] }, 5),
    reasonCode: 0x82,
  },
  {
    description: 'PINGRESP sent by a client',
    version: 4,
    connected: true,
    bytes: hex('d0 00'),
  },
  {
    description: 'PINGRESP sent by a client',
    version: 5,
    connected: true,
    bytes: hex('d0 00'),
    reasonCode: 0x82,
  },
  {
    description: 'AUTH from a client that gave no Authentication Method',
    version: 5,
    connected: true,
    bytes: gen({ cmd: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'x' } }, 5),
    reasonCode: 0x82,
  },
  {
    description: 'DISCONNECT 5.0 setting a Session Expiry Interval after CONNECT set none',
    version: 5,
    connected: true,
    bytes: gen({ cmd: 'disconnect', reasonCode: 0, properties: { sessionExpiryInterval: 60 } }, 5),
    reasonCode: 0x82,
  },
  {
    description: '[MQTT-3.2.2-11] PUBLISH QoS 2 to AWS, whose Maximum QoS is 1',
    version: 5,
    profile: 'aws',
    connected: true,
    bytes: publish('iso/1', 2, 5),
    reasonCode: 0x9b,
  },
  {
    description: 'a Remaining Length of five bytes',
    version: 5,
    connected: true,
    bytes: hex('30 ff ff ff ff 7f'),
    reasonCode: 0x81,
  },
  {
    description: 'PUBLISH of 130 KiB to AWS (Maximum Packet Size 128 KiB), sent whole',
    version: 5,
    profile: 'aws',
    connected: true,
    bytes: publish('iso/big', 0, 5, 'x'.repeat(130 * 1024)),
    reasonCode: 0x95,
  },
  {
    description: 'PUBLISH of 130 KiB to AWS (Maximum Packet Size 128 KiB), sent whole',
    version: 4,
    profile: 'aws',
    connected: true,
    bytes: publish('iso/big', 0, 4, 'x'.repeat(130 * 1024)),
  },
  {
    description:
      '[MQTT-3.2.2-15] PUBLISH one byte over the AWS Maximum Packet Size (fixed header included)',
    version: 5,
    profile: 'aws',
    connected: true,
    bytes: gen(
      {
        cmd: 'publish',
        topic: 't',
        payload: Buffer.alloc(AWS_MAX - 9, 0x61),
        qos: 1,
        messageId: 5,
        retain: false,
        dup: false,
      },
      5,
    ),
    reasonCode: 0x95,
  },
  {
    description: 'a Remaining Length of 200 MB, then the body trickled in 4 KiB chunks (AWS)',
    version: 5,
    profile: 'aws',
    connected: true,
    bytes: function* () {
      yield Uint8Array.from([0x30, ...varint(200_000_000)]);
      const chunk = new Uint8Array(4096).fill(0x61);
      for (let i = 0; i < 200_000_000 / 4096; i++) yield chunk;
    },
    reasonCode: 0x95,
    // Cut off once the buffer passes the limit: within one chunk (and the header) of it.
    cutOffWithin: AWS_MAX + 4096 + 16,
  },
  {
    description: 'a Remaining Length of 200 MB, then the body trickled in 4 KiB chunks (AWS)',
    version: 4,
    profile: 'aws',
    connected: true,
    bytes: function* () {
      yield Uint8Array.from([0x30, ...varint(200_000_000)]);
      const chunk = new Uint8Array(4096).fill(0x61);
      for (let i = 0; i < 200_000_000 / 4096; i++) yield chunk;
    },
    cutOffWithin: AWS_MAX + 4096 + 16,
  },
];

/** Runs one hostile case beside the bystanders and checks everything the brief asks. */
function runHostile(c: HostileCase): { sent: number; w: World; raw: RawClient } {
  const w = world(c.profile ?? 'standard');
  const raw = new RawClient(w.h.broker, c.version);
  if (c.connected) {
    raw.send(connectPacket('hostile', c.version));
    expect(raw.received).toMatchObject([{ cmd: 'connack', sessionPresent: false }]);
  }
  const rx = raw.received.length;
  const ev = w.h.events.length;
  let sent = 0;
  expect(() => {
    const chunks = c.bytes instanceof Uint8Array ? [c.bytes] : c.bytes();
    for (const chunk of chunks) {
      if (raw.closed) break;
      raw.send(chunk);
      sent += chunk.length;
    }
  }).not.toThrow();

  const events = w.h.events.slice(ev);
  const mine = (e: BrokerEvent) => 'connId' in e && e.connId === raw.connId;
  const errors = events.filter(
    (e): e is Extract<BrokerEvent, { type: 'protocol.error' }> =>
      e.type === 'protocol.error' && mine(e),
  );
  expect(errors, 'one protocol.error for the connection').toHaveLength(1);
  const closes = events.filter((e) => e.type === 'connection.closed');
  expect(closes, 'only this connection closed').toMatchObject([
    { connId: raw.connId, reason: 'protocol-error' },
  ]);
  expect(raw.closed).toBe(true);

  const disconnects = raw.received.slice(rx).filter((p) => p.cmd === 'disconnect');
  if (c.version === 5 && c.connected) {
    const allowed = ([] as number[]).concat(c.reasonCode ?? []);
    expect(allowed.length, 'an MQTT 5 case names its reason code').toBeGreaterThan(0);
    expect(allowed).toContain(errors[0]!.reasonCode);
    expect(disconnects).toMatchObject([{ reasonCode: errors[0]!.reasonCode }]);
  } else {
    expect(errors[0]!.reasonCode).toBeUndefined();
    expect(disconnects).toEqual([]);
  }
  // Nothing from the hostile connection reached anyone.
  expect(events.filter((e) => e.type === 'message.published')).toEqual([]);
  if (c.cutOffWithin !== undefined) expect(sent).toBeLessThanOrEqual(c.cutOffWithin);
  expectBystandersUntouched(w);
  return { sent, w, raw };
}

describe('malformed and hostile packets close only their own connection', () => {
  for (const c of hostileCases) {
    const when = c.connected ? 'after CONNECT' : 'before CONNECT';
    const profile = c.profile ? `, ${c.profile}` : '';
    it(`${c.description} (${c.version === 5 ? '5.0' : '3.1.1'} ${when}${profile})`, () => {
      runHostile(c);
    });
  }

  it('[MQTT-3.1.2-2, 3.1.1] CONNECT 3.1.1-style with protocol level 6 is answered CONNACK 0x01, then closed', () => {
    const w = world();
    const raw = new RawClient(w.h.broker, 4);
    raw.send(hex(`10 0e ${CONNECT_HEAD} 06 02 003c 0002 6331`));
    expect(raw.received).toMatchObject([{ cmd: 'connack', returnCode: 1, sessionPresent: false }]);
    expect(raw.closed).toBe(true);
    expectBystandersUntouched(w);
  });

  it('every first byte followed by a zero Remaining Length, before CONNECT, is refused', () => {
    const w = world();
    for (let first = 0; first < 256; first++) {
      const raw = new RawClient(w.h.broker, 4);
      const ev = w.h.events.length;
      expect(() => raw.send(Uint8Array.from([first, 0]))).not.toThrow();
      const events = w.h.events.slice(ev);
      const label = `first byte 0x${first.toString(16).padStart(2, '0')}`;
      expect(events, label).toContainEqual(
        expect.objectContaining({ type: 'protocol.error', connId: raw.connId }),
      );
      expect(events, label).toContainEqual(
        expect.objectContaining({
          type: 'connection.closed',
          connId: raw.connId,
          reason: 'protocol-error',
        }),
      );
      expect(raw.closed, label).toBe(true);
      expect(w.h.broker.sessions(), label).toEqual(w.before);
    }
    expectBystandersUntouched(w);
  });

  it('seeded random garbage after CONNECT never throws, and never reaches the bystanders', () => {
    const w = world();
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = createRandom(seed);
      const version: Version = seed % 2 ? 4 : 5;
      const raw = new RawClient(w.h.broker, version);
      raw.send(connectPacket(`fuzz-${seed}`, version));
      const ev = w.h.events.length;
      const garbage = Uint8Array.from({ length: 1 + Math.floor(rnd() * 48) }, () =>
        Math.floor(rnd() * 256),
      );
      expect(() => raw.send(garbage), `seed ${seed}`).not.toThrow();
      const events = w.h.events.slice(ev);
      if (events.some((e) => e.type === 'protocol.error' && e.connId === raw.connId)) {
        expect(events, `seed ${seed}`).toContainEqual(
          expect.objectContaining({
            type: 'connection.closed',
            connId: raw.connId,
            reason: 'protocol-error',
          }),
        );
      }
      raw.cut();
      expect(w.h.of('broker.error'), `seed ${seed}`).toEqual([]);
      expect(w.h.broker.sessions(), `seed ${seed}`).toEqual(w.before);
    }
    expectBystandersUntouched(w);
  });
});
