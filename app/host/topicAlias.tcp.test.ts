import type { IClientOptions, Packet } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { connectedClient, createHostEnv, type HostEnv } from './testing/hostEnv';
import { waitFor } from './testing/waitFor';

/** A PUBLISH as it crossed the wire: [topic as sent, Topic Alias]. */
type Wire = [string, number | undefined];

const wire = (p: Packet): Wire | undefined =>
  p.cmd === 'publish' ? [p.topic.toString(), p.properties?.topicAlias] : undefined;

describe('Topic Alias over TCP with mqtt.js as the client', () => {
  let env: HostEnv | undefined;

  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  it('[MQTT-3.3.2-10] [MQTT-3.3.2-12] mqtt.js sets and uses aliases, the broker gives its own, every message arrives with its topic', async () => {
    // A Topic Alias Maximum of 2 both ways, so that three topics overflow it in each direction.
    const h = await createHostEnv('tcp', { overrides: { topicAliasMaximum: 2 } });
    env = h;
    const open = async (clientId: string, options: IClientOptions) =>
      (await connectedClient(h, { clientId, protocolVersion: 5, ...options })).client;

    const sub = await open('alias-sub', { properties: { topicAliasMaximum: 2 } });
    const received: [string, string][] = [];
    const toSub: Wire[] = [];
    sub.on('message', (topic, payload) => received.push([topic, payload.toString()]));
    sub.on('packetreceive', (p) => {
      const w = wire(p);
      if (w) toSub.push(w);
    });
    await sub.subscribeAsync('alias/#', { qos: 1 });

    const pub = await open('alias-pub', { autoAssignTopicAlias: true });
    const fromPub: Wire[] = [];
    pub.on('packetsend', (p) => {
      const w = wire(p);
      if (w) fromPub.push(w);
    });
    const sent: [string, string][] = [
      ['alias/kitchen', 'k1'],
      ['alias/hall', 'h1'],
      ['alias/kitchen', 'k2'],
      ['alias/attic', 'a1'],
      ['alias/kitchen', 'k3'],
      ['alias/hall', 'h2'],
    ];
    for (const [topic, payload] of sent) await pub.publishAsync(topic, payload, { qos: 1 });
    await waitFor(() => received.length === sent.length, 'every message at the subscriber');

    expect(received).toEqual(sent);
    // mqtt.js chose its aliases: alias 2 is taken back for the attic, then for the hall again,
    // so the broker's map is changed twice [MQTT-3.3.2-12]...
    expect(fromPub).toEqual([
      ['alias/kitchen', 1],
      ['alias/hall', 2],
      ['', 1],
      ['alias/attic', 2],
      ['', 1],
      ['alias/hall', 2],
    ]);
    // ...the broker read them back to the real topics...
    const published = h.events().filter((e) => e.type === 'message.published');
    expect(published.map((e) => e.topic)).toEqual(sent.map(([t]) => t));
    expect(published.every((e) => e.topicAlias !== undefined)).toBe(true);
    // ...and gave the subscriber its own, in order of first use, up to its maximum of 2.
    expect(toSub).toEqual([
      ['alias/kitchen', 1],
      ['alias/hall', 2],
      ['', 1],
      ['alias/attic', undefined],
      ['', 1],
      ['', 2],
    ]);
  });
});
