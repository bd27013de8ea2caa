import { createServer, type Server, type Socket } from 'node:net';
import type { Broker } from '../broker';
import { attachPeer } from './peer';

/** A listening adapter: the port it got, and how to stop it. */
export interface Listening {
  readonly port: number;
  /** Stops accepting, drops the connections still open and waits until the server is closed. */
  close(): Promise<void>;
}

export interface AdapterOptions {
  host: string;
  port: number;
  /** Told of each connection (its id and where it comes from) and of its end. */
  onPeer?: (connId: number, peer: string | undefined) => void;
  /** Bytes waiting for a client that does not read before its connection is cut. */
  maxBuffered?: number;
  /** Told when a connection is cut because its client stopped reading. */
  onSlow?: (connId: number, buffered: number) => void;
}

/**
 * MQTT over TCP: every socket becomes one broker connection, bytes in and bytes out. The
 * adapter holds no MQTT logic; the writes the broker makes while handling one chunk go out
 * together (see batch.ts).
 */
export async function listenTcp(broker: Broker, options: AdapterOptions): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    const link = attachPeer(broker, options, {
      peer: `tcp ${socket.remoteAddress}:${socket.remotePort}`,
      isOpen: () => socket.writable,
      send: (chunk) => socket.write(chunk),
      buffered: () => socket.writableLength,
      // Our FIN after the last bytes, then the descriptor goes, whatever the client does.
      end: () => socket.end(() => socket.destroy()),
      cut: () => socket.destroy(),
    });
    socket.on('data', (bytes: Buffer) => link.receive(bytes));
    // A reset or a broken pipe: 'close' follows, and that is what the broker hears.
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      link.closed();
      options.onPeer?.(link.connId, undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
