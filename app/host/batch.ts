import { Buffer } from 'node:buffer';

export interface BatchedWriter {
  /** Queues bytes; they go out at the end of the current turn, with what follows them. */
  write(bytes: Uint8Array): void;
  /** Sends what is queued now (before an end). */
  flush(): void;
}

/**
 * Gathers the packets the broker writes while it handles one chunk of input (a PUBACK and the
 * PUBLISHes it lets out, a backlog on resume) and hands them to `send` as one chunk at the
 * end of the turn: one system call or one WebSocket frame instead of one per packet. MQTT
 * allows it: packets are a byte stream, and a WebSocket frame may carry several [MQTT-6.0.0-*].
 * Bytes are not copied for a lone packet: the broker never changes bytes it has written.
 */
export function batchedWriter(send: (chunk: Buffer) => void): BatchedWriter {
  let parts: Uint8Array[] = [];
  let size = 0;
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    if (parts.length === 0) return;
    const first = parts[0]!;
    const chunk =
      parts.length === 1
        ? Buffer.from(first.buffer, first.byteOffset, first.byteLength)
        : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    send(chunk);
  }

  return {
    write(bytes) {
      parts.push(bytes);
      size += bytes.byteLength;
      if (!scheduled) {
        scheduled = true;
        process.nextTick(flush);
      }
    },
    flush,
  };
}
