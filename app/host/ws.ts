import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Broker } from '../broker';
import { attachPeer } from './peer';
import type { AdapterOptions, Listening } from './tcp';

/** The path MQTT clients (mqtt.js, MQTT Explorer) ask for by default. */
export const WS_PATH = '/mqtt';

/** Picks the 'mqtt' subprotocol when offered (MQTT over WebSockets, spec 6.0), else none. */
function mqttSubprotocol(protocols: Set<string>): string | false {
  if (protocols.has('mqtt')) return 'mqtt';
  if (protocols.has('mqttv3.1')) return 'mqttv3.1';
  return false;
}

function bytesOf(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/**
 * MQTT over WebSocket at `WS_PATH`: every WebSocket becomes one broker connection. Binary
 * messages carry the bytes; one message may hold several packets or part of one [MQTT-6.0.0-2, 3.1.1/5.0].
 */
export async function listenWs(broker: Broker, options: AdapterOptions): Promise<Listening> {
  const server = new WebSocketServer({
    host: options.host,
    port: options.port,
    path: WS_PATH,
    perMessageDeflate: false,
    handleProtocols: mqttSubprotocol,
  });
  const sockets = new Set<WebSocket>();
  server.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    sockets.add(ws);
    const remote = request.socket;
    const link = attachPeer(broker, options, {
      peer: `ws ${remote.remoteAddress}:${remote.remotePort}`,
      isOpen: () => ws.readyState === ws.OPEN,
      send: (chunk) => ws.send(chunk, { binary: true }),
      buffered: () => ws.bufferedAmount,
      end: () => ws.close(1000),
      cut: () => ws.terminate(),
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (ws.readyState !== ws.OPEN) return;
      // [MQTT-6.0.0-1, 3.1.1/5.0] MQTT travels in binary frames; any other data frame closes the connection
      // (1003: a data type the endpoint cannot accept).
      if (!isBinary) ws.close(1003, 'MQTT needs binary frames');
      else link.receive(bytesOf(data));
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      sockets.delete(ws);
      link.closed();
      options.onPeer?.(link.connId, undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        server.close(() => resolve());
      }),
  };
}
