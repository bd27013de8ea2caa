// MQTT 5.0 §3.12, §3.14 and §3.15: PINGREQ, DISCONNECT and AUTH.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../../harness';
import type { Packet, PacketOf } from '../../../broker/packets';
import { connectPacket, gen, hex, RawClient } from '../../rawClient';
import { disconnectCode, got, raw5, std } from './packets-helpers';

const DISCONNECT_CODES = [
  0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95,
  0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2,
];

const publish = (topic: string, qos: 0 | 1 | 2, props?: object): Packet =>
  ({
    cmd: 'publish',
    topic,
    payload: Buffer.from('m'),
    qos,
    retain: false,
    dup: false,
    ...(qos > 0 ? { messageId: 1 } : {}),
    ...(props ? { properties: props } : {}),
  }) as Packet;

/** Ways to make the broker end an MQTT 5 connection; each gives the client that was ended. */
const ENDINGS: [string, number, (h: Harness) => RawClient][] = [
  ['malformed packet', 0x81, (h) => sent(raw5(h, 'A'), hex('62 00'))],
  ['protocol error', 0x82, (h) => sent(raw5(h, 'A'), gen(connectPacket('A', 5), 5))],
  ['invalid topic name', 0x90, (h) => sent(raw5(h, 'A'), publish('a/+', 0))],
  ['topic alias invalid', 0x94, (h) => sent(raw5(h, 'A'), publish('a', 0, { topicAlias: 0 }))],
  ['packet too large', 0x95, (h) => sent(raw5(h, 'A'), publish('a'.repeat(300), 0))],
  ['QoS not supported', 0x9b, (h) => sent(raw5(h, 'A'), publish('a', 2))],
  [
    'receive maximum exceeded',
    0x93,
    () => {
      // Its own broker: a Receive Maximum of 1, and QoS 2 (which `limited` refuses).
      const c = raw5(std({ overrides: { receiveMaximum: 1 } }), 'A');
      c.send(publish('a', 2));
      return sent(c, { ...publish('a', 2), messageId: 2 } as Packet);
    },
  ],
  [
    'session taken over',
    0x8e,
    (h) => {
      const first = raw5(h, 'A');
      raw5(h, 'A');
      return first;
    },
  ],
  [
    'keep-alive timeout',
    0x8d,
    (h) => {
      const c = new RawClient(h.broker, 5);
      c.send({ ...connectPacket('A', 5), keepalive: 5 } as Packet);
      h.clock.advance(10_000);
      return c;
    },
  ],
];

function sent(c: RawClient, packet: Packet | Uint8Array): RawClient {
  c.send(packet);
  return c;
}

/** A broker whose limits let each of ENDINGS happen. */
const limited = () => std({ overrides: { maxQos: 1, maxPacketSize: 256 } });

describe('MQTT 5 PINGREQ', () => {
  it('[MQTT-3.12.4-1] every PINGREQ is answered with a PINGRESP', () => {
    const h = std();
    const c = raw5(h, 'A');
    c.send({ cmd: 'pingreq' });
    c.send(Uint8Array.from([0xc0, 0x00, 0xc0, 0x00]));
    expect(c.received.map((p) => p.cmd)).toEqual(['pingresp', 'pingresp', 'pingresp']);
  });
});

describe('MQTT 5 DISCONNECT from the broker', () => {
  it('[MQTT-3.14.0-1] no DISCONNECT before a successful CONNACK: refusals and early errors just close', () => {
    const cases: (Packet | Uint8Array)[] = [
      // Refused with a CONNACK 0x8C (no enhanced authentication), then closed.
      { ...connectPacket('A', 5), properties: { authenticationMethod: 'SCRAM' } } as Packet,
      // Refused with a CONNACK 0x82 (Receive Maximum 0).
      { ...connectPacket('A', 5), properties: { receiveMaximum: 0 } } as Packet,
      // Not a CONNECT first.
      { cmd: 'pingreq' },
      // A CONNECT with a property twice (a protocol error before any CONNACK).
      hex('10 17 0004 4d515454 05 02 0000 0a 11 00000001 11 00000002 0000'),
    ];
    for (const first of cases) {
      const h = std();
      const c = new RawClient(h.broker, 5);
      c.send(first);
      expect(c.closed).toBe(true);
      expect(got(c, 'disconnect')).toEqual([]);
      for (const connack of got(c, 'connack'))
        expect(connack.reasonCode).toBeGreaterThanOrEqual(0x80);
    }
  });

  it('[MQTT-3.14.1-1] a DISCONNECT whose reserved flag bits are not 0 is malformed: DISCONNECT 0x81', () => {
    for (const first of [0xe1, 0xe2, 0xe8]) {
      const h = std();
      const c = raw5(h, 'A');
      c.send(Uint8Array.from([first, 0x00]));
      expect(disconnectCode(c)).toBe(0x81);
      expect(c.closed).toBe(true);
    }
  });

  describe('[MQTT-3.14.2-1] [MQTT-3.14.2-2] a DISCONNECT reason code, no Session Expiry', () => {
    it.each(ENDINGS)('%s', (_, code, end) => {
      const h = limited();
      const c = end(h);
      const [disconnect] = got(c, 'disconnect');
      expect(disconnect).toBeDefined();
      expect(DISCONNECT_CODES).toContain(disconnect!.reasonCode);
      expect(disconnect!.reasonCode).toBe(code);
      expect(disconnect!.properties?.sessionExpiryInterval).toBeUndefined();
    });
  });

  it('[MQTT-3.14.2-3] the Reason String is left out when it would exceed the Maximum Packet Size of the client', () => {
    const sizes: [number, boolean][] = [];
    for (const maximumPacketSize of [1000, 20]) {
      const h = std();
      const c = raw5(h, 'A', { maximumPacketSize });
      c.send(publish('a/#', 0));
      const d = got(c, 'disconnect')[0] as PacketOf<'disconnect'> & { length: number };
      expect(d.reasonCode).toBe(0x90);
      const size = 2 + d.length;
      expect(size).toBeLessThanOrEqual(maximumPacketSize);
      sizes.push([size, d.properties?.reasonString !== undefined]);
    }
    expect(sizes[0]![1]).toBe(true);
    expect(sizes[0]![0]).toBeGreaterThan(20);
    expect(sizes[1]![1]).toBe(false);
  });

  describe('[MQTT-3.14.4-1] [MQTT-3.14.4-2] DISCONNECT is the last packet, then close', () => {
    it.each(ENDINGS)('%s', (_, _code, end) => {
      const h = limited();
      const c = end(h);
      expect(c.received.at(-1)?.cmd).toBe('disconnect');
      const count = c.received.length;
      expect(c.closed).toBe(true);
      c.send({ cmd: 'pingreq' });
      expect(c.received).toHaveLength(count);
    });
  });

  it('[MQTT-3.14.4-1] packets that arrived with the faulty one get no answer after the DISCONNECT', () => {
    const h = std();
    const c = raw5(h, 'A');
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('t', 0);
    c.send(Uint8Array.from([...hex('62 00'), ...hex('c0 00'), ...gen(publish('t', 0), 5)]));
    expect(c.received.map((p) => p.cmd)).toEqual(['disconnect']);
    expect(sub.publishes()).toEqual([]);
  });
});

describe('MQTT 5 DISCONNECT from the client', () => {
  it('[MQTT-3.14.4-3] DISCONNECT 0x00 discards the Will; 0x04 and error codes (0x80, 0x81) leave it published', () => {
    const outcomes: string[][] = [];
    for (const reasonCode of [0x00, 0x04, 0x80, 0x81]) {
      const h = std();
      const watcher = h.client(5);
      watcher.connect({ clientId: 'W' });
      watcher.subscribe('will/#', 0);
      const c = h.client(5);
      c.connect({
        clientId: 'A',
        will: { topic: 'will/A', payload: Buffer.from('gone'), qos: 0, retain: false },
      });
      c.disconnect({ reasonCode });
      h.clock.advance(60_000);
      outcomes.push(watcher.payloads());
    }
    expect(outcomes).toEqual([[], ['gone'], ['gone'], ['gone']]);
  });
});

describe('MQTT 5 AUTH', () => {
  it('[MQTT-3.15.1-1] an AUTH whose reserved flag bits are not 0 is malformed: DISCONNECT 0x81', () => {
    for (const bytes of [hex('f1 00'), hex('f2 02 18 00'), hex('f8 00')]) {
      const h = std();
      const c = raw5(h, 'A');
      c.send(bytes);
      expect(disconnectCode(c)).toBe(0x81);
      expect(c.closed).toBe(true);
    }
  });
});
