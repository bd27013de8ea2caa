import type { IClientOptions } from 'mqtt';
import clientModule from 'mqtt/lib/client';
import { browserStreamBuilder } from 'mqtt/lib/connect/ws';
import storeModule from 'mqtt/lib/store';
import idProviderModule from 'mqtt/lib/unique-message-id-provider';

/**
 * A CommonJS module's `exports.default`. This package is an ES module package, so the bundler
 * hands over a CommonJS module's default import as Node does: the whole `exports` object.
 */
function cjsDefault<T>(imported: T): T {
  return typeof imported === 'function' ? imported : (imported as { default: T }).default;
}

const MqttClient = cjsDefault(clientModule);
type MqttClient = InstanceType<typeof MqttClient>;
const Store = cjsDefault(storeModule);
const UniqueMessageIdProvider = cjsDefault(idProviderModule);

/**
 * `mqtt` in the browser build: mqtt.js's own modules (the build Node runs), instead of its
 * browser bundle, which carries a copy of its own of every Node polyfill (buffer, streams,
 * events, process: a third of the page's code) that the page already has for mqtt-packet. The
 * client is mqtt.js's `MqttClient`, unchanged, on mqtt.js's WebSocket stream: `connect` does
 * what `mqtt.connect` does for a `ws://` URL and an own `createWebsocket`.
 */
export function connect(url: string, opts: IClientOptions): MqttClient {
  const u = new URL(url);
  const options: IClientOptions = {
    ...opts,
    protocol: 'ws',
    hostname: u.hostname,
    port: Number(u.port) || 80,
    path: u.pathname,
    defaultProtocol: 'ws',
  };
  const client = new MqttClient((c) => browserStreamBuilder(c, options), options);
  // As mqtt.connect: errors reach the 'error' listeners the caller adds, never throw.
  client.on('error', () => {});
  return client;
}

export { MqttClient, Store, UniqueMessageIdProvider };
export default { connect, MqttClient, Store, UniqueMessageIdProvider };
