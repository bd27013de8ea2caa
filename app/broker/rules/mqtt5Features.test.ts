/**
 * MQTT 5 features of issue 8 over the in-memory connection, one describe per feature and each
 * case named by its statement id (docs/conformance/statements-5.0.md). The same features over
 * TCP with mqtt.js: app/host/mqtt5Features.tcp.test.ts. Messages and properties, flow control,
 * authentication and reason strings: mqtt5Messages.test.ts beside this file.
 */
import { describe, expect, it } from 'vitest';
import type { PacketOf } from '../packets';
import type { ProfileOverrides } from '../profiles';
import { harness } from '../../testkit/harness';

const std = (overrides: ProfileOverrides = {}) => harness({ profile: 'standard', overrides });
/** The Subscription Identifiers of a PUBLISH, sorted (their order is not significant). */
const ids = (p: PacketOf<'publish'>): number[] =>
  [p.properties?.subscriptionIdentifier ?? []].flat().sort((a, b) => a - b);

describe('MQTT 5 Subscription Identifiers', () => {
  it('[MQTT-3.3.4-3] [MQTT-3.3.4-4] one copy carries the id of every matching subscription that has one', () => {
    const h = std();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('a/+', 1, { properties: { subscriptionIdentifier: 7 } });
    sub.subscribe('a/b', 0, { properties: { subscriptionIdentifier: 300 } });
    sub.subscribe('#', 1);
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('a/b', 'both', 1);
    pub.publish('a/c', 'one', 1);
    const [both, one] = sub.publishes();
    expect(sub.publishes()).toHaveLength(2);
    expect(ids(both!)).toEqual([7, 300]);
    expect(both!.qos).toBe(1);
    expect(ids(one!)).toEqual([7]);
  });

  it('[MQTT-3.3.4-5] a shared and a non-shared subscription: two copies, each with its own id', () => {
    const h = std();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('$share/g/s/#', 1, { properties: { subscriptionIdentifier: 1 } });
    sub.subscribe('s/x', 1, { properties: { subscriptionIdentifier: 2 } });
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('s/x', 'twice', 1);
    expect(sub.publishes().map(ids).sort()).toEqual([[1], [2]]);
  });

  it('[MQTT-3.3.4-3] a retained message sent on SUBSCRIBE carries the id; a replacing subscription without one drops it', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('r/x', 'kept', 1, { retain: true });
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/#', 1, { properties: { subscriptionIdentifier: 42 } });
    expect(ids(sub.publishes()[0]!)).toEqual([42]);
    sub.subscribe('r/#', 1, { rh: 2 });
    pub.publish('r/x', 'live', 1);
    expect(sub.publishes()[1]!.properties?.subscriptionIdentifier).toBeUndefined();
  });

  it('[MQTT 5.0 §3.8.2.1.2] a Subscription Identifier of 0 is a protocol error: DISCONNECT 0x82, nothing granted', () => {
    const h = std();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    expect(sub.subscribe('z/#', 1, { properties: { subscriptionIdentifier: 0 } })).toEqual([]);
    expect(sub.last('disconnect')?.reasonCode).toBe(0x82);
    expect(sub.closedByBroker).toBe(true);
    expect(h.of('subscription.added')).toEqual([]);
  });
});

describe('MQTT 5 subscription options', () => {
  function pair() {
    const h = std();
    const a = h.client(5);
    a.connect({ clientId: 'a' });
    const b = h.client(5);
    b.connect({ clientId: 'b' });
    return { h, a, b };
  }

  it('[MQTT-3.8.3-3, 5.0] No Local: the publishing client does not get its own message; another does', () => {
    const { a, b } = pair();
    a.subscribe('n/#', 1, { nl: true });
    b.subscribe('n/#', 1, { nl: true });
    a.publish('n/1', 'from a', 1);
    expect(a.payloads()).toEqual([]);
    expect(b.payloads()).toEqual(['from a']);
  });

  it('[MQTT-3.3.1-12, 5.0] Retain As Published 0: a live retained message is forwarded with RETAIN=0', () => {
    const { a, b } = pair();
    a.subscribe('p/#', 1, { rap: false });
    b.publish('p/1', 'r', 1, { retain: true });
    expect(a.publishes().map((p) => p.retain)).toEqual([false]);
  });

  it('[MQTT-3.3.1-13] Retain As Published 1: the RETAIN flag is kept as published, 1 and 0', () => {
    const { a, b } = pair();
    a.subscribe('p/#', 1, { rap: true });
    b.publish('p/1', 'r', 1, { retain: true });
    b.publish('p/1', 'n', 1, { retain: false });
    expect(a.publishes().map((p) => p.retain)).toEqual([true, false]);
  });

  it('[MQTT-3.3.1-9, 5.0] Retain Handling 0: retained messages on every SUBSCRIBE, a repeated one too', () => {
    const { a, b } = pair();
    b.publish('k/1', 'kept', 1, { retain: true });
    a.subscribe('k/#', 1, { rh: 0 });
    a.subscribe('k/#', 1, { rh: 0 });
    expect(a.publishes().map((p) => [p.payload.toString(), p.retain])).toEqual([
      ['kept', true],
      ['kept', true],
    ]);
  });

  it('[MQTT-3.3.1-10, 5.0] Retain Handling 1: retained messages only when the subscription is new', () => {
    const { a, b } = pair();
    b.publish('k/1', 'kept', 1, { retain: true });
    a.subscribe('k/#', 1, { rh: 1 });
    a.subscribe('k/#', 1, { rh: 1 });
    expect(a.payloads()).toEqual(['kept']);
  });

  it('[MQTT-3.3.1-11, 5.0] Retain Handling 2: no retained messages on SUBSCRIBE; live ones still come', () => {
    const { a, b } = pair();
    b.publish('k/1', 'kept', 1, { retain: true });
    a.subscribe('k/#', 1, { rh: 2 });
    expect(a.payloads()).toEqual([]);
    b.publish('k/1', 'live', 1);
    expect(a.payloads()).toEqual(['live']);
  });
});

describe('MQTT 5 Maximum Packet Size, both ways', () => {
  it("[MQTT-3.1.2-24, 5.0] [MQTT-3.1.2-25] a PUBLISH over the client's maximum is not sent to it, as if delivered; the next one goes", () => {
    const h = std();
    const small = h.client(5);
    small.holdAcks = true;
    small.connect({ clientId: 'small', properties: { maximumPacketSize: 64, receiveMaximum: 1 } });
    small.subscribe('m/#', 1);
    const big = h.client(5);
    big.connect({ clientId: 'big' });
    big.subscribe('m/#', 1);
    big.publish('m/1', 'x'.repeat(100), 1);
    big.publish('m/2', 'ok', 1);
    // Receive Maximum 1 and acks held: had the big one counted as in flight, 'ok' would wait.
    expect(small.payloads()).toEqual(['ok']);
    expect(big.payloads().map((p) => p.length)).toEqual([100, 2]);
    expect(h.of('message.dropped')).toMatchObject([
      { clientId: 'small', reason: 'too-large-for-client' },
    ]);
  });

  it('[MQTT-3.2.2-15] a packet over the broker maximum: CONNACK states it, DISCONNECT 0x95, nothing published', () => {
    const h = std({ maxPacketSize: 128 });
    const c = h.client(5);
    expect(c.connect({ clientId: 'c' })?.properties?.maximumPacketSize).toBe(128);
    c.publish('t', 'x'.repeat(200), 1);
    expect(c.last('disconnect')?.reasonCode).toBe(0x95);
    expect(c.closedByBroker).toBe(true);
    expect(h.of('message.published')).toEqual([]);
    expect(h.of('limit.reached')).toMatchObject([{ limit: 'packet-size', max: 128 }]);
  });
});

describe('MQTT 5 Server Keep Alive', () => {
  it('[MQTT-3.1.2-21, 5.0] a keep-alive over the broker maximum is lowered, returned as Server Keep Alive and used', () => {
    const h = std({ maxKeepAlive: 30 });
    const c = h.client(5);
    expect(c.connect({ clientId: 'c', keepalive: 60 })?.properties?.serverKeepAlive).toBe(30);
    c.hang();
    h.clock.advance(44_999);
    expect(c.closedByBroker).toBe(false);
    h.clock.advance(1);
    expect(c.last('disconnect')?.reasonCode).toBe(0x8d);
    expect(h.of('connection.closed')).toMatchObject([{ reason: 'keepalive-timeout' }]);
  });

  it('[MQTT-3.2.2-22] without Server Keep Alive the broker holds the client to its own keep-alive', () => {
    const h = std({ maxKeepAlive: 30 });
    const c = h.client(5);
    expect(
      c.connect({ clientId: 'c', keepalive: 20 })?.properties?.serverKeepAlive,
    ).toBeUndefined();
    c.hang();
    h.clock.advance(29_999);
    expect(c.closedByBroker).toBe(false);
    h.clock.advance(1);
    expect(c.closedByBroker).toBe(true);
  });

  it('[MQTT-3.1.2-21, 5.0] keep-alive 0 under an enforced maximum: Server Keep Alive is the maximum', () => {
    const h = std({ maxKeepAlive: 30 });
    const c = h.client(5);
    expect(c.connect({ clientId: 'c', keepalive: 0 })?.properties?.serverKeepAlive).toBe(30);
  });
});

describe('MQTT 5 Will Delay Interval and Session Expiry', () => {
  /** A watcher on will/#, and client `w` connected with a Will delayed by `delay` seconds. */
  function willStory(delay: number, sessionExpiry: number) {
    const h = std();
    const watcher = h.client(5);
    watcher.connect({ clientId: 'watcher' });
    watcher.subscribe('will/#', 1);
    const w = h.client(5);
    w.connect({
      clientId: 'w',
      clean: false,
      properties: { sessionExpiryInterval: sessionExpiry },
      will: {
        topic: 'will/w',
        payload: Buffer.from('gone'),
        qos: 1,
        retain: false,
        properties: { willDelayInterval: delay },
      },
    });
    return { h, watcher, w };
  }
  const resume = (h: ReturnType<typeof std>, clean = false) =>
    h.client(5).connect({ clientId: 'w', clean, properties: { sessionExpiryInterval: 60 } });

  it('[MQTT-3.1.2-8, 5.0] the Will goes when the Will Delay Interval has passed, if that comes first', () => {
    const { h, watcher, w } = willStory(10, 60);
    w.drop();
    h.clock.advance(9_999);
    expect(watcher.payloads()).toEqual([]);
    h.clock.advance(1);
    expect(watcher.payloads()).toEqual(['gone']);
    expect(h.of('will.published')).toMatchObject([{ clientId: 'w', at: 10_000 }]);
  });

  it('[MQTT-3.1.2-8, 5.0] the Will goes when the session ends, if that comes before the delay', () => {
    const { h, watcher, w } = willStory(60, 10);
    w.drop();
    h.clock.advance(9_999);
    expect(watcher.payloads()).toEqual([]);
    h.clock.advance(1);
    expect(watcher.payloads()).toEqual(['gone']);
    expect(h.of('session.expired')).toMatchObject([{ clientId: 'w', at: 10_000 }]);
  });

  it('[MQTT-3.1.3-9, 5.0] a resume within the Will Delay Interval cancels the Will', () => {
    const { h, watcher, w } = willStory(30, 60);
    w.drop();
    h.clock.advance(5_000);
    expect(resume(h)?.sessionPresent).toBe(true);
    h.clock.advance(120_000);
    expect(watcher.payloads()).toEqual([]);
    expect(h.of('will.cancelled')).toMatchObject([{ clientId: 'w' }]);
  });

  it('[MQTT-3.1.3-9, 5.0] [MQTT-3.1.4-3, 5.0] a takeover within the Will Delay Interval cancels the Will', () => {
    const { h, watcher, w } = willStory(30, 60);
    resume(h);
    expect(w.last('disconnect')?.reasonCode).toBe(0x8e);
    h.clock.advance(120_000);
    expect(watcher.payloads()).toEqual([]);
    expect(h.of('will.cancelled')).toHaveLength(1);
  });

  it('[MQTT-3.1.2-8, 5.0] a takeover with Clean Start=1 ends the old session, so its Will goes at once', () => {
    const { h, watcher } = willStory(30, 60);
    resume(h, true);
    expect(watcher.payloads()).toEqual(['gone']);
  });

  it('[MQTT-3.1.2-8, 5.0] DISCONNECT 0x04 sends the Will (after its delay); DISCONNECT 0x00 deletes it [MQTT-3.1.2-10, 5.0]', () => {
    const first = willStory(0, 60);
    first.w.disconnect({ reasonCode: 0x04 });
    expect(first.watcher.payloads()).toEqual(['gone']);

    const delayed = willStory(5, 60);
    delayed.w.disconnect({ reasonCode: 0x04 });
    delayed.h.clock.advance(5_000);
    expect(delayed.watcher.payloads()).toEqual(['gone']);

    const normal = willStory(0, 60);
    normal.w.disconnect({ reasonCode: 0x00 });
    normal.h.clock.advance(120_000);
    expect(normal.watcher.payloads()).toEqual([]);
  });
});

describe('MQTT 5 Assigned Client Identifier', () => {
  it('[MQTT-3.2.2-16] an empty client id gets one in CONNACK, not used by any other session', () => {
    const h = std();
    // A client that picked what the broker would assign first: the broker must not reuse it.
    const squatter = h.client(5);
    squatter.connect({ clientId: 'auto-00000001' });
    const c = h.client(5);
    const id = c.connect({ clientId: '' })?.properties?.assignedClientIdentifier;
    expect(id).toBeTruthy();
    expect(id).not.toBe('auto-00000001');
    expect(h.broker.sessions().map((s) => s.clientId)).toEqual(['auto-00000001', id]);
    expect(squatter.closedByBroker).toBe(false);
  });

  it('[MQTT-3.1.3-7, 5.0] a non-empty client id gets no Assigned Client Identifier', () => {
    const h = std();
    const connack = h.client(5).connect({ clientId: 'named' });
    expect(connack?.properties?.assignedClientIdentifier).toBeUndefined();
  });
});
