import { createDecoder, encode } from '../broker/codec';
import type { Packet } from '../broker/packets';
import { concatBytes } from '../broker/bytes';

/** An acknowledgement held back by the client. */
export interface HeldAck {
  cmd: 'puback' | 'pubrec';
  packetId: number;
  bytes: Uint8Array;
}

/**
 * Holds a client's acknowledgements on their way out, so that messages stay unacknowledged
 * at the broker (the seed's "unacknowledged QoS 1 messages"). It works on the client's
 * outgoing bytes: mqtt.js would stop reading further packets if its own message handler
 * were held, and a real client that stops acking still reads.
 */
export class AckGate {
  holding = false;
  readonly held: HeldAck[] = [];

  constructor(private readonly protocolVersion: 3 | 4 | 5) {}

  /** Returns the bytes to send now (null for none), keeping back PUBACK/PUBREC when holding. */
  filter(bytes: Uint8Array): Uint8Array | null {
    if (!this.holding) return bytes;
    const packets = this.split(bytes);
    if (!packets) return bytes;
    const pass: Uint8Array[] = [];
    for (const p of packets) {
      const out = encode(p, this.protocolVersion);
      if (out instanceof Error) return bytes;
      if (p.cmd === 'puback' || p.cmd === 'pubrec') {
        this.held.push({ cmd: p.cmd, packetId: p.messageId ?? 0, bytes: out });
      } else {
        pass.push(out);
      }
    }
    return pass.length ? concatBytes(pass) : null;
  }

  /** Takes the oldest held acks off the gate (all of them without a count). */
  release(count = this.held.length): Uint8Array[] {
    return this.held.splice(0, count).map((h) => h.bytes);
  }

  /** The connection ended: acks held for it will never be sent. */
  forget(): void {
    this.held.length = 0;
  }

  /** mqtt.js writes whole packets; anything else is passed through untouched. */
  private split(bytes: Uint8Array): Packet[] | undefined {
    const packets: Packet[] = [];
    let failed = false;
    const decoder = createDecoder(
      (p) => packets.push(p),
      () => {
        failed = true;
      },
      this.protocolVersion,
    );
    decoder.push(bytes);
    return failed || decoder.buffered() > 0 ? undefined : packets;
  }
}
