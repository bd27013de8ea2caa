import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../broker';
import { startHost, type Host } from './host';
import { LOOPBACK } from './testing/hostEnv';
import { waitFor } from './testing/waitFor';

describe('shared subscriptions over TCP with mqtt.js as the client', () => {
  let host: Host | undefined;
  const clients: MqttClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await host?.close();
    host = undefined;
  });

  it('[MQTT 5.0 §4.8.2] two mqtt.js v5 clients in one group share the messages, round-robin', async () => {
    host = await startHost({
      host: LOOPBACK,
      port: 0,
      profile: 'standard',
      overrides: {},
      seed: 1,
      access: { denySubscribe: [], denyPublish: [] },
      log: () => {},
    });
    const events: BrokerEvent[] = [];
    host.broker.subscribe((e) => events.push(e));
    const url = `mqtt://${LOOPBACK}:${host.tcpPort}`;
    const open = (clientId: string) =>
      new Promise<{ client: MqttClient; shared: boolean | undefined }>((resolve, reject) => {
        const c = mqtt.connect(url, { clientId, reconnectPeriod: 0, protocolVersion: 5 });
        clients.push(c);
        c.once('connect', (connack) =>
          resolve({ client: c, shared: connack.properties?.sharedSubscriptionAvailable }),
        );
        c.once('error', reject);
      });

    const received = new Map<string, string[]>();
    for (const id of ['worker-1', 'worker-2']) {
      const { client, shared } = await open(id);
      expect(shared).toBe(true);
      received.set(id, []);
      // mqtt.js hands the message over with the topic it was published on.
      client.on('message', (topic, payload) => received.get(id)!.push(`${topic}:${payload}`));
      const granted = await client.subscribeAsync('$share/workers/jobs/+', { qos: 1 });
      expect(granted.map((g) => g.qos)).toEqual([1]);
    }

    const { client: pub } = await open('dispatcher');
    const jobs = ['j0', 'j1', 'j2', 'j3'];
    for (const job of jobs) await pub.publishAsync('jobs/build', job, { qos: 1 });
    const total = () => [...received.values()].reduce((n, r) => n + r.length, 0);
    await waitFor(() => total() === jobs.length, 'every job at one worker');

    expect(received.get('worker-1')).toEqual(['jobs/build:j0', 'jobs/build:j2']);
    expect(received.get('worker-2')).toEqual(['jobs/build:j1', 'jobs/build:j3']);
    const routed = events.filter((e) => e.type === 'message.routed');
    expect(routed.map((e) => e.shareFilter)).toEqual(jobs.map(() => '$share/workers/jobs/+'));
  });
});
