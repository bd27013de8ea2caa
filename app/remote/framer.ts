import { concatBytes } from '../broker/bytes';
import { varint } from '../broker/packetBytes';

/**
 * Cuts a byte stream into whole MQTT packets (fixed header, Remaining Length, body), however
 * the transport split it: mqtt.js writes one packet in several pieces, and a socket may carry
 * several packets, or half of one, in one read.
 */
export class Framer {
  private pending: Uint8Array[] = [];
  private held = 0;

  /** Takes bytes; returns the packets they complete, each a copy of its bytes, in order. */
  push(bytes: Uint8Array): Uint8Array[] {
    if (bytes.byteLength === 0) return [];
    this.pending.push(bytes);
    this.held += bytes.byteLength;
    const frames: Uint8Array[] = [];
    let buf = this.pending.length === 1 ? this.pending[0]! : concatBytes(this.pending);
    let at = 0;
    for (;;) {
      const length = varint(buf, at + 1);
      // A Remaining Length of more than four bytes is malformed: pass the rest on as one frame.
      if (!length && buf.length - at > 5) {
        frames.push(copy(buf.subarray(at)));
        at = buf.length;
        break;
      }
      if (!length || length.next + length.value > buf.length) break;
      const end = length.next + length.value;
      frames.push(copy(buf.subarray(at, end)));
      at = end;
      if (at === buf.length) break;
    }
    buf = buf.subarray(at);
    this.pending = buf.length ? [buf] : [];
    this.held = buf.length;
    return frames;
  }

  /** Bytes held for a packet not complete yet. */
  buffered(): number {
    return this.held;
  }
}

// A copy: the writer may reuse its buffers (mqtt-packet caches the bytes of small numbers).
const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);
