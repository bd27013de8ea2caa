// MQTT 5.0 §3.3.2: the variable header of PUBLISH (Topic Name, properties passed on, aliases).
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { Packet, PacketOf } from '../../../broker/packets';
import { connectPacket, hex, RawClient, utf8, varint } from '../../rawClient';
import { disconnectCode, got, raw5, std } from './packets-helpers';

type PublishProps = NonNullable<PacketOf<'publish'>['properties']>;

/** A QoS 0 MQTT 5 PUBLISH with the given topic bytes and no properties, built by hand. */
function publishWithTopicBytes(topic: Uint8Array): Uint8Array {
  const body = [topic.length >> 8, topic.length & 0xff, ...topic, 0x00, 0x78];
  return Uint8Array.from([0x30, ...varint(body.length), ...body]);
}

/** One subscriber on `t/#` and one publisher; returns what the subscriber got of `props`. */
function forwarded(props: PublishProps): PublishProps[] {
  const h = std();
  const subs = [raw5(h, 'S1'), raw5(h, 'S2')];
  for (const s of subs)
    s.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 't/#', qos: 1, nl: false, rap: false, rh: 0 }],
    });
  const pub = h.client(5);
  pub.connect({ clientId: 'P' });
  pub.publish('t/x', 'm', 1, { properties: props });
  return subs.flatMap((s) => got(s, 'publish').map((p) => p.properties ?? {}));
}

describe('MQTT 5 PUBLISH variable header', () => {
  it('[MQTT-3.3.2-1] a Topic Name that is not well-formed UTF-8 is malformed: DISCONNECT 0x81', () => {
    const h = std();
    const c = raw5(h, 'A');
    c.send(publishWithTopicBytes(hex('74 2f c3 28')));
    expect(disconnectCode(c)).toBe(0x81);
    expect(c.closed).toBe(true);
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-3.3.2-2] a Topic Name with a wildcard is refused: DISCONNECT 0x90', () => {
    for (const topic of ['t/+', 't/#', '#']) {
      const h = std();
      const c = raw5(h, 'A');
      c.send(publishWithTopicBytes(utf8(topic)));
      expect(disconnectCode(c)).toBe(0x90);
      expect(c.closed).toBe(true);
      expect(h.of('message.published')).toEqual([]);
    }
  });

  it('[MQTT-3.3.2-3] the Topic Name sent to a subscriber matches its Topic Filter', () => {
    const h = std({ overrides: { assignTopicAliases: false } });
    const sub = raw5(h, 'S');
    sub.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [
        { topic: 'a/+/c', qos: 0, nl: false, rap: false, rh: 0 },
        { topic: 'x/#', qos: 0, nl: false, rap: false, rh: 0 },
      ],
    });
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    for (const t of ['a/b/c', 'a/b/d', 'x', 'x/y/z', 'y']) pub.publish(t, t, 0);
    expect(got(sub, 'publish').map((p) => p.topic)).toEqual(['a/b/c', 'x', 'x/y/z']);
  });

  it('[MQTT-3.3.2-4] the Payload Format Indicator goes unaltered to every subscriber', () => {
    expect(forwarded({ payloadFormatIndicator: true })).toMatchObject([
      { payloadFormatIndicator: true },
      { payloadFormatIndicator: true },
    ]);
  });

  it('[MQTT-3.3.2-5] a message whose expiry passed before delivery started is not delivered', () => {
    const h = std();
    const sub = h.client(5);
    sub.connect({ clientId: 'S', clean: false, properties: { sessionExpiryInterval: 600 } });
    sub.subscribe('t', 1);
    sub.drop();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('t', 'short', 1, { properties: { messageExpiryInterval: 5 } });
    pub.publish('t', 'long', 1, { properties: { messageExpiryInterval: 60 } });
    h.clock.advance(10_000);
    const again = h.client(5);
    again.connect({ clientId: 'S', clean: false, properties: { sessionExpiryInterval: 600 } });
    expect(again.payloads()).toEqual(['long']);
  });

  it('[MQTT-3.3.2-6] the Message Expiry Interval sent is what is left of it', () => {
    const h = std();
    const sub = h.client(5);
    sub.connect({ clientId: 'S', clean: false, properties: { sessionExpiryInterval: 600 } });
    sub.subscribe('t', 1);
    sub.drop();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('t', 'm', 1, { properties: { messageExpiryInterval: 60 } });
    h.clock.advance(20_000);
    const again = h.client(5);
    again.connect({ clientId: 'S', clean: false, properties: { sessionExpiryInterval: 600 } });
    expect(again.publishes()[0]?.properties?.messageExpiryInterval).toBe(40);
  });

  it('[MQTT-3.3.2-7] Topic Alias mappings are not carried to a new connection', () => {
    const h = std({ overrides: { assignTopicAliases: false } });
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('t/#', 0);
    const pub = h.client(5);
    const sei = { sessionExpiryInterval: 600 };
    pub.connect({ clientId: 'P', clean: false, properties: sei });
    pub.publish('t/a', 'set', 0, { properties: { topicAlias: 3 } });
    pub.publish('', 'used', 0, { properties: { topicAlias: 3 } });
    pub.drop();
    const again = raw5(h, 'P');
    again.send({
      cmd: 'publish',
      topic: '',
      payload: Buffer.from('stale'),
      qos: 0,
      retain: false,
      dup: false,
      properties: { topicAlias: 3 },
    });
    expect(disconnectCode(again)).toBe(0x82);
    expect(sub.payloads()).toEqual(['set', 'used']);
  });

  it("[MQTT-3.3.2-7] the broker's own aliases start afresh on a new connection", () => {
    const h = std();
    const props = { topicAliasMaximum: 5, sessionExpiryInterval: 600 };
    const first = raw5(h, 'S', props);
    first.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 't', qos: 0, nl: false, rap: false, rh: 0 }],
    });
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('t', 'one', 0);
    pub.publish('t', 'two', 0);
    expect(got(first, 'publish').map((p) => [p.topic, p.properties?.topicAlias])).toEqual([
      ['t', 1],
      ['', 1],
    ]);
    first.cut();
    const second = new RawClient(h.broker, 5);
    second.send({ ...connectPacket('S', 5), clean: false, properties: props } as Packet);
    pub.publish('t', 'three', 0);
    expect(got(second, 'publish').map((p) => [p.topic, p.properties?.topicAlias])).toEqual([
      ['t', 1],
    ]);
  });

  it('[MQTT-3.3.2-8] a Topic Alias 0 is refused, and the broker never sends alias 0', () => {
    const h = std();
    const sub = raw5(h, 'S', { topicAliasMaximum: 5 });
    sub.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 't/#', qos: 0, nl: false, rap: false, rh: 0 }],
    });
    const pub = raw5(h, 'P');
    pub.send({
      cmd: 'publish',
      topic: 't/a',
      payload: Buffer.from('m'),
      qos: 0,
      retain: false,
      dup: false,
    });
    pub.send({
      cmd: 'publish',
      topic: 't/a',
      payload: Buffer.from('m'),
      qos: 0,
      retain: false,
      dup: false,
    });
    const aliases = got(sub, 'publish').map((p) => p.properties?.topicAlias);
    expect(aliases).toEqual([1, 1]);
    pub.send({
      cmd: 'publish',
      topic: 't/b',
      payload: Buffer.from('z'),
      qos: 0,
      retain: false,
      dup: false,
      properties: { topicAlias: 0 },
    });
    expect(disconnectCode(pub)).toBe(0x94);
    expect(got(sub, 'publish')).toHaveLength(2);
  });

  it('[MQTT-3.3.2-11] the broker uses no alias above the Topic Alias Maximum of the CONNECT', () => {
    const h = std();
    const sub = raw5(h, 'S', { topicAliasMaximum: 2 });
    sub.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 't/#', qos: 0, nl: false, rap: false, rh: 0 }],
    });
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    for (const t of ['t/1', 't/2', 't/3', 't/4', 't/1']) pub.publish(t, t, 0);
    const sent = got(sub, 'publish').map((p) => p.properties?.topicAlias);
    expect(sent).toEqual([1, 2, undefined, undefined, 1]);
    const none = raw5(h, 'N');
    none.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 't/#', qos: 0, nl: false, rap: false, rh: 0 }],
    });
    pub.publish('t/1', 'x', 0);
    expect(got(none, 'publish')[0]?.properties?.topicAlias).toBeUndefined();
  });

  it('[MQTT-3.3.2-12] every alias from 1 to the Topic Alias Maximum of the CONNACK is accepted', () => {
    const h = std({ overrides: { topicAliasMaximum: 10, assignTopicAliases: false } });
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('t/#', 0);
    const pub = h.client(5);
    const max = pub.connect({ clientId: 'P' })?.properties?.topicAliasMaximum;
    expect(max).toBe(10);
    for (let a = 1; a <= 10; a++)
      pub.publish(`t/${a}`, `set${a}`, 0, { properties: { topicAlias: a } });
    for (let a = 1; a <= 10; a++) pub.publish('', `use${a}`, 0, { properties: { topicAlias: a } });
    expect(pub.connected).toBe(true);
    expect(
      sub
        .publishes()
        .slice(10)
        .map((p) => p.topic),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `t/${i + 1}`));
  });

  it('[MQTT-3.3.2-13] a Response Topic that is not well-formed UTF-8 is malformed: DISCONNECT 0x81', () => {
    const h = std();
    const c = raw5(h, 'A');
    // PUBLISH QoS 0, topic "t", properties: Response Topic (0x08) "r" 0xC3 0x28.
    c.send(hex('30 0b 0001 74 06 08 0003 72 c3 28 78'));
    expect(disconnectCode(c)).toBe(0x81);
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-3.3.2-15] the Response Topic goes unaltered to every subscriber', () => {
    expect(forwarded({ responseTopic: 'reply/to/me' })).toMatchObject([
      { responseTopic: 'reply/to/me' },
      { responseTopic: 'reply/to/me' },
    ]);
  });

  it('[MQTT-3.3.2-16] the Correlation Data goes unaltered to every subscriber', () => {
    const data = Buffer.from([0, 1, 0xef, 0xbf, 0xbd, 0xff]);
    const got2 = forwarded({ correlationData: data });
    expect(got2).toHaveLength(2);
    for (const p of got2) expect(Buffer.from(p.correlationData!).equals(data)).toBe(true);
  });

  it('[MQTT-3.3.2-17] User Properties go on unaltered to every subscriber', () => {
    const userProperties = { z: 'last', a: ['1', '2'], m: 'x' };
    const got2 = forwarded({ userProperties });
    expect(got2).toHaveLength(2);
    for (const p of got2) {
      expect(p.userProperties).toEqual(userProperties);
      expect(Object.keys(p.userProperties!)).toEqual(['z', 'a', 'm']);
    }
  });

  it('[MQTT-3.3.2-17] User Properties with distinct names go on the wire in the order they came', () => {
    const h = std({ tracePackets: true });
    const sub = raw5(h, 'S');
    sub.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 't', qos: 0, nl: false, rap: false, rh: 0 }],
    });
    const pub = raw5(h, 'P');
    // PUBLISH QoS 0 "t", User Properties z=1, a=2, m=3, then the payload "x".
    const prop = (k: string, v: string) => [0x26, 0, 1, ...utf8(k), 0, 1, ...utf8(v)];
    const props = [...prop('z', '1'), ...prop('a', '2'), ...prop('m', '3')];
    const body = [0, 1, 0x74, props.length, ...props, 0x78];
    pub.send(Uint8Array.from([0x30, body.length, ...body]));
    const out = h.events.flatMap((e) =>
      e.type === 'packet.out' && e.cmd === 'publish' ? [e.bytes] : [],
    );
    expect(out).toHaveLength(1);
    // The same properties, bytes for bytes, in the same order (the broker adds none here).
    expect(Buffer.from(out[0]!).includes(Buffer.from(props))).toBe(true);
    expect(got(sub, 'publish')[0]?.properties?.userProperties).toEqual({ z: '1', a: '2', m: '3' });
  });

  it('[MQTT-3.3.2-19] a Content Type that is not well-formed UTF-8 is malformed: DISCONNECT 0x81', () => {
    const h = std();
    const c = raw5(h, 'A');
    // PUBLISH QoS 0, topic "t", properties: Content Type (0x03) "c" 0xC3 0x28.
    c.send(hex('30 0b 0001 74 06 03 0003 63 c3 28 78'));
    expect(disconnectCode(c)).toBe(0x81);
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-3.3.2-20] the Content Type goes unaltered to every subscriber', () => {
    expect(forwarded({ contentType: 'application/json; charset=utf-8' })).toMatchObject([
      { contentType: 'application/json; charset=utf-8' },
      { contentType: 'application/json; charset=utf-8' },
    ]);
  });
});
