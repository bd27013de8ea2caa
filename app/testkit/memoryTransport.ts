import type { Broker, Link } from '../broker/broker';

/** Both ends of an in-memory connection: what the client writes goes to the broker, and back. */
export interface MemoryPipe {
  link: Link;
  /** Client → broker. */
  send(bytes: Uint8Array): void;
  /** Cuts the connection from the client's side (no DISCONNECT). */
  cut(): void;
  /** True once either side closed it. */
  readonly closed: boolean;
}

/**
 * Connects a client to a broker in memory, synchronously: a write on one side is a receive on
 * the other before the call returns. The broker queues work that arrives while it is busy,
 * so nothing nests.
 */
export function memoryPipe(
  broker: Broker,
  onBytes: (bytes: Uint8Array) => void,
  onClose: () => void,
): MemoryPipe {
  let closed = false;
  const link = broker.accept({
    write(bytes) {
      if (!closed) onBytes(bytes);
    },
    end() {
      if (closed) return;
      closed = true;
      onClose();
    },
  });
  return {
    link,
    send(bytes) {
      if (!closed) link.receive(bytes);
    },
    cut() {
      if (closed) return;
      closed = true;
      link.closed();
    },
    get closed() {
      return closed;
    },
  };
}
