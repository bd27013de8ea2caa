import { performance } from 'node:perf_hooks';
import mqtt, { type IClientOptions, type IConnackPacket, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { BrokerEvent, EventOf } from '../broker';
import { parseCli } from './cli';
import { startHost, type Host } from './host';
import { waitFor } from './testing/waitFor';

/**
 * The seed's story, end to end over TCP with mqtt.js in Node and the host in real time: the
 * AWS profile with a 2-second expiry and no jitter. The one test that measures real time: the
 * 10 msg/s replay.
 */
describe('the seed story over TCP with mqtt.js (AWS profile, real time)', () => {
  let host: Host;
  const events: BrokerEvent[] = [];
  const lines: string[] = [];
  const clients = new Set<MqttClient>();

  beforeAll(async () => {
    const cli = parseCli(['--port', '0', '--session-expiry', '2', '--expiry-jitter', '0']);
    if (cli.kind !== 'run') throw new Error(`flags refused: ${JSON.stringify(cli)}`);
    host = await startHost({ ...cli.options, log: (line) => lines.push(line) });
    host.broker.subscribe((e) => events.push(e));
  });

  afterAll(async () => {
    await Promise.all([...clients].map((c) => c.endAsync(true)));
    await host.close();
  });

  const of = <T extends BrokerEvent['type']>(type: T, clientId: string): EventOf<T>[] =>
    events.filter(
      (e): e is EventOf<T> => e.type === type && 'clientId' in e && e.clientId === clientId,
    );

  /** Connects and resolves at CONNACK; messages are recorded (with arrival time) from the start. */
  async function connect(clientId: string, opts: IClientOptions) {
    const client = mqtt.connect(`mqtt://127.0.0.1:${host.tcpPort}`, {
      clientId,
      reconnectPeriod: 0,
      ...opts,
    });
    clients.add(client);
    const got: { topic: string; text: string; qos: number; at: number }[] = [];
    client.on('message', (topic, payload, packet) =>
      got.push({ topic, text: payload.toString(), qos: packet.qos, at: performance.now() }),
    );
    const connack = await new Promise<IConnackPacket>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    return { client, got, connack, connectedAt: performance.now() };
  }

  it.concurrent.for([4, 5] as const)(
    '[AWS-store][AWS-replay][AWS-expiry] MQTT %s: 30 QoS 1 stored, replayed at 10 msg/s in order, no QoS 0; gone after the expiry',
    { timeout: 20_000 },
    async (version, { expect }) => {
      const a = `story-a-v${version}`;
      const topic = `story/v${version}/sensor`;
      const persistent: IClientOptions =
        version === 5
          ? { protocolVersion: 5, clean: false, properties: { sessionExpiryInterval: 3600 } }
          : { protocolVersion: 4, clean: false };

      // A subscribes with a persistent session, QoS 1, and goes away.
      const first = await connect(a, persistent);
      expect(first.connack.sessionPresent).toBe(false);
      // MQTT 5: the broker lowered the 3600 s asked for to its 2 s, and says so.
      if (version === 5) expect(first.connack.properties?.sessionExpiryInterval).toBe(2);
      const granted = await first.client.subscribeAsync(`story/v${version}/#`, { qos: 1 });
      expect(granted.map((g) => g.qos)).toEqual([1]);
      await first.client.endAsync();
      await waitFor(() => of('session.expiry-scheduled', a).length === 1, `${a}'s expiry to start`);

      // B publishes 30 QoS 1 and 5 QoS 0 while A is away; the last one is QoS 1, so its
      // PUBACK means the broker has handled them all.
      const b = await connect(`story-b-v${version}`, { protocolVersion: version, clean: true });
      const expected: string[] = [];
      for (let i = 1; i <= 35; i++) {
        const qos = i % 7 === 3 ? 0 : 1;
        const text = qos === 0 ? `zero-${i}` : `m${i}`;
        if (qos === 1) expected.push(text);
        await b.client.publishAsync(topic, text, { qos });
      }
      expect(expected).toHaveLength(30);
      expect(of('message.stored', a).map((e) => e.reason)).toEqual(Array(30).fill('client-away'));
      expect(of('message.dropped', a).map((e) => e.reason)).toEqual(
        Array(5).fill('qos0-while-away'),
      );

      // A comes back: the session is there, the 30 arrive in order at 10 per second.
      const back = await connect(a, persistent);
      expect(back.connack.sessionPresent).toBe(true);
      await waitFor(() => back.got.length >= 30, 'the 30 stored messages', 10_000);
      expect(back.got.map((m) => m.text)).toEqual(expected);
      expect(back.got.every((m) => m.qos === 1 && m.topic === topic)).toBe(true);
      // One goes at once, then one every 100 ms: 2.9 s for 30, measured in real time.
      const span = back.got[29]!.at - back.connectedAt;
      expect(span).toBeGreaterThanOrEqual(2600);
      expect(span).toBeLessThanOrEqual(4500);
      const gaps = back.got.slice(1).map((m, i) => m.at - back.got[i]!.at);
      const median = [...gaps].sort((x, y) => x - y)[Math.floor(gaps.length / 2)]!;
      expect(median).toBeGreaterThanOrEqual(85);
      expect(median).toBeLessThanOrEqual(150);
      expect(of('replay.finished', a).map((e) => e.sent)).toEqual([30]);

      // A goes away again and stays away past the 2 s expiry: the session is gone.
      await back.client.endAsync();
      await waitFor(() => of('session.expired', a).length === 1, `${a}'s session to expire`, 6000);
      const late = await connect(a, persistent);
      expect(late.connack.sessionPresent).toBe(false);
      // ... and its subscription with it: a new message reaches no one.
      await b.client.publishAsync(topic, 'after expiry', { qos: 1 });
      expect(late.got).toEqual([]);
      const published = events.filter(
        (e): e is EventOf<'message.published'> =>
          e.type === 'message.published' && e.topic === topic,
      );
      const last = published.at(-1)!;
      const drops = events.filter((e) => e.type === 'message.dropped' && e.msgId === last.msgId);
      expect(drops.map((e) => (e as EventOf<'message.dropped'>).reason)).toEqual(['no-subscriber']);

      // The operator's log told the story, one line per step.
      const story = lines.filter((l) => l.includes(`'${a}'`));
      expect(story).toEqual([
        expect.stringMatching(/client 'story-a-v\d' connected .*: new session, expiry 2 s$/),
        expect.stringMatching(/client 'story-a-v\d' closed: client-disconnect$/),
        `session '${a}' kept: expires in 2 s`,
        expect.stringMatching(/client 'story-a-v\d' connected .*: session present, expiry 2 s$/),
        `session '${a}' resumed: 30 stored, 0 in flight, 1 subscription`,
        `replay to '${a}': 30 stored messages, 10 msg/s`,
        expect.stringMatching(new RegExp(`^replay to '${a}' finished: 30 sent in [234]\\.\\d s$`)),
        expect.stringMatching(/client 'story-a-v\d' closed: client-disconnect$/),
        `session '${a}' kept: expires in 2 s`,
        `session '${a}' expired: 0 stored messages discarded`,
        expect.stringMatching(/client 'story-a-v\d' connected .*: new session, expiry 2 s$/),
      ]);
    },
  );
});
