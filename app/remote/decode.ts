import { parser as createParser } from 'mqtt-packet';
import { toBuffer } from '../broker/codec';
import type { Packet } from '../broker/packets';

interface ParserLike {
  on(event: 'packet', fn: (p: Packet) => void): void;
  on(event: 'error', fn: (e: Error) => void): void;
  parse(buf: Uint8Array): number;
}

/**
 * Reads whole packets (one frame at a time, see Framer) with mqtt-packet, the codec of mqtt.js:
 * what a client sent or was sent, field by field. Unlike the broker's decoder it judges
 * nothing: a packet it cannot read is reported as an error, never refused.
 */
export class FrameDecoder {
  private parser: ParserLike;
  private got: Packet | undefined;
  private error: Error | undefined;

  constructor(private readonly protocolVersion: 4 | 5) {
    this.parser = this.fresh();
  }

  decode(frame: Uint8Array): Packet | Error {
    this.got = undefined;
    this.error = undefined;
    try {
      this.parser.parse(toBuffer(frame));
    } catch (e) {
      this.error = e instanceof Error ? e : new Error(String(e));
    }
    const result = this.error ?? this.got ?? new Error('an incomplete packet');
    // A parser that failed may hold half a packet: the next frame gets a new one.
    if (result instanceof Error) this.parser = this.fresh();
    return result;
  }

  private fresh(): ParserLike {
    const p = createParser({ protocolVersion: this.protocolVersion }) as unknown as ParserLike;
    p.on('packet', (packet) => (this.got = packet));
    p.on('error', (e) => (this.error = e));
    return p;
  }
}
