import { afterEach, describe, expect, it } from 'vitest';
import { connectedClient, createHostEnv, type HostEnv } from './testing/hostEnv';
import { waitFor } from './testing/waitFor';

describe('shared subscriptions over TCP with mqtt.js as the client', () => {
  let env: HostEnv | undefined;

  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  it('[MQTT 5.0 §4.8.2] two mqtt.js v5 clients in one group share the messages, round-robin', async () => {
    const h = await createHostEnv('tcp');
    env = h;
    const open = async (clientId: string) => {
      const { client, connack } = await connectedClient(h, { clientId, protocolVersion: 5 });
      return { client, shared: connack.properties?.sharedSubscriptionAvailable };
    };

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
    const routed = h.events().filter((e) => e.type === 'message.routed');
    expect(routed.map((e) => e.shareFilter)).toEqual(jobs.map(() => '$share/workers/jobs/+'));
  });
});
