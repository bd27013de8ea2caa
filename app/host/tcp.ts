import { createServer, type Server, type Socket } from 'node:net';
import type { Broker } from '../broker';
import { batchedWriter } from './batch';

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
 * A client that stops reading must not make the host buffer without end: past this many bytes
 * waiting (QoS 1/2 are bounded by the in-flight window, QoS 0 is not) the connection is cut, as
 * a lost network would be, and a persistent session keeps what was not acknowledged.
 */
export const SLOW_CONSUMER_BYTES = 8 * 1024 * 1024;

/**
 * MQTT over TCP: every socket becomes one broker connection, bytes in and bytes out. The
 * adapter holds no MQTT logic; the writes the broker makes while handling one chunk go out
 * together (see batch.ts).
 */
export async function listenTcp(broker: Broker, options: AdapterOptions): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    const maxBuffered = options.maxBuffered ?? SLOW_CONSUMER_BYTES;
    const writer = batchedWriter((chunk) => {
      if (!socket.writable) return;
      socket.write(chunk);
      if (socket.writableLength > maxBuffered) {
        options.onSlow?.(link.connId, socket.writableLength);
        socket.destroy();
      }
    });
    const link = broker.accept({
      write: writer.write,
      end() {
        writer.flush();
        // Our FIN after the last bytes, then the descriptor goes, whatever the client does.
        if (socket.writable) socket.end(() => socket.destroy());
        else socket.destroy();
      },
    });
    options.onPeer?.(link.connId, `tcp ${socket.remoteAddress}:${socket.remotePort}`);
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
