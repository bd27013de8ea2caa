/**
 * MQTT 5 features of issue 8 over TCP through the Node host, with mqtt.js at protocolVersion 5
 * (a raw socket where mqtt.js will not misbehave on purpose). The in-memory cases with the same
 * ids: app/broker/rules/mqtt5Features.test.ts. Continued in mqtt5Messages.tcp.test.ts.
 */
import type { IClientOptions, IPublishPacket } from 'mqtt';
import { describe, expect, it } from 'vitest';
import type { ProfileOverrides } from '../broker/profiles';
import { type HostEnv } from './testing/hostEnv';
import { connectOf } from './testing/rawSocket';
import { waitFor } from './testing/waitFor';
import { disconnectOf, eventsOf, inbox, mqtt5Kit } from './testing/mqtt5Kit';

const { start, open, raw } = mqtt5Kit();
const ids = (p: IPublishPacket): number[] =>
  [p.properties?.subscriptionIdentifier ?? []].flat().sort((a, b) => a - b);

describe('MQTT 5 Subscription Identifiers over TCP (mqtt.js v5)', () => {
  it('[MQTT-3.3.4-3] [MQTT-3.3.4-4] one PUBLISH carries the id of every matching subscription', async () => {
    const h = await start();
    const { client: sub } = await open(h, 'sub');
    const got = inbox(sub);
    await sub.subscribeAsync('a/+', { qos: 1, properties: { subscriptionIdentifier: 7 } });
    await sub.subscribeAsync('a/b', { qos: 0, properties: { subscriptionIdentifier: 300 } });
    await sub.subscribeAsync('#', { qos: 1 });
    const { client: pub } = await open(h, 'pub');
    await pub.publishAsync('a/b', 'both', { qos: 1 });
    await pub.publishAsync('a/c', 'one', { qos: 1 });
    await waitFor(() => got.length === 2, 'two messages');
    expect(got.map(ids)).toEqual([[7, 300], [7]]);
  });

  it('[MQTT 5.0 §3.8.2.1.2] a Subscription Identifier of 0: DISCONNECT 0x82', async () => {
    const h = await start();
    const { client } = await open(h, 'sub');
    const disconnect = disconnectOf(client);
    client.subscribe('z/#', { qos: 1, properties: { subscriptionIdentifier: 0 } }, () => undefined);
    expect((await disconnect).reasonCode).toBe(0x82);
    expect(eventsOf(h, 'subscription.added')).toEqual([]);
  });
});

describe('MQTT 5 subscription options over TCP (mqtt.js v5)', () => {
  it('[MQTT-3.8.3-3, 5.0] [MQTT-3.3.1-12, 5.0] [MQTT-3.3.1-13] No Local and Retain As Published', async () => {
    const h = await start();
    const { client: a } = await open(h, 'a');
    const { client: b } = await open(h, 'b');
    const gotA = inbox(a);
    const gotB = inbox(b);
    await a.subscribeAsync('n/#', { qos: 1, nl: true, rap: true });
    await b.subscribeAsync('n/#', { qos: 1, nl: false, rap: false });
    await a.publishAsync('n/1', 'r', { qos: 1, retain: true });
    await b.publishAsync('n/2', 'from b', { qos: 1, retain: true });
    await waitFor(() => gotA.length === 1 && gotB.length === 2, 'the deliveries');
    // a got only b's message, RETAIN as published; b got both, with RETAIN=0.
    expect(gotA.map((p) => [p.payload.toString(), p.retain])).toEqual([['from b', true]]);
    expect(gotB.map((p) => [p.payload.toString(), p.retain])).toEqual([
      ['r', false],
      ['from b', false],
    ]);
  });

  it('[MQTT-3.3.1-9, 5.0] [MQTT-3.3.1-10, 5.0] [MQTT-3.3.1-11, 5.0] Retain Handling 0, 1 and 2', async () => {
    const h = await start();
    const { client: pub } = await open(h, 'pub');
    await pub.publishAsync('k/1', 'kept', { qos: 1, retain: true });
    const counts: number[] = [];
    for (const rh of [0, 1, 2] as const) {
      const { client } = await open(h, `rh${rh}`);
      const got = inbox(client);
      await client.subscribeAsync('k/#', { qos: 1, rh });
      await client.subscribeAsync('k/#', { qos: 1, rh });
      await pub.publishAsync('k/2', 'sync', { qos: 1 });
      await waitFor(() => got.some((p) => p.payload.toString() === 'sync'), `rh ${rh} live`);
      counts.push(got.filter((p) => p.payload.toString() === 'kept').length);
    }
    expect(counts).toEqual([2, 1, 0]);
  });
});

describe('MQTT 5 Maximum Packet Size over TCP (mqtt.js v5)', () => {
  it("[MQTT-3.1.2-24, 5.0] [MQTT-3.1.2-25] a PUBLISH over the client's maximum is not sent to it; others get it", async () => {
    const h = await start();
    const { client: small } = await open(h, 'small', { properties: { maximumPacketSize: 64 } });
    const { client: big } = await open(h, 'big');
    const gotSmall = inbox(small);
    const gotBig = inbox(big);
    await small.subscribeAsync('m/#', { qos: 1 });
    await big.subscribeAsync('m/#', { qos: 1 });
    await big.publishAsync('m/1', 'x'.repeat(100), { qos: 1 });
    await big.publishAsync('m/2', 'ok', { qos: 1 });
    await waitFor(() => gotBig.length === 2 && gotSmall.length === 1, 'the deliveries');
    expect(gotSmall.map((p) => p.payload.toString())).toEqual(['ok']);
    expect(eventsOf(h, 'message.dropped')).toMatchObject([
      { clientId: 'small', reason: 'too-large-for-client' },
    ]);
  });

  it('[MQTT-3.2.2-15] a packet over the broker maximum (profile maxPacketSize): DISCONNECT 0x95', async () => {
    const h = await start({ maxPacketSize: 128 });
    const { client, connack } = await open(h, 'c');
    expect(connack.properties?.maximumPacketSize).toBe(128);
    const disconnect = disconnectOf(client);
    client.publish('t', 'x'.repeat(200), { qos: 0 });
    expect((await disconnect).reasonCode).toBe(0x95);
    expect(eventsOf(h, 'message.published')).toEqual([]);
  });
});

describe('MQTT 5 Server Keep Alive over TCP (mqtt.js v5)', () => {
  it('[MQTT-3.1.2-21, 5.0] [MQTT-3.1.2-22, 5.0] the broker maximum is returned as Server Keep Alive; mqtt.js keeps to it, a silent client is closed', async () => {
    // 2 s, not 1: mqtt.js pings every 2 s and is closed only after 3 s of silence, so a busy
    // machine has a second of slack.
    const h = await start({ maxKeepAlive: 2 });
    const { client, connack } = await open(h, 'pinger', { keepalive: 60 });
    expect(connack.properties?.serverKeepAlive).toBe(2);
    let pings = 0;
    client.on('packetsend', (p) => (pings += p.cmd === 'pingreq' ? 1 : 0));
    const silent = await raw(h);
    silent.send(connectOf('silent', {}, 60));
    await waitFor(() => silent.of('connack').length === 1, 'CONNACK');
    expect(silent.of('connack')[0]!.properties?.serverKeepAlive).toBe(2);
    await waitFor(() => silent.closed, 'the silent client closed', 6000);
    expect(silent.of('disconnect')).toMatchObject([{ reasonCode: 0x8d }]);
    const closed = eventsOf(h, 'connection.closed');
    expect(closed).toMatchObject([{ clientId: 'silent', reason: 'keepalive-timeout' }]);
    expect(pings).toBeGreaterThan(0);
    expect(client.connected).toBe(true);
  }, 12_000);
});

describe('MQTT 5 Will Delay Interval over TCP (mqtt.js v5)', () => {
  const withWill = (delay: number, sessionExpiry: number): IClientOptions => ({
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
  async function watched(overrides: ProfileOverrides = {}) {
    const h = await start(overrides);
    const { client: watcher } = await open(h, 'watcher');
    const got = inbox(watcher);
    await watcher.subscribeAsync('will/#', { qos: 1 });
    return { h, got };
  }
  /** Milliseconds from the Will connection's end to its Will, on the host's clock. */
  const willLag = (h: HostEnv) => {
    const closed = eventsOf(h, 'connection.closed').find((e) => e.clientId === 'w')!;
    return eventsOf(h, 'will.published')[0]!.at - closed.at;
  };

  it('[MQTT-3.1.2-8, 5.0] the Will goes after the Will Delay Interval when that comes first', async () => {
    const { h, got } = await watched();
    const { client } = await open(h, 'w', withWill(1, 60));
    client.stream.destroy();
    await waitFor(() => got.length === 1, 'the Will', 4000);
    expect(willLag(h)).toBeGreaterThanOrEqual(1000);
  });

  it('[MQTT-3.1.2-8, 5.0] the Will goes when the session ends, if that is before the delay', async () => {
    const { h, got } = await watched();
    const { client } = await open(h, 'w', withWill(60, 1));
    client.stream.destroy();
    await waitFor(() => got.length === 1, 'the Will', 4000);
    expect(willLag(h)).toBeGreaterThanOrEqual(1000);
    expect(eventsOf(h, 'session.expired')).toMatchObject([{ clientId: 'w' }]);
  });

  it('[MQTT-3.1.3-9, 5.0] a resume within the delay cancels the Will', async () => {
    const { h, got } = await watched();
    const { client } = await open(h, 'w', withWill(2, 60));
    client.stream.destroy();
    await waitFor(() => eventsOf(h, 'will.scheduled').length === 1, 'the Will scheduled');
    const { connack } = await open(h, 'w', {
      clean: false,
      properties: { sessionExpiryInterval: 60 },
    });
    expect(connack.sessionPresent).toBe(true);
    await new Promise((r) => setTimeout(r, 2500));
    expect(got).toEqual([]);
    expect(eventsOf(h, 'will.cancelled')).toHaveLength(1);
  }, 10_000);

  it('[MQTT-3.1.3-9, 5.0] [MQTT-3.1.4-3, 5.0] a takeover within the delay cancels the Will', async () => {
    const { h, got } = await watched();
    const { client: first } = await open(h, 'w', withWill(2, 60));
    const disconnect = disconnectOf(first);
    await open(h, 'w', { clean: false, properties: { sessionExpiryInterval: 60 } });
    expect((await disconnect).reasonCode).toBe(0x8e);
    await new Promise((r) => setTimeout(r, 2500));
    expect(got).toEqual([]);
    expect(eventsOf(h, 'will.cancelled')).toHaveLength(1);
  }, 10_000);

  it('[MQTT-3.1.2-8, 5.0] DISCONNECT 0x04 (Disconnect with Will Message) sends the Will', async () => {
    const { h, got } = await watched();
    const { client } = await open(h, 'w', withWill(0, 60));
    await client.endAsync(false, { reasonCode: 0x04 });
    await waitFor(() => got.length === 1, 'the Will');
    expect(got[0]!.payload.toString()).toBe('gone');
  });
});

describe('MQTT 5 Assigned Client Identifier over TCP (mqtt.js v5)', () => {
  it('[MQTT-3.2.2-16] an empty client id gets a new one in CONNACK, different each time', async () => {
    const h = await start();
    const { connack: first } = await open(h, '');
    const { connack: second } = await open(h, '');
    const a = first.properties?.assignedClientIdentifier;
    const b = second.properties?.assignedClientIdentifier;
    expect(a).toBeTruthy();
    expect(b).toBeTruthy();
    expect(a).not.toBe(b);
  });
});
