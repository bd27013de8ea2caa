/**
 * Shared by the MQTT 5 conformance tests of chapters 1-2 and CONNECT / CONNACK: a client that
 * keeps every packet the broker writes both as bytes and as parsed by mqtt-packet, and sends
 * exactly what it is given (nothing automatic), so that a test can assert on the wire.
 */
import { Buffer } from 'buffer';
import { parser as createParser } from 'mqtt-packet';
import { toBuffer } from '../../../broker/codec';
import type { Packet, PacketOf } from '../../../broker/packets';
import { memoryPipe, type MemoryPipe } from '../../memoryTransport';
import { gen } from '../../rawClient';
import type { Harness } from '../../harness';

export class WireClient {
  /** Each write of the broker: one packet's bytes. */
  readonly frames: Uint8Array[] = [];
  readonly received: Packet[] = [];
  closed = false;
  private readonly pipe: MemoryPipe;

  constructor(h: Harness) {
    const parser = createParser({ protocolVersion: 5 });
    parser.on('packet', (p: Packet) => this.received.push(p));
    this.pipe = memoryPipe(
      h.broker,
      (bytes) => {
        this.frames.push(Uint8Array.from(bytes));
        parser.parse(toBuffer(bytes));
      },
      () => {
        this.closed = true;
      },
    );
  }

  send(packet: Packet | Uint8Array): void {
    this.pipe.send(packet instanceof Uint8Array ? packet : gen(packet, 5));
  }

  cut(): void {
    this.pipe.cut();
  }

  of<C extends Packet['cmd']>(cmd: C): PacketOf<C>[] {
    return this.received.filter((p): p is PacketOf<C> => p.cmd === cmd);
  }

  /** The frames whose packet type (high nibble of byte 0) is `type`. */
  framesOf(type: number): Uint8Array[] {
    return this.frames.filter((f) => f[0]! >> 4 === type);
  }
}

export interface Connect5 {
  clean?: boolean;
  keepalive?: number;
  properties?: PacketOf<'connect'>['properties'];
  will?: PacketOf<'connect'>['will'];
}

/** A CONNECT of protocol version 5. */
export function connect5(clientId: string, o: Connect5 = {}): PacketOf<'connect'> {
  return {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 5,
    clientId,
    clean: o.clean ?? true,
    keepalive: o.keepalive ?? 0,
    ...(o.properties ? { properties: o.properties } : {}),
    ...(o.will ? { will: o.will } : {}),
  };
}

/** Opens a wire client and sends CONNECT. */
export function open5(h: Harness, clientId: string, o: Connect5 = {}): WireClient {
  const c = new WireClient(h);
  c.send(connect5(clientId, o));
  return c;
}

/** The same bytes with the first occurrence of the ASCII `marker` replaced (same length). */
export function patch(bytes: Uint8Array, marker: string, replacement: number[]): Uint8Array {
  const at = Buffer.from(bytes).indexOf(Buffer.from(marker, 'latin1'));
  if (at < 0 || marker.length !== replacement.length) throw new Error(`no ${marker} to patch`);
  const out = Uint8Array.from(bytes);
  out.set(replacement, at);
  return out;
}

/** A PUBLISH of protocol version 5. */
export function publish5(
  topic: string,
  payload: string,
  qos: 0 | 1 | 2 = 0,
  extra: Partial<PacketOf<'publish'>> = {},
): PacketOf<'publish'> {
  return {
    cmd: 'publish',
    topic,
    payload: Buffer.from(payload),
    qos,
    retain: false,
    dup: false,
    ...(qos > 0 ? { messageId: 1 } : {}),
    ...extra,
  };
}

/** A SUBSCRIBE of protocol version 5 (one filter). */
export function subscribe5(
  topic: string,
  qos: 0 | 1 | 2 = 1,
  messageId = 1,
): PacketOf<'subscribe'> {
  return {
    cmd: 'subscribe',
    messageId,
    subscriptions: [{ topic, qos, nl: false, rap: false, rh: 0 }],
  };
}
