import { describe, expect, it } from 'vitest';
import type { PacketOf } from '../packets';
import { PROFILE_NAMES, validateOverrides } from '../profiles';
import { harness, type Harness } from '../../testkit/harness';
import type { TestClient } from '../../testkit/testClient';

/** The topics of the PUBLISHes a client received, its aliases resolved as a client would. */
function topicsSeen(c: TestClient): string[] {
  const aliases = new Map<number, string>();
  return c.publishes().map((p) => {
    const alias = p.properties?.topicAlias;
    if (alias === undefined) return p.topic;
    if (p.topic !== '') aliases.set(alias, p.topic);
    return aliases.get(alias) ?? `<unknown alias ${alias}>`;
  });
}

/** Each PUBLISH received as [topic as sent, alias]: what went over the wire. */
const onWire = (c: TestClient) =>
  c.publishes().map((p) => [p.topic, p.properties?.topicAlias] as const);

/** A v5 publisher on its own connection. */
function publisher(h: Harness, clientId = 'P'): TestClient {
  const p = h.client(5);
  p.connect({ clientId });
  return p;
}

const published = (h: Harness) =>
  h.of('message.published').map((e) => new TextDecoder().decode(e.payload));

const alias = (topicAlias: number): { properties: PacketOf<'publish'>['properties'] } => ({
  properties: { topicAlias },
});

describe('Topic Alias, client to broker', () => {
  it('[MQTT-3.2.2-17] CONNACK offers the profile’s Topic Alias Maximum', () => {
    const offered = PROFILE_NAMES.map(
      (profile) =>
        harness({ profile }).client(5).connect({ clientId: 'A' })?.properties?.topicAliasMaximum,
    );
    expect(offered).toEqual([8, 65_535, 10, 65_535]);
    const off = harness({ profile: 'standard', overrides: { topicAliasMaximum: 0 } });
    expect(off.client(5).connect({ clientId: 'A' })?.properties?.topicAliasMaximum).toBe(0);
  });

  it('[profiles] topicAliasMaximum is a whole number 0..65535, assignTopicAliases a boolean', () => {
    expect(validateOverrides({ topicAliasMaximum: 0, assignTopicAliases: true })).toEqual([]);
    expect(validateOverrides({ topicAliasMaximum: 65_535 })).toEqual([]);
    for (const bad of [65_536, 1.5, -1, Infinity, '8']) {
      expect(validateOverrides({ topicAliasMaximum: bad }), String(bad)).toHaveLength(1);
    }
    expect(validateOverrides({ assignTopicAliases: 'yes' })).toHaveLength(1);
  });

  it('[MQTT-3.3.2-12] an alias with a topic sets it, with an empty topic uses it; the message has the real topic', () => {
    const h = harness({ profile: 'standard' });
    const sub = h.client(4);
    sub.connect({ clientId: 'S' });
    sub.subscribe('t/#', 1);
    const p = publisher(h);
    p.publish('t/x', 'first', 1, { ...alias(3), retain: true });
    p.publish('', 'second', 1, alias(3));
    // A topic on a known alias changes it.
    p.publish('t/y', 'third', 0, alias(3));
    p.publish('', 'fourth', 0, alias(3));
    expect(p.last('disconnect')).toBeUndefined();
    expect(sub.publishes().map((m) => [m.topic, m.payload.toString()])).toEqual([
      ['t/x', 'first'],
      ['t/x', 'second'],
      ['t/y', 'third'],
      ['t/y', 'fourth'],
    ]);
    expect(h.of('message.published')).toMatchObject([
      { topic: 't/x', topicAlias: 3 },
      { topic: 't/x', topicAlias: 3 },
      { topic: 't/y', topicAlias: 3 },
      { topic: 't/y', topicAlias: 3 },
    ]);
    expect(h.of('retained.set')).toMatchObject([{ topic: 't/x' }]);
    // The retained message keeps the topic, not the publisher's alias.
    const late = h.client(5);
    late.connect({ clientId: 'L' });
    late.subscribe('t/x', 1);
    expect(onWire(late)).toEqual([['t/x', undefined]]);
  });

  it('[auth] an alias does not get round a publish rule: the rule sees the real topic', () => {
    const h = harness({ profile: 'standard', access: { denyPublish: ['secret/#'] } });
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('#', 1);
    const p = publisher(h);
    p.publish('secret/x', 'one', 1, alias(1));
    p.publish('', 'two', 1, alias(1));
    expect(p.publishes()).toEqual([]);
    expect(p.received.filter((x) => x.cmd === 'puback').map((x) => x.reasonCode)).toEqual([
      0x87, 0x87,
    ]);
    expect(sub.publishes()).toEqual([]);
    expect(h.of('message.published')).toMatchObject([
      { topic: 'secret/x', topicAlias: 1 },
      { topic: 'secret/x', topicAlias: 1 },
    ]);
  });

  it('[MQTT-3.3.2-8] Topic Alias 0 ends the connection with DISCONNECT 0x94', () => {
    const h = harness({ profile: 'standard' });
    const p = publisher(h);
    p.publish('t/x', 'zero', 1, alias(0));
    expect(p.last('disconnect')).toMatchObject({ reasonCode: 0x94 });
    expect(p.closedByBroker).toBe(true);
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-3.3.2-9] an alias above the Topic Alias Maximum ends the connection with 0x94', () => {
    const h = harness({ profile: 'aws' });
    const p = publisher(h);
    p.publish('t/x', 'eight', 1, alias(8));
    expect(p.last('disconnect')).toBeUndefined();
    p.publish('t/x', 'nine', 1, alias(9));
    expect(p.last('disconnect')).toMatchObject({ reasonCode: 0x94 });
    expect(h.of('protocol.error')).toMatchObject([{ clientId: 'P', reasonCode: 0x94 }]);
    expect(published(h)).toEqual(['eight']);
  });

  it('[MQTT-3.2.2-18] Topic Alias Maximum 0 offers none: any alias, or an empty topic, is 0x94 (as before)', () => {
    const h = harness({ profile: 'standard', overrides: { topicAliasMaximum: 0 } });
    const p = publisher(h);
    p.publish('t/x', 'one', 1, alias(1));
    expect(p.last('disconnect')).toMatchObject({ reasonCode: 0x94 });
    const q = publisher(h, 'Q');
    q.publish('', 'none', 0);
    expect(q.last('disconnect')).toMatchObject({ reasonCode: 0x94 });
  });

  it('[MQTT-3.3.2-7] an empty topic with an alias never set on this connection is a Protocol Error (0x82)', () => {
    const h = harness({ profile: 'standard' });
    const p = publisher(h);
    p.publish('t/x', 'sets 1', 0, alias(1));
    p.publish('', 'uses 2', 0, alias(2));
    expect(p.last('disconnect')).toMatchObject({ reasonCode: 0x82 });
    expect(published(h)).toEqual(['sets 1']);
  });

  it('[MQTT-3.3.2-1, 5.0] with aliases on offer, an empty topic and no alias is a Protocol Error (0x82)', () => {
    const h = harness({ profile: 'standard' });
    const p = publisher(h);
    p.publish('', 'nothing', 0);
    expect(p.last('disconnect')).toMatchObject({ reasonCode: 0x82 });
  });

  it('[MQTT-3.3.2-2, 5.0] an alias does not make an invalid topic valid, and is not set by it', () => {
    const h = harness({ profile: 'standard' });
    const p = publisher(h);
    p.publish('t/#', 'wild', 0, alias(1));
    expect(p.last('disconnect')).toMatchObject({ reasonCode: 0x90 });
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-3.3.2-7] aliases end with the connection (reconnect, takeover); the session and its subscriptions do not', () => {
    const h = harness({ profile: 'standard' });
    const persistent = { clientId: 'P', clean: false, properties: { sessionExpiryInterval: 600 } };
    const first = h.client(5);
    first.connect(persistent);
    first.subscribe('t/#', 1);
    first.publish('t/x', 'sets 1', 1, alias(1));
    first.disconnect();

    const again = h.client(5);
    expect(again.connect(persistent)?.sessionPresent).toBe(true);
    again.publish('', 'uses 1', 1, alias(1));
    expect(again.last('disconnect')).toMatchObject({ reasonCode: 0x82 });

    const third = h.client(5);
    expect(third.connect(persistent)?.sessionPresent).toBe(true);
    third.publish('t/y', 'sets 1 again', 1, alias(1));
    // [MQTT-3.1.4-3, 5.0] a takeover: the new connection does not inherit the old one's aliases.
    const taker = h.client(5);
    expect(taker.connect(persistent)?.sessionPresent).toBe(true);
    expect(third.last('disconnect')).toMatchObject({ reasonCode: 0x8e });
    taker.publish('', 'uses 1', 1, alias(1));
    expect(taker.last('disconnect')).toMatchObject({ reasonCode: 0x82 });

    expect(h.broker.sessions().find((s) => s.clientId === 'P')?.subscriptions).toMatchObject([
      { filter: 't/#' },
    ]);
    expect(published(h)).toEqual(['sets 1', 'sets 1 again']);
  });
});

describe('Topic Alias, broker to client', () => {
  it('[MQTT-3.1.2-27] no alias for a client whose CONNECT offered none (absent, 0, or MQTT 3.1.1)', () => {
    const h = harness({ profile: 'standard' });
    const absent = h.client(5);
    absent.connect({ clientId: 'absent' });
    const zero = h.client(5);
    zero.connect({ clientId: 'zero', properties: { topicAliasMaximum: 0 } });
    const v4 = h.client(4);
    v4.connect({ clientId: 'v4' });
    for (const c of [absent, zero, v4]) c.subscribe('t/#', 1);
    const p = publisher(h);
    for (const qos of [0, 1, 0, 1] as const) p.publish('t/x', `q${qos}`, qos);
    for (const c of [absent, zero, v4]) {
      expect(onWire(c)).toEqual(Array(4).fill(['t/x', undefined]));
    }
    expect(h.of('message.sent').some((e) => e.topicAlias !== undefined)).toBe(false);
  });

  it('[MQTT-3.3.2-11] aliases in order of first use up to the client’s maximum: alias and topic first, alias alone after', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    a.connect({ clientId: 'A', properties: { topicAliasMaximum: 2 } });
    a.subscribe('t/#', 1);
    const p = publisher(h);
    const topics = ['t/a', 't/b', 't/c', 't/a', 't/b', 't/c', 't/a'];
    topics.forEach((t, i) => p.publish(t, `m${i}`, (i % 2) as 0 | 1));
    expect(onWire(a)).toEqual([
      ['t/a', 1],
      ['t/b', 2],
      ['t/c', undefined], // the maximum is reached: no alias, the topic in full
      ['', 1],
      ['', 2],
      ['t/c', undefined],
      ['', 1],
    ]);
    expect(topicsSeen(a)).toEqual(topics);
    expect(h.of('message.sent').map((e) => [e.topicAlias, e.topicAliasOnly])).toEqual([
      [1, false],
      [2, false],
      [undefined, undefined],
      [1, true],
      [2, true],
      [undefined, undefined],
      [1, true],
    ]);
  });

  it('[MQTT-3.3.2-11] assignTopicAliases off (aws, mosquitto, emqx by default): no alias even when the client accepts them', () => {
    for (const profile of ['aws', 'mosquitto', 'emqx'] as const) {
      const h = harness({ profile });
      const a = h.client(5);
      a.connect({ clientId: 'A', properties: { topicAliasMaximum: 10 } });
      a.subscribe('t/#', 1);
      const p = publisher(h);
      p.publish('t/x', 'one', 1);
      p.publish('t/x', 'two', 1);
      expect(onWire(a), profile).toEqual([
        ['t/x', undefined],
        ['t/x', undefined],
      ]);
    }
    const on = harness({ profile: 'aws', overrides: { assignTopicAliases: true } });
    const a = on.client(5);
    a.connect({ clientId: 'A', properties: { topicAliasMaximum: 10 } });
    a.subscribe('t/#', 1);
    publisher(on).publish('t/x', 'one', 1);
    expect(onWire(a)).toEqual([['t/x', 1]]);
  });

  it('[MQTT-3.3.2-7] a new connection (reconnect, takeover) starts with no aliases: the topic goes again', () => {
    const h = harness({ profile: 'standard' });
    const connect = (c: TestClient) =>
      c.connect({
        clientId: 'A',
        clean: false,
        properties: { sessionExpiryInterval: 600, topicAliasMaximum: 5 },
      });
    const first = h.client(5);
    connect(first);
    first.subscribe('t/#', 1);
    const p = publisher(h);
    p.publish('t/x', 'a', 1);
    p.publish('t/x', 'b', 1);
    first.disconnect();
    const second = h.client(5);
    connect(second);
    p.publish('t/x', 'c', 1);
    p.publish('t/x', 'd', 1);
    const third = h.client(5);
    connect(third); // takes over the second
    p.publish('t/x', 'e', 1);
    const wire = [first, second, third].map(onWire);
    expect(wire).toEqual([
      [
        ['t/x', 1],
        ['', 1],
      ],
      [
        ['t/x', 1],
        ['', 1],
      ],
      [['t/x', 1]],
    ]);
  });

  it('[MQTT-4.4.0-1, 5.0] a resumed session’s resends (DUP) and stored messages carry their topics anew on the new connection', () => {
    const h = harness({ profile: 'standard' });
    const connect = (c: TestClient) =>
      c.connect({
        clientId: 'A',
        clean: false,
        properties: { sessionExpiryInterval: 600, topicAliasMaximum: 5 },
      });
    const first = h.client(5);
    first.holdAcks = true;
    connect(first);
    first.subscribe('t/#', 1);
    const p = publisher(h);
    p.publish('t/x', 'm0', 1);
    p.publish('t/x', 'm1', 1);
    p.publish('t/y', 'm2', 1);
    expect(onWire(first)).toEqual([
      ['t/x', 1],
      ['', 1],
      ['t/y', 2],
    ]);
    first.drop();
    p.publish('t/y', 'm3', 1);
    p.publish('t/z', 'm4', 1);

    const back = h.client(5);
    expect(connect(back)?.sessionPresent).toBe(true);
    expect(back.publishes().map((m) => [m.topic, m.properties?.topicAlias, m.dup])).toEqual([
      ['t/x', 1, true],
      ['', 1, true],
      ['t/y', 2, true],
      ['', 2, false],
      ['t/z', 3, false],
    ]);
    expect(topicsSeen(back)).toEqual(['t/x', 't/x', 't/y', 't/y', 't/z']);
    expect(back.payloads()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(h.of('message.resent').map((e) => [e.topicAlias, e.topicAliasOnly])).toEqual([
      [1, false],
      [1, true],
      [2, false],
    ]);
  });

  it('[MQTT-3.3.2-11] fan-out: a client with aliases gets its own packets, those without share one encoding', () => {
    const h = harness({ profile: 'standard', tracePackets: true });
    const plain1 = h.client(5);
    plain1.connect({ clientId: 'plain1' });
    const plain2 = h.client(5);
    plain2.connect({ clientId: 'plain2' });
    const aliased = h.client(5);
    aliased.connect({ clientId: 'aliased', properties: { topicAliasMaximum: 1 } });
    for (const c of [plain1, plain2, aliased]) c.subscribe('t/#', 0);
    const p = publisher(h);
    p.publish('t/kitchen/temperature', 'one', 0);
    p.publish('t/kitchen/temperature', 'two', 0);
    expect(onWire(plain1)).toEqual([
      ['t/kitchen/temperature', undefined],
      ['t/kitchen/temperature', undefined],
    ]);
    expect(onWire(plain2)).toEqual(onWire(plain1));
    expect(onWire(aliased)).toEqual([
      ['t/kitchen/temperature', 1],
      ['', 1],
    ]);
    expect(topicsSeen(aliased)).toEqual(['t/kitchen/temperature', 't/kitchen/temperature']);
    const bytesOf = (id: string) =>
      h.events.flatMap((e) =>
        e.type === 'packet.out' && e.cmd === 'publish' && e.clientId === id ? [e.bytes] : [],
      );
    // The same bytes, encoded once, for both clients without aliases.
    expect(bytesOf('plain1')).toHaveLength(2);
    bytesOf('plain1').forEach((b, i) => expect(b).toBe(bytesOf('plain2')[i]));
    expect(bytesOf('aliased')[1]!.length).toBeLessThan(bytesOf('plain1')[1]!.length);
  });

  it('[MQTT-3.1.2-25] a PUBLISH too large for the client is dropped and sets no alias', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    a.connect({ clientId: 'A', properties: { topicAliasMaximum: 5, maximumPacketSize: 64 } });
    a.subscribe('t/#', 1);
    const p = publisher(h);
    p.publish('t/x', 'x'.repeat(100), 1);
    p.publish('t/x', 'small', 1);
    p.publish('t/x', 'again', 1);
    expect(h.of('message.dropped')).toMatchObject([{ reason: 'too-large-for-client' }]);
    expect(onWire(a)).toEqual([
      ['t/x', 1],
      ['', 1],
    ]);
  });

  it('[MQTT-3.3.2-11] a retained message sent on subscribe gets an alias of this connection', () => {
    const h = harness({ profile: 'standard' });
    const p = publisher(h);
    p.publish('t/r', 'kept', 1, { retain: true, ...alias(7) });
    const a = h.client(5);
    a.connect({ clientId: 'A', properties: { topicAliasMaximum: 3 } });
    a.subscribe('t/#', 1);
    p.publish('t/r', 'live', 1);
    expect(a.publishes().map((m) => [m.topic, m.properties?.topicAlias, m.retain])).toEqual([
      ['t/r', 1, true],
      ['', 1, false],
    ]);
  });
});
