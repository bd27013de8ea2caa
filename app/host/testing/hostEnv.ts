import { setTimeout as sleep } from 'node:timers/promises';
import mqtt, { type IClientOptions, type IConnackPacket, type MqttClient } from 'mqtt';
import type { BrokerEvent } from '../../broker';
import type { SuiteEnv, SuiteEnvOptions } from '../../testkit/sharedSuite';
import { startHost, type Host, type HostOptions } from '../host';
import { WS_PATH } from '../ws';

export type HostTransport = 'tcp' | 'ws';

export interface HostEnv extends SuiteEnv {
  readonly host: Host;
  /** The URL mqtt.js connects to. */
  readonly url: string;
}

export const LOOPBACK = '127.0.0.1';

/**
 * mqtt.js against the Node host over a real socket on 127.0.0.1 (a free port each time): the
 * env the shared suite runs over TCP and WebSocket. Time is real, so `advance` waits.
 */
export async function createHostEnv(
  transport: HostTransport,
  options: SuiteEnvOptions & Partial<HostOptions> = {},
): Promise<HostEnv> {
  const host = await startHost({
    host: LOOPBACK,
    port: 0,
    ...(transport === 'ws' ? { wsPort: 0 } : {}),
    profile: options.profile ?? 'standard',
    overrides: options.overrides ?? {},
    seed: options.seed ?? 1,
    access: options.access ?? { denySubscribe: [], denyPublish: [] },
  });
  const log: BrokerEvent[] = [];
  host.broker.subscribe((e) => log.push(e));
  const url =
    transport === 'tcp'
      ? `mqtt://${LOOPBACK}:${host.tcpPort}`
      : `ws://${LOOPBACK}:${host.wsPort}${WS_PATH}`;
  const clients = new Set<MqttClient>();
  return {
    host,
    url,
    open(opts: IClientOptions) {
      const client = mqtt.connect(url, { reconnectPeriod: 0, ...opts });
      clients.add(client);
      client.once('end', () => clients.delete(client));
      return client;
    },
    advance: (ms) => sleep(ms),
    events: () => [...log],
    async close() {
      await Promise.all([...clients].map((c) => c.endAsync(true)));
      clients.clear();
      await host.close();
    },
  };
}

/** Opens an mqtt.js client on the env and waits for its CONNACK (an error rejects). */
export function connectedClient(
  env: HostEnv,
  opts: IClientOptions,
): Promise<{ client: MqttClient; connack: IConnackPacket }> {
  return new Promise((resolve, reject) => {
    const client = env.open(opts);
    client.once('connect', (connack) => resolve({ client, connack }));
    client.once('error', reject);
  });
}
