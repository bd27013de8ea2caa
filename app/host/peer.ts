import type { Buffer } from 'node:buffer';
import type { Broker, Link } from '../broker';
import { batchedWriter } from './batch';
import type { AdapterOptions } from './tcp';

/**
 * A client that stops reading must not make the host buffer without end: past this many bytes
 * waiting (QoS 1/2 are bounded by the in-flight window, QoS 0 is not) the connection is cut, as
 * a lost network would be, and a persistent session keeps what was not acknowledged.
 */
export const SLOW_CONSUMER_BYTES = 8 * 1024 * 1024;

/** One transport connection as an adapter (TCP, WebSocket) hands it to the broker. */
export interface PeerIo {
  /** Where it comes from, for the log: `tcp 127.0.0.1:50123`. */
  readonly peer: string;
  isOpen(): boolean;
  send(chunk: Buffer): void;
  /** Bytes written and not yet taken by the client. */
  buffered(): number;
  /** Ends it after the bytes already written. */
  end(): void;
  /** Drops it at once. */
  cut(): void;
}

/**
 * Makes a transport connection a broker connection: the broker's writes go out together at the
 * end of each turn (batch.ts), a client that stops reading is cut, and the broker's end ends it.
 * The adapter tells the returned Link of bytes in and of the close.
 */
export function attachPeer(broker: Broker, options: AdapterOptions, io: PeerIo): Link {
  const maxBuffered = options.maxBuffered ?? SLOW_CONSUMER_BYTES;
  const writer = batchedWriter((chunk) => {
    if (!io.isOpen()) return;
    // What still waits from earlier turns is what the client has not read: a single large
    // packet just written is not a slow client.
    const waiting = io.buffered();
    if (waiting > maxBuffered) {
      options.onSlow?.(link.connId, waiting);
      io.cut();
      return;
    }
    io.send(chunk);
  });
  const link = broker.accept({
    write: writer.write,
    end() {
      writer.flush();
      if (io.isOpen()) io.end();
      else io.cut();
    },
  });
  options.onPeer?.(link.connId, io.peer);
  return link;
}
