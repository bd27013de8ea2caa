import { Buffer } from 'buffer';
import { parser as createParser, writeToStream } from 'mqtt-packet';
import type { Packet, ProtocolVersion } from './packets';

export interface Decoder {
  /** Feeds bytes; complete packets and errors are reported through the callbacks. */
  push(bytes: Uint8Array): void;
  /** Bytes held for a packet not yet complete. */
  buffered(): number;
}

interface ParserLike {
  on(event: 'packet', fn: (p: Packet) => void): void;
  on(event: 'error', fn: (e: Error) => void): void;
  parse(buf: Uint8Array): number;
}

/**
 * Wraps mqtt-packet's parser (the codec of MQTT.js and aedes). It learns the protocol
 * version from the CONNECT it parses, so one decoder serves 3.1.1 and 5.0 clients.
 */
export function createDecoder(
  onPacket: (p: Packet) => void,
  onError: (e: Error) => void,
  protocolVersion: ProtocolVersion = 4,
): Decoder {
  const parser = createParser({ protocolVersion }) as unknown as ParserLike;
  let failed = false;
  let held = 0;
  parser.on('packet', (p) => {
    if (!failed) onPacket(p);
  });
  parser.on('error', (e) => {
    if (failed) return;
    failed = true;
    onError(e);
  });
  return {
    push(bytes) {
      if (failed) return;
      try {
        held = parser.parse(toBuffer(bytes));
      } catch (e) {
        if (!failed) {
          failed = true;
          onError(e instanceof Error ? e : new Error(String(e)));
        }
      }
    },
    buffered: () => held,
  };
}

/**
 * Collects what mqtt-packet's writeToStream writes. `generate` does the same through an
 * EventEmitter made per packet; this sink is a plain object, which is cheaper per delivery.
 */
class Sink {
  readonly chunks: (Uint8Array | string)[] = [];
  error: Error | undefined;
  write(chunk: Uint8Array | string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  destroy(error?: Error): void {
    this.error = error ?? new Error('encoding failed');
  }
}

/** Encodes a packet for a client of the given protocol version; an Error when it can't be. */
export function encode(packet: Packet, protocolVersion: ProtocolVersion): Uint8Array | Error {
  const sink = new Sink();
  try {
    writeToStream(packet, sink as unknown as NodeJS.WritableStream, { protocolVersion });
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  if (sink.error) return sink.error;
  let length = 0;
  for (const c of sink.chunks) length += typeof c === 'string' ? Buffer.byteLength(c) : c.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const c of sink.chunks) {
    if (typeof c === 'string') at += out.write(c, at);
    else {
      out.set(c, at);
      at += c.length;
    }
  }
  return out;
}

/** mqtt-packet wants Buffers (it calls `.copy`); a Buffer view over the same memory copies nothing. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
