import { isIP, connect as tcpConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import mqtt from 'mqtt';
import WebSocket, { createWebSocketStream } from 'ws';
import type { Target } from '../target';
import { displayUrl } from '../url';
import { TapStream } from './tapStream';

/** How to reach a broker over the network. */
export interface BrokerAddress {
  /** mqtt://, mqtts://, ws:// or wss:// (a presigned AWS URL keeps its query). */
  url: string;
  username?: string;
  password?: string;
  /** PEM certificate(s) of the authority to trust for mqtts:// and wss://. */
  ca?: string;
  /** PEM client certificate and private key (mutual TLS). */
  cert?: string;
  key?: string;
}

export const BROKER_SCHEMES = ['mqtt:', 'mqtts:', 'ws:', 'wss:'] as const;
const DEFAULT_PORTS: Record<string, number> = {
  'mqtt:': 1883,
  'mqtts:': 8883,
  'ws:': 80,
  'wss:': 443,
};

/** What is wrong with a broker URL, or undefined when it can be used. */
export function brokerUrlError(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `'${url}' is not a URL (for example mqtt://localhost:1883)`;
  }
  if (!(BROKER_SCHEMES as readonly string[]).includes(u.protocol))
    return `'${u.protocol}' is not a broker scheme (${BROKER_SCHEMES.map((s) => `${s}//`).join(', ')})`;
  if (!u.hostname) return `'${url}' names no host`;
  return undefined;
}

export { displayUrl };

/**
 * A broker over the network, in real time: each mqtt.js client gets its own socket (TCP, TLS
 * or WebSocket) wrapped in a TapStream.
 */
export function createNetTarget(address: BrokerAddress): Target {
  const u = new URL(address.url);
  const username = address.username ?? (u.username ? decodeURIComponent(u.username) : undefined);
  const password = address.password ?? (u.password ? decodeURIComponent(u.password) : undefined);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(u.port || DEFAULT_PORTS[u.protocol]);
  const ws = u.protocol === 'ws:' || u.protocol === 'wss:';
  const wsUrl = new URL(address.url);
  wsUrl.username = '';
  wsUrl.password = '';
  const tls = {
    ...(address.ca ? { ca: address.ca } : {}),
    ...(address.cert ? { cert: address.cert } : {}),
    ...(address.key ? { key: address.key } : {}),
  };
  const transport = (): Duplex => {
    if (ws) {
      const socket = new WebSocket(wsUrl.toString(), ['mqtt'], tls);
      const stream = createWebSocketStream(socket);
      socket.on('close', () => stream.destroy());
      return stream;
    }
    // SNI takes a host name, never an address (RFC 6066).
    const sni = isIP(host) ? {} : { servername: host };
    if (u.protocol === 'mqtts:') return tlsConnect({ host, port, ...sni, ...tls });
    return tcpConnect({ host, port });
  };
  return {
    label: displayUrl(address.url),
    realTime: true,
    open(options, tap) {
      return new mqtt.MqttClient(() => new TapStream(transport(), tap), {
        ...options,
        ...(username !== undefined && options.username === undefined ? { username } : {}),
        ...(password !== undefined && options.password === undefined ? { password } : {}),
      });
    },
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    close: async () => {},
  };
}
