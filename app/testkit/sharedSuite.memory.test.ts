import type { IDisconnectPacket, MqttClient, Packet } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { runSharedSuite } from './sharedSuite';
import { createMemoryEnv, type MemoryEnv } from './mqttjsMemory';

runSharedSuite('the in-memory transport', (options) => createMemoryEnv(options));

/** What only the in-memory env can show: hours of simulated time with real mqtt.js clients. */
describe('mqtt.js over the in-memory transport on a virtual clock', () => {
  let env: MemoryEnv | undefined;

  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  async function connected(client: MqttClient): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
  }

  function record(client: MqttClient) {
    const sent: Packet[] = [];
    const disconnects: IDisconnectPacket[] = [];
    const errors: Error[] = [];
    let closed = false;
    client.on('packetsend', (p: Packet) => sent.push(p));
    client.on('disconnect', (p: IDisconnectPacket) => disconnects.push(p));
    client.on('error', (e: Error) => errors.push(e));
    client.on('close', () => (closed = true));
    return { sent, disconnects, errors, closed: () => closed };
  }

  it('delivers asynchronously: mqtt.js hears of CONNACK on a later turn than the broker sent it', async () => {
    env = createMemoryEnv({ profile: 'standard' });
    let connectedWhenSent: boolean | undefined;
    env.broker.subscribe((e) => {
      if (e.type === 'connack.sent') connectedWhenSent = client.connected;
    });
    const client = env.open({ clientId: 'async', protocolVersion: 4 });
    expect(client.connected).toBe(false);
    await connected(client);
    expect(connectedWhenSent).toBe(false);
    expect(client.connected).toBe(true);
  });

  it.each([4, 5] as const)(
    '[MQTT-3.1.2-24, 3.1.1] [MQTT-3.1.2-22, 5.0] at any speed a healthy client is never timed out: keep-alive 60, 1 simulated hour (MQTT %s)',
    async (protocolVersion) => {
      env = createMemoryEnv({ profile: 'aws' });
      const client = env.open({
        clientId: `healthy-${protocolVersion}`,
        protocolVersion,
        keepalive: 60,
      });
      const seen = record(client);
      await connected(client);

      await env.advance(3_600_000);

      expect(env.clock.now()).toBe(3_600_000);
      expect(env.events().filter((e) => e.type === 'connection.closed')).toEqual([]);
      expect(client.connected).toBe(true);
      expect(seen.closed()).toBe(false);
      expect(seen.errors).toEqual([]);
      // mqtt.js pings after 60 s without a packet from the broker: about once a minute.
      const pings = seen.sent.filter((p) => p.cmd === 'pingreq').length;
      expect(pings).toBeGreaterThanOrEqual(55);
      expect(pings).toBeLessThanOrEqual(61);
    },
  );

  it.each([4, 5] as const)(
    '[MQTT-3.1.2-24, 3.1.1] [MQTT-3.1.2-22, 5.0] a client whose timers do not follow the simulated clock is timed out at 1.5 × keep-alive (MQTT %s)',
    async (protocolVersion) => {
      env = createMemoryEnv({ profile: 'aws' });
      // 'native': mqtt.js's own setInterval, in wall time, so it never pings here.
      const client = env.open({
        clientId: `silent-${protocolVersion}`,
        protocolVersion,
        keepalive: 60,
        timerVariant: 'native',
      });
      const seen = record(client);
      await connected(client);

      await env.advance(89_000);
      expect(client.connected).toBe(true);
      await env.advance(2_000);

      const closes = env.events().filter((e) => e.type === 'connection.closed');
      expect(closes.map((e) => [e.reason, e.at])).toEqual([['keepalive-timeout', 90_000]]);
      expect(seen.closed()).toBe(true);
      // MQTT 5 says why: DISCONNECT 0x8D Keep Alive timeout.
      expect(seen.disconnects.map((p) => p.reasonCode)).toEqual(
        protocolVersion === 5 ? [0x8d] : [],
      );
    },
  );

  it('[AWS-replay] a resumed session replays its store at 10 messages per second to mqtt.js', async () => {
    env = createMemoryEnv({ profile: 'aws' });
    const sub = env.open({ clientId: 'paced', protocolVersion: 4, clean: false });
    await connected(sub);
    await sub.subscribeAsync('lab/paced', { qos: 1 });
    await sub.endAsync();

    const pub = env.open({ clientId: 'paced-pub', protocolVersion: 4 });
    await connected(pub);
    for (let i = 1; i <= 25; i++) await pub.publishAsync('lab/paced', `m${i}`, { qos: 1 });

    const back = env.open({ clientId: 'paced', protocolVersion: 4, clean: false });
    const got: string[] = [];
    back.on('message', (_topic: string, payload: Buffer) => got.push(payload.toString()));
    await connected(back);
    const resumedAt = env.clock.now();
    await env.settle();
    expect(got).toEqual(['m1']);

    await env.advance(1000);
    // One at once, then one every 100 ms.
    expect(got).toHaveLength(11);
    await env.advance(1500);
    expect(got).toEqual(Array.from({ length: 25 }, (_, i) => `m${i + 1}`));
    const finished = env.events().filter((e) => e.type === 'replay.finished');
    expect(finished.map((e) => [e.sent, e.at - resumedAt])).toEqual([[25, 2400]]);
  });
});
