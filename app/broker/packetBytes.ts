/**
 * What a decoded packet no longer tells, read again from its bytes: where its MQTT 5 property
 * blocks are and what they hold, and whether bytes follow its last field. mqtt-packet reads the
 * fields it expects and ignores the rest, reads one-byte properties as booleans, and keeps User
 * Properties in an object; these readers see the bytes as they came. `body` is always the packet
 * after its fixed header. Nothing here throws: a read past the end gives 0 or undefined.
 */
import type { Packet } from './packets';

export const USER_PROPERTY = 0x26;
const SUBSCRIPTION_IDENTIFIER = 0x0b;
/** Value sizes of the other MQTT 5 properties by identifier; -1: string or binary (length first). */
// prettier-ignore
const FIXED: Readonly<Record<number, number>> = {
  0x01: 1, 0x17: 1, 0x19: 1, 0x24: 1, 0x25: 1, 0x28: 1, 0x29: 1, 0x2a: 1,
  0x13: 2, 0x21: 2, 0x22: 2, 0x23: 2,
  0x02: 4, 0x11: 4, 0x18: 4, 0x27: 4,
  0x03: -1, 0x08: -1, 0x09: -1, 0x12: -1, 0x15: -1, 0x16: -1, 0x1a: -1, 0x1c: -1, 0x1f: -1,
};
/** Properties whose one-byte value may only be 0 or 1. */
const ZERO_OR_ONE: Readonly<Record<number, string>> = {
  0x01: 'Payload Format Indicator',
  0x17: 'Request Problem Information',
  0x19: 'Request Response Information',
};

export function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

/** A Variable Byte Integer at `at`: its value and the offset after it; undefined if cut or too long. */
export function varint(
  bytes: ArrayLike<number>,
  at: number,
): { value: number; next: number } | undefined {
  let value = 0;
  let multiplier = 1;
  for (let i = at; i < bytes.length && i < at + 4; i++) {
    value += (bytes[i]! & 0x7f) * multiplier;
    if ((bytes[i]! & 0x80) === 0) return { value, next: i + 1 };
    multiplier *= 128;
  }
  return undefined;
}

/** Offset just past the property block at `at` (past the end when it is not well formed). */
function blockEnd(bytes: Uint8Array, at: number): number {
  const length = varint(bytes, at);
  return length ? length.next + length.value : bytes.length + 1;
}

/** The bytes after a packet's fixed header (type byte and Remaining Length). */
export function bodyOf(frame: Uint8Array): Uint8Array {
  return frame.subarray(varint(frame, 1)?.next ?? frame.length);
}

/**
 * Where the property blocks of an MQTT 5 PUBLISH or CONNECT start: a PUBLISH's after its topic
 * and packet id; a CONNECT's after its keep-alive, and its Will's after the client id.
 */
export function propertyBlocks(packet: Packet, body: Uint8Array): { own?: number; will?: number } {
  if (packet.cmd === 'publish') return { own: 2 + u16(body, 0) + (packet.qos > 0 ? 2 : 0) };
  if (packet.cmd !== 'connect' || packet.protocolVersion !== 5) return {};
  const own = 2 + u16(body, 0) + 1 + 1 + 2; // protocol name, level, flags, keep-alive
  if (!packet.will) return { own };
  const clientId = blockEnd(body, own);
  return { own, will: clientId + 2 + u16(body, clientId) };
}

/** One User Property as it lies in the bytes: from its identifier to the end of its value. */
export interface PairBytes {
  start: number;
  end: number;
  name: [number, number];
  value: [number, number];
}

export interface PropertyBlock {
  /** The User Properties in the order they came. */
  pairs: PairBytes[];
  /** A 0-or-1 property that held another value, by name. */
  notZeroOrOne?: string;
}

/** Reads the property block at `at`; undefined if it is not well formed. */
export function readBlock(bytes: Uint8Array, at: number): PropertyBlock | undefined {
  const length = varint(bytes, at);
  if (!length) return undefined;
  const end = length.next + length.value;
  if (end > bytes.length) return undefined;
  const block: PropertyBlock = { pairs: [] };
  for (let i = length.next; i < end;) {
    const start = i;
    const id = bytes[i++]!;
    if (id === USER_PROPERTY) {
      const nameEnd = i + 2 + u16(bytes, i);
      const valueEnd = nameEnd + 2 + u16(bytes, nameEnd);
      block.pairs.push({
        start,
        end: valueEnd,
        name: [i + 2, nameEnd],
        value: [nameEnd + 2, valueEnd],
      });
      i = valueEnd;
    } else if (id === SUBSCRIPTION_IDENTIFIER) {
      i = varint(bytes, i)?.next ?? end + 1;
    } else {
      const size = FIXED[id];
      if (size === undefined) return undefined;
      if (ZERO_OR_ONE[id] !== undefined && (bytes[i] ?? 0) > 1)
        block.notZeroOrOne ??= ZERO_OR_ONE[id];
      i += size >= 0 ? size : 2 + u16(bytes, i);
    }
    if (i > end) return undefined;
  }
  return block;
}

/**
 * [MQTT-3.1.4-1] [MQTT-4.8.0-1, 3.1.1] what follows a packet's last field, if anything: a
 * CONNECT longer than the fields its flags announce (a User Name whose flag is 0 would pass),
 * an ack, DISCONNECT, AUTH or PINGREQ with bytes past its end. mqtt-packet reads what it needs
 * and ignores the rest. Undefined when the packet ends where it should.
 */
export function trailingBytes(
  packet: Packet,
  bodyNow: () => Uint8Array,
  version: number,
): number | undefined {
  const length = packet.length ?? 0;
  const end = fieldsEnd(packet, length, bodyNow, version);
  return end === undefined || end >= length ? undefined : length - end;
}

const ACKS = new Set(['puback', 'pubrec', 'pubrel', 'pubcomp']);

/** Where the packet's last field ends; `length` is its Remaining Length. Reads bytes only in MQTT 5. */
function fieldsEnd(
  packet: Packet,
  length: number,
  bodyNow: () => Uint8Array,
  version: number,
): number | undefined {
  const v5 = version === 5;
  if (packet.cmd === 'pingreq') return 0;
  // An MQTT 5 ack of 2 or 3 bytes (id, reason code) has no properties to end with.
  if (ACKS.has(packet.cmd)) return !v5 ? 2 : length > 3 ? blockEnd(bodyNow(), 3) : undefined;
  if (packet.cmd === 'disconnect' || packet.cmd === 'auth') {
    return !v5 ? 0 : length > 1 ? blockEnd(bodyNow(), 1) : undefined;
  }
  if (packet.cmd !== 'connect') return undefined;
  const body = bodyNow();
  let at = 2 + u16(body, 0); // protocol name
  const flags = body[at + 1] ?? 0;
  at += 1 + 1 + 2; // level, flags, keep-alive
  if (v5) at = blockEnd(body, at);
  at += 2 + u16(body, at); // client id
  if (flags & 0x04) {
    if (v5) at = blockEnd(body, at);
    at += 2 + u16(body, at); // Will Topic
    at += 2 + u16(body, at); // Will Payload
  }
  if (flags & 0x80) at += 2 + u16(body, at); // User Name
  if (flags & 0x40) at += 2 + u16(body, at); // Password
  return at;
}
