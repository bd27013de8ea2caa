import { connect as netConnect, type Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { generate } from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../broker';
import { mutate } from '../testkit/fuzz/mutations';
import type { Packet } from '../broker/packets';
import { startHost, type Host } from './host';
import { LOOPBACK } from './testing/hostEnv';
import { waitFor } from './testing/waitFor';

const connect = (clientId: string, version: 4 | 5) =>
  generate(
    {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: version,
      clientId,
      clean: true,
      keepalive: 0,
    },
    { protocolVersion: version },
  );
const bytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');

/** Hostile inputs from the decoder fuzzing, sent over real TCP sockets. */
const HOSTILE: { name: string; data: Uint8Array }[] = [
  { name: 'an HTTP request', data: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n') },
  { name: 'a five-byte Remaining Length', data: bytes('30 ff ff ff ff 7f') },
  {
    name: 'a PUBACK of length 1 after CONNECT',
    data: Buffer.concat([connect('h1', 4), bytes('40 01 00 c0 00')]),
  },
  {
    name: 'a CONNECT with the Session Expiry Interval twice',
    data: mutate(
      {
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 5,
        clientId: 'h2',
        clean: true,
        keepalive: 0,
      } as Packet,
      5,
      [
        {
          op: 'properties',
          props: [
            { id: 0x11, value: [0, 0, 0, 1] },
            { id: 0x11, value: [0, 0, 0, 2] },
          ],
          lengthDelta: 0,
        },
      ],
    ),
  },
  {
    name: 'a PUBLISH to a wildcard topic after CONNECT',
    data: Buffer.concat([
      connect('h3', 5),
      generate(
        {
          cmd: 'publish',
          topic: 'x/#',
          payload: Buffer.from('p'),
          qos: 0,
          retain: false,
          dup: false,
        },
        { protocolVersion: 5 },
      ),
    ]),
  },
];

describe('the Node host survives hostile bytes over TCP', () => {
  let host: Host | undefined;
  const clients: MqttClient[] = [];
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await host?.close();
    host = undefined;
  });

  it('each hostile connection is closed alone; a silent one by the CONNECT timeout; the others keep working', async () => {
    host = await startHost({
      host: LOOPBACK,
      port: 0,
      profile: 'standard',
      overrides: { connectTimeout: 1 },
      seed: 1,
      access: { denySubscribe: [], denyPublish: [] },
      log: () => undefined,
    });
    const events: BrokerEvent[] = [];
    host.broker.subscribe((e) => events.push(e));
    const url = `mqtt://${LOOPBACK}:${host.tcpPort}`;
    const open = (clientId: string) =>
      new Promise<MqttClient>((resolve, reject) => {
        const c = mqtt.connect(url, { clientId, reconnectPeriod: 0, protocolVersion: 5 });
        clients.push(c);
        c.once('connect', () => resolve(c));
        c.once('error', reject);
      });
    const watcher = await open('watcher');
    await watcher.subscribeAsync('iso/#', { qos: 1 });
    const pub = await open('pub');

    const port = host.tcpPort;
    const closes = [
      ...HOSTILE,
      { name: 'a socket that never sends CONNECT', data: new Uint8Array(0) },
    ].map(
      ({ data }) =>
        new Promise<void>((resolve) => {
          const s = netConnect(port, LOOPBACK, () => {
            if (data.length) s.write(data);
          });
          sockets.push(s);
          s.on('error', () => undefined);
          // Read what the host answers (CONNACK, DISCONNECT): a paused socket never sees 'end'.
          s.resume();
          // The host ends its side: 'end' is the client hearing it (whoever ends the socket).
          s.once('end', () => resolve());
          s.once('close', () => resolve());
        }),
    );
    await Promise.all(closes);

    const reasons = events
      .filter(
        (e): e is Extract<BrokerEvent, { type: 'connection.closed' }> =>
          e.type === 'connection.closed',
      )
      .map((e) => e.reason)
      .sort();
    expect(reasons).toEqual([...HOSTILE.map(() => 'protocol-error'), 'connect-timeout'].sort());
    expect(events.filter((e) => e.type === 'protocol.error')).toHaveLength(HOSTILE.length);
    expect(events.filter((e) => e.type === 'broker.error')).toEqual([]);

    const got = new Promise<string>((resolve) =>
      watcher.once('message', (_t, p) => resolve(String(p))),
    );
    await pub.publishAsync('iso/after', 'still here', { qos: 1 });
    expect(await got).toBe('still here');
    await waitFor(() => watcher.connected && pub.connected, 'both clients still connected');
  }, 15_000);
});
