/**
 * What the MQTT 5 tests over TCP share: a host started per test and closed after it with the
 * raw sockets they opened, mqtt.js v5 clients, and readers of what a client received.
 */
import type { IClientOptions, IDisconnectPacket, IPublishPacket, MqttClient } from 'mqtt';
import { afterEach } from 'vitest';
import type { BrokerEvent } from '../../broker';
import type { ProfileOverrides } from '../../broker/profiles';
import { connectedClient, createHostEnv, type HostEnv } from './hostEnv';
import { connectOf, rawSocket, type RawSocket } from './rawSocket';
import { waitFor } from './waitFor';

/** Registers the clean-up; call once at the top of a test file. */
export function mqtt5Kit() {
  let env: HostEnv | undefined;
  const raws: RawSocket[] = [];
  afterEach(async () => {
    for (const r of raws.splice(0)) r.destroy();
    await env?.close();
    env = undefined;
  });
  return {
    async start(
      overrides: ProfileOverrides = {},
      options: Omit<Parameters<typeof createHostEnv>[1], 'overrides'> = {},
    ): Promise<HostEnv> {
      env = await createHostEnv('tcp', { overrides, ...options });
      return env;
    },
    open: (h: HostEnv, clientId: string, opts: IClientOptions = {}) =>
      connectedClient(h, { clientId, protocolVersion: 5, ...opts }),
    async raw(h: HostEnv): Promise<RawSocket> {
      const r = await rawSocket(h.host.tcpPort);
      raws.push(r);
      return r;
    },
    /** A raw socket that has sent CONNECT and has its CONNACK. */
    async rawConnected(
      h: HostEnv,
      clientId: string,
      properties: Parameters<typeof connectOf>[1] = {},
    ): Promise<RawSocket> {
      const r = await rawSocket(h.host.tcpPort);
      raws.push(r);
      r.send(connectOf(clientId, properties));
      await waitFor(() => r.of('connack').length === 1, `CONNACK for ${clientId}`);
      return r;
    },
  };
}

/** Every PUBLISH the client receives from now on, in order. */
export function inbox(c: MqttClient): IPublishPacket[] {
  const got: IPublishPacket[] = [];
  c.on('message', (_topic, _payload, packet) => got.push(packet));
  return got;
}

/** The DISCONNECT the broker sends the client, once it comes. */
export const disconnectOf = (c: MqttClient) =>
  new Promise<IDisconnectPacket>((resolve) => c.once('disconnect', resolve));

export const eventsOf = <T extends BrokerEvent['type']>(h: HostEnv, type: T) =>
  h.events().filter((e): e is Extract<BrokerEvent, { type: T }> => e.type === type);
