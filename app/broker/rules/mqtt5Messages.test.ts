/**
 * MQTT 5 features of issue 8 over the in-memory connection, continued from mqtt5Features.test.ts:
 * request/response and the other pass-through properties, flow control from the client,
 * enhanced authentication, Reason String and Server Reference.
 */
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { Packet, PacketOf } from '../packets';
import type { ProfileOverrides } from '../profiles';
import { harness } from '../../testkit/harness';
import { RawClient, connectPacket, gen } from '../../testkit/rawClient';

const std = (overrides: ProfileOverrides = {}) => harness({ profile: 'standard', overrides });
const of = <C extends Packet['cmd']>(packets: Packet[], cmd: C) =>
  packets.filter((p): p is PacketOf<C> => p.cmd === cmd);

describe('MQTT 5 request/response and pass-through properties', () => {
  const properties = {
    payloadFormatIndicator: true,
    contentType: 'application/json; charset=utf-8',
    responseTopic: 'reply/to/me',
    correlationData: Buffer.from([0x00, 0xff, 0xfe, 0x7f]),
    userProperties: { zeta: '1', alpha: ['2', '3'], mid: 'ü' },
  };

  it('[MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-20] Payload Format Indicator, Content Type, Response Topic and Correlation Data reach every subscriber unaltered', () => {
    const h = std();
    const subs = ['s1', 's2'].map((clientId) => {
      const s = h.client(5);
      s.connect({ clientId });
      s.subscribe('req/#', 1);
      return s;
    });
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('req/1', '{"q":1}', 1, { properties });
    for (const s of subs) {
      const got = s.publishes()[0]!.properties!;
      expect(got.payloadFormatIndicator).toBe(true);
      expect(got.contentType).toBe(properties.contentType);
      expect(got.responseTopic).toBe('reply/to/me');
      expect(Buffer.from(got.correlationData!)).toEqual(properties.correlationData);
    }
  });

  it('[MQTT-3.3.2-17] [MQTT-3.3.2-18] User Properties are forwarded unaltered and in order', () => {
    const h = std();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('up/#', 0);
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('up/1', 'x', 0, { properties: { userProperties: properties.userProperties } });
    const got = sub.publishes()[0]!.properties!.userProperties!;
    expect(Object.entries(got)).toEqual(Object.entries(properties.userProperties));
  });

  it('[MQTT-3.3.2-18] [MQTT-3.1.3-10, 5.0] the order holds where an object cannot keep it: a name given twice around another, a name like "2"', () => {
    const h = harness({ profile: 'standard', tracePackets: true });
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('#', 0);
    // Encoded from names of one byte, then renamed on the wire: a=1, b=2, a=3 and b=1, 2=x.
    const pub = new RawClient(h.broker, 5);
    const will = { topic: 'will/w', payload: Buffer.from('bye'), qos: 0 as const, retain: false };
    const connect = {
      ...connectPacket('pub', 5),
      will: { ...will, properties: { userProperties: { b: '1', c: 'x' } } },
    };
    pub.send(renamed(gen(connect as Packet, 5), 'c', '2'));
    const publish = {
      cmd: 'publish',
      topic: 'up/1',
      payload: Buffer.from('p'),
      qos: 0,
      retain: false,
      dup: false,
      properties: { userProperties: { a: '1', b: '2', c: '3' } },
    };
    pub.send(renamed(gen(publish as Packet, 5), 'c', 'a'));
    pub.cut();
    const out = h.events.flatMap((e) =>
      e.type === 'packet.out' && e.clientId === 'sub' && e.cmd === 'publish' ? [e.bytes] : [],
    );
    expect(out).toHaveLength(2);
    expect(contains(out[0]!, pairs(['a', '1'], ['b', '2'], ['a', '3']))).toBe(true);
    expect(contains(out[1]!, pairs(['b', '1'], ['2', 'x']))).toBe(true);
  });

  it('[MQTT-3.1.3-10, 5.0] a Will keeps its User Properties, in order, and its Response Topic', () => {
    const h = std();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('will/#', 1);
    const w = h.client(5);
    const willProps = { responseTopic: 'will/reply', userProperties: { b: '1', a: '2' } };
    w.connect({
      clientId: 'w',
      will: {
        topic: 'will/w',
        payload: Buffer.from('bye'),
        qos: 1,
        retain: false,
        properties: willProps,
      },
    });
    w.drop();
    const got = sub.publishes()[0]!.properties!;
    expect(got.responseTopic).toBe('will/reply');
    expect(Object.entries(got.userProperties!)).toEqual([
      ['b', '1'],
      ['a', '2'],
    ]);
  });

  it('[MQTT-3.3.2-14] a Response Topic with a wildcard is a protocol error: DISCONNECT 0x82, nothing published', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('req/1', 'x', 1, { properties: { responseTopic: 'reply/+' } });
    expect(pub.last('disconnect')?.reasonCode).toBe(0x82);
    expect(pub.closedByBroker).toBe(true);
    expect(h.of('message.published')).toEqual([]);
  });

  it("[MQTT-3.3.2-14] a Will's Response Topic with a wildcard refuses the CONNECT with 0x82", () => {
    const h = std();
    const connack = h.client(5).connect({
      clientId: 'w',
      will: {
        topic: 'will/w',
        payload: Buffer.from('bye'),
        qos: 0,
        retain: false,
        properties: { responseTopic: 'reply/#' },
      },
    });
    expect(connack?.reasonCode).toBe(0x82);
    expect(h.broker.sessions()).toEqual([]);
  });
});

describe('MQTT 5 flow control from the client (Receive Maximum)', () => {
  function client(receiveMaximum: number) {
    const h = std({ receiveMaximum });
    const c = new RawClient(h.broker, 5);
    c.send(connectPacket('c', 5));
    const publish = (id: number, qos: 1 | 2) =>
      c.send({
        cmd: 'publish',
        topic: 't',
        payload: Buffer.from('x'),
        qos,
        retain: false,
        dup: false,
        messageId: id,
      });
    return { h, c, publish };
  }

  it('[MQTT-3.3.4-7] [MQTT-4.9.0-2] more QoS 2 publishes awaiting PUBREL than Receive Maximum: DISCONNECT 0x93', () => {
    const { c, publish } = client(2);
    expect(of(c.received, 'connack')[0]!.properties?.receiveMaximum).toBe(2);
    publish(1, 2);
    publish(2, 2);
    expect(of(c.received, 'pubrec')).toHaveLength(2);
    publish(3, 2);
    expect(of(c.received, 'disconnect')).toMatchObject([{ reasonCode: 0x93 }]);
    expect(c.closed).toBe(true);
  });

  it('[MQTT-4.9.0-3] a completed QoS 2 flow (PUBREL answered PUBCOMP) frees its place in the quota', () => {
    const { c, publish } = client(2);
    publish(1, 2);
    publish(2, 2);
    c.send({ cmd: 'pubrel', messageId: 1 });
    expect(of(c.received, 'pubcomp')).toMatchObject([{ messageId: 1 }]);
    publish(3, 2);
    expect(of(c.received, 'pubrec')).toHaveLength(3);
    expect(c.closed).toBe(false);
  });

  it('[MQTT-3.3.4-7] QoS 1 counts too: a QoS 1 publish on top of a full quota of QoS 2: DISCONNECT 0x93', () => {
    const { c, publish } = client(2);
    publish(1, 2);
    publish(2, 2);
    publish(3, 1);
    expect(of(c.received, 'puback')).toEqual([]);
    expect(of(c.received, 'disconnect')).toMatchObject([{ reasonCode: 0x93 }]);
  });

  it('[MQTT-4.9.0-1] the quota starts afresh with each connection: flows left awaiting PUBREL from the last one do not count', () => {
    const h = std({ receiveMaximum: 2 });
    const persistent = {
      ...connectPacket('c', 5),
      clean: false,
      properties: { sessionExpiryInterval: 60 },
    };
    const first = new RawClient(h.broker, 5);
    first.send(persistent as Packet);
    const publish = (c: RawClient, id: number) =>
      c.send({
        cmd: 'publish',
        topic: 't',
        payload: Buffer.from('x'),
        qos: 2,
        retain: false,
        dup: false,
        messageId: id,
      });
    publish(first, 1);
    publish(first, 2);
    first.cut();
    const second = new RawClient(h.broker, 5);
    second.send(persistent as Packet);
    publish(second, 3);
    publish(second, 1); // a resend of a flow the session still holds: PUBREC, not routed again
    expect(of(second.received, 'pubrec').map((p) => p.messageId)).toEqual([3, 1]);
    expect(second.closed).toBe(false);
    for (const id of [1, 2, 3]) second.send({ cmd: 'pubrel', messageId: id });
    expect(of(second.received, 'pubcomp').map((p) => p.reasonCode ?? 0)).toEqual([0, 0, 0]);
    expect(h.of('message.published')).toHaveLength(3);
  });

  it('[MQTT-3.3.4-7] QoS 1 alone never exceeds it: each is acknowledged before the next is read', () => {
    const { c, publish } = client(2);
    for (let id = 1; id <= 10; id++) publish(id, 1);
    expect(of(c.received, 'puback')).toHaveLength(10);
    expect(c.closed).toBe(false);
  });
});

describe('MQTT 5 enhanced authentication (AUTH)', () => {
  it('[MQTT-4.12.0-1] an Authentication Method the broker does not support: CONNACK 0x8C and close', () => {
    const h = std();
    const c = new RawClient(h.broker, 5);
    const connect = {
      ...connectPacket('c', 5),
      properties: { authenticationMethod: 'SCRAM-SHA-1' },
    };
    // [MQTT-3.1.4-6] nothing after a refused CONNECT is processed: the PUBLISH behind it goes nowhere.
    const publish = gen(
      { cmd: 'publish', topic: 't', payload: Buffer.from('x'), qos: 0, retain: false, dup: false },
      5,
    );
    c.send(Buffer.concat([gen(connect as Packet, 5), publish]));
    expect(of(c.received, 'connack')).toMatchObject([{ reasonCode: 0x8c, sessionPresent: false }]);
    expect(c.closed).toBe(true);
    expect(h.of('message.published')).toEqual([]);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-4.12.0-6] [MQTT-4.12.0-7] no method agreed: no Authentication Method in CONNACK, and an AUTH from the client is a protocol error', () => {
    const h = std();
    const c = new RawClient(h.broker, 5);
    c.send(connectPacket('c', 5));
    expect(of(c.received, 'connack')[0]!.properties?.authenticationMethod).toBeUndefined();
    c.send({ cmd: 'auth', reasonCode: 0x19, properties: { authenticationMethod: 'X' } } as Packet);
    expect(of(c.received, 'auth')).toEqual([]);
    expect(of(c.received, 'disconnect')).toMatchObject([{ reasonCode: 0x82 }]);
    expect(c.closed).toBe(true);
  });
});

describe('MQTT 5 Reason String, Response Information and Server Reference', () => {
  it('[MQTT-3.1.2-29] Request Problem Information 0: no Reason String or User Properties on PUBACK or SUBACK', () => {
    const h = std();
    const c = h.client(5);
    c.connect({ clientId: 'c', properties: { requestProblemInformation: false } });
    c.publish('nobody/here', 'x', 1);
    c.subscribe('a/#/b', 1);
    const puback = c.last('puback')!;
    const suback = c.last('suback')!;
    expect(puback.reasonCode).toBe(0x10);
    expect(suback.granted).toEqual([0x8f]);
    for (const p of [puback, suback]) {
      expect(p.properties?.reasonString).toBeUndefined();
      expect(p.properties?.userProperties).toBeUndefined();
    }
  });

  it('[MQTT-3.14.2-3] a DISCONNECT carries its Reason String only within the client Maximum Packet Size', () => {
    const roomy = std();
    const a = roomy.client(5);
    a.connect({ clientId: 'a', properties: { requestProblemInformation: false } });
    a.send({ cmd: 'pingresp' });
    // Allowed on DISCONNECT even with Request Problem Information 0 [MQTT-3.1.2-29].
    expect(a.last('disconnect')?.properties?.reasonString).toMatch(/pingresp/);

    const tight = std();
    const b = tight.client(5);
    b.connect({ clientId: 'b', properties: { maximumPacketSize: 16 } });
    b.send({ cmd: 'pingresp' });
    expect(b.last('disconnect')).toMatchObject({ reasonCode: 0x82 });
    expect(b.last('disconnect')?.properties?.reasonString).toBeUndefined();
  });

  it('[MQTT-3.1.2-28] the broker returns no Response Information, asked for or not', () => {
    for (const requestResponseInformation of [false, true]) {
      const connack = std()
        .client(5)
        .connect({ clientId: 'c', properties: { requestResponseInformation } });
      expect(connack?.properties?.responseInformation).toBeUndefined();
    }
  });

  it('[MQTT 5.0 §4.11] the broker never redirects: no Server Reference on CONNACK or on a takeover DISCONNECT', () => {
    const h = std();
    const first = h.client(5);
    expect(first.connect({ clientId: 'c' })?.properties?.serverReference).toBeUndefined();
    h.client(5).connect({ clientId: 'c' });
    expect(first.last('disconnect')).toMatchObject({ reasonCode: 0x8e });
    expect(first.last('disconnect')?.properties?.serverReference).toBeUndefined();
  });
});

/** User Property pairs as encoded on the wire, in the given order. */
function pairs(...list: [string, string][]): Buffer {
  return Buffer.concat(
    list.map(([k, v]) =>
      Buffer.from([0x26, 0, k.length, ...Buffer.from(k), 0, v.length, ...Buffer.from(v)]),
    ),
  );
}
/** The packet with the User Property name `from` (one byte) renamed to `to` (one byte). */
function renamed(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const b = Buffer.from(bytes);
  const at = b.indexOf(Buffer.from([0x26, 0, 1, from.charCodeAt(0)]));
  b[at + 3] = to.charCodeAt(0);
  return b;
}
const contains = (bytes: Uint8Array, run: Buffer) => Buffer.from(bytes).indexOf(run) >= 0;
