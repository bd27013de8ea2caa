import { Buffer } from 'buffer';
import { generate, parser as createParser } from 'mqtt-packet';
import type { Broker } from '../broker/broker';
import { toBuffer } from '../broker/codec';
import type { Packet } from '../broker/packets';
import { memoryPipe, type MemoryPipe } from './memoryTransport';

export type Version = 4 | 5;

/** Bytes from hex, spaces allowed. */
export const hex = (s: string): Uint8Array => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/** A packet encoded by mqtt-packet, the codec of MQTT.js and aedes. */
export const gen = (packet: Packet, version: Version = 4): Uint8Array =>
  generate(packet, { protocolVersion: version });
export const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The MQTT Variable Byte Integer of `n` (the Remaining Length encoding). */
export function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** The same bytes with the first byte (type and flags) replaced. */
export function withFirstByte(bytes: Uint8Array, first: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[0] = first;
  return copy;
}

export const connectPacket = (clientId: string, version: Version): Packet => ({
  cmd: 'connect',
  protocolId: 'MQTT',
  protocolVersion: version,
  clientId,
  clean: true,
  keepalive: 0,
});

/**
 * A client that sends exactly the bytes it is given and answers nothing by itself, so that a
 * case controls every packet on the wire.
 */
export class RawClient {
  readonly received: Packet[] = [];
  closed = false;
  readonly connId: number;
  private readonly pipe: MemoryPipe;

  constructor(
    broker: Broker,
    readonly version: Version,
  ) {
    const parser = createParser({ protocolVersion: version });
    parser.on('packet', (p: Packet) => this.received.push(p));
    this.pipe = memoryPipe(
      broker,
      (bytes) => parser.parse(toBuffer(bytes)),
      () => {
        this.closed = true;
      },
    );
    this.connId = this.pipe.link.connId;
  }

  send(packet: Packet | Uint8Array): void {
    this.pipe.send(packet instanceof Uint8Array ? packet : gen(packet, this.version));
  }

  cut(): void {
    this.pipe.cut();
  }
}
