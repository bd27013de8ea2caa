/**
 * User Properties in the order they came [MQTT-3.3.2-18] [MQTT-3.1.3-10, 5.0].
 *
 * mqtt-packet hands User Properties over as an object, name → value or values. That form loses
 * the order twice: a name given twice becomes one key with an array, so `a=1, b=2, a=3` is sent
 * on as `a=1, a=3, b=2`; and JavaScript puts keys that look like array indices ("2") before
 * all others. When a decoded packet's object may have lost the order, the pairs are read again
 * from its bytes and kept here, keyed by that object (which travels by reference into the
 * message and its Will); a PUBLISH encoded with it then has its User Property bytes rewritten
 * in that order. The bytes are the same pairs, so lengths do not change.
 */
import type { Packet } from './packets';

type UserProperties = Record<string, string | string[]>;
type Pair = readonly [string, string];

const wireOrder = new WeakMap<object, readonly Pair[]>();

const USER_PROPERTY = 0x26;
/** Value sizes of the other MQTT 5 properties by identifier; -1: string or binary (length first). */
// prettier-ignore
const FIXED: Readonly<Record<number, number>> = {
  0x01: 1, 0x17: 1, 0x19: 1, 0x24: 1, 0x25: 1, 0x28: 1, 0x29: 1, 0x2a: 1,
  0x13: 2, 0x21: 2, 0x22: 2, 0x23: 2,
  0x02: 4, 0x11: 4, 0x18: 4, 0x27: 4,
  0x03: -1, 0x08: -1, 0x09: -1, 0x12: -1, 0x15: -1, 0x16: -1, 0x1a: -1, 0x1c: -1, 0x1f: -1,
};
const SUBSCRIPTION_IDENTIFIER = 0x0b;

/** Whether the object form may differ from the order on the wire. */
function orderMayBeLost(up: UserProperties): boolean {
  return Object.entries(up).some(([name, v]) => Array.isArray(v) || /^(0|[1-9]\d*)$/.test(name));
}

/**
 * After decoding: keeps the wire order of a PUBLISH's User Properties, or of a CONNECT's Will's,
 * when the object may have lost it. `body` is the packet after its fixed header.
 */
export function rememberWireOrder(packet: Packet, body: Uint8Array): void {
  if (packet.cmd === 'publish') {
    const up = packet.properties?.userProperties as UserProperties | undefined;
    if (!up || !orderMayBeLost(up)) return;
    keep(up, body, 2 + u16(body, 0) + (packet.qos > 0 ? 2 : 0)); // after topic and packet id
  } else if (packet.cmd === 'connect') {
    const up = packet.will?.properties?.userProperties as UserProperties | undefined;
    if (!up || !orderMayBeLost(up)) return;
    let at = 2 + u16(body, 0) + 1 + 1 + 2; // protocol name, level, flags, keep-alive
    at = blockEnd(body, at); // CONNECT properties
    at += 2 + u16(body, at); // client id
    keep(up, body, at);
  }
}

/** Properties whose one-byte value may only be 0 or 1 (mqtt-packet reads any byte as a boolean). */
const ZERO_OR_ONE: Readonly<Record<number, string>> = {
  0x01: 'Payload Format Indicator',
  0x17: 'Request Problem Information',
  0x19: 'Request Response Information',
};

/**
 * The name of a property of an MQTT 5 PUBLISH, CONNECT or Will whose value, on the wire, is
 * neither 0 nor 1 where only those are allowed (a Protocol Error, MQTT 5.0 3.1.2.11.6-7,
 * 3.1.3.2.3, 3.3.2.3.2). mqtt-packet decodes these bytes as booleans, so 2 passed as true.
 */
export function notZeroOrOne(packet: Packet, body: Uint8Array): string | undefined {
  const starts: number[] = [];
  if (packet.cmd === 'publish') {
    starts.push(2 + u16(body, 0) + (packet.qos > 0 ? 2 : 0));
  } else if (packet.cmd === 'connect' && packet.protocolVersion === 5) {
    const props = 2 + u16(body, 0) + 1 + 1 + 2; // protocol name, level, flags, keep-alive
    starts.push(props);
    if (packet.will) {
      const afterProps = blockEnd(body, props);
      starts.push(afterProps + 2 + u16(body, afterProps)); // after the client id
    }
  }
  for (const start of starts) {
    const length = varint(body, start);
    if (!length) continue;
    const end = Math.min(length.next + length.value, body.length);
    for (let i = length.next; i < end;) {
      const id = body[i++]!;
      if (ZERO_OR_ONE[id] !== undefined && (body[i] ?? 0) > 1) return ZERO_OR_ONE[id];
      if (id === USER_PROPERTY) i += 2 + u16(body, i) + 2 + u16(body, i + 2 + u16(body, i));
      else if (id === SUBSCRIPTION_IDENTIFIER) i = skipVarint(body, i);
      else if (FIXED[id] === undefined) break;
      else i += FIXED[id]! >= 0 ? FIXED[id]! : 2 + u16(body, i);
    }
  }
  return undefined;
}

/** The bytes after a packet's fixed header (type byte and Remaining Length). */
export function bodyOf(frame: Uint8Array): Uint8Array {
  return frame.subarray(skipVarint(frame, 1));
}

function keep(up: UserProperties, body: Uint8Array, blockStart: number): void {
  const pairs = walk(body, blockStart)?.pairs;
  if (pairs && pairs.length > 0) wireOrder.set(up, pairs);
}

/**
 * An encoded PUBLISH with its User Properties rewritten in the order they came, if that order
 * was kept; else the bytes unchanged. Anything unexpected leaves the bytes as they are.
 */
export function inWireOrder(bytes: Uint8Array, up: object | undefined): Uint8Array {
  const pairs = up && wireOrder.get(up);
  if (!pairs) return bytes;
  const qos = (bytes[0]! >> 1) & 3;
  let at = skipVarint(bytes, 1);
  at += 2 + u16(bytes, at);
  if (qos > 0) at += 2;
  const found = walk(bytes, at);
  if (!found || found.first < 0) return bytes;
  const run = encodePairs(pairs);
  // mqtt-packet writes the pairs together; only a run of exactly those bytes is replaced.
  if (found.last - found.first !== run.length || found.pairs.length !== pairs.length) return bytes;
  const out = Uint8Array.from(bytes);
  out.set(run, found.first);
  return out;
}

interface Walked {
  pairs: Pair[];
  /** Offset of the first User Property, -1 if none; end of the last one. */
  first: number;
  last: number;
}

/** Reads the property block at `at`; undefined if it is not well formed. */
function walk(bytes: Uint8Array, at: number): Walked | undefined {
  const length = varint(bytes, at);
  if (!length) return undefined;
  const end = length.next + length.value;
  if (end > bytes.length) return undefined;
  const result: Walked = { pairs: [], first: -1, last: -1 };
  const text = new TextDecoder();
  for (let i = length.next; i < end;) {
    const id = bytes[i]!;
    const start = i++;
    if (id === USER_PROPERTY) {
      const nameLength = u16(bytes, i);
      const name = text.decode(bytes.subarray(i + 2, i + 2 + nameLength));
      i += 2 + nameLength;
      const valueLength = u16(bytes, i);
      const value = text.decode(bytes.subarray(i + 2, i + 2 + valueLength));
      i += 2 + valueLength;
      if (result.first < 0) result.first = start;
      result.last = i;
      result.pairs.push([name, value]);
    } else if (id === SUBSCRIPTION_IDENTIFIER) {
      i = skipVarint(bytes, i);
    } else {
      const size = FIXED[id];
      if (size === undefined) return undefined;
      i += size >= 0 ? size : 2 + u16(bytes, i);
    }
    if (i > end) return undefined;
  }
  return result;
}

function encodePairs(pairs: readonly Pair[]): Uint8Array {
  const utf8 = new TextEncoder();
  const encoded = pairs.map(([name, value]) => [utf8.encode(name), utf8.encode(value)] as const);
  let size = 0;
  for (const [name, value] of encoded) size += 5 + name.length + value.length;
  const out = new Uint8Array(size);
  let at = 0;
  const string = (b: Uint8Array) => {
    out[at++] = b.length >> 8;
    out[at++] = b.length & 0xff;
    out.set(b, at);
    at += b.length;
  };
  for (const [name, value] of encoded) {
    out[at++] = USER_PROPERTY;
    string(name);
    string(value);
  }
  return out;
}

function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function varint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let multiplier = 1;
  for (let i = at; i < bytes.length && i < at + 4; i++) {
    value += (bytes[i]! & 0x7f) * multiplier;
    if ((bytes[i]! & 0x80) === 0) return { value, next: i + 1 };
    multiplier *= 128;
  }
  return undefined;
}

function skipVarint(bytes: Uint8Array, at: number): number {
  return varint(bytes, at)?.next ?? bytes.length;
}

/** Offset just past the property block at `at`. */
function blockEnd(bytes: Uint8Array, at: number): number {
  const length = varint(bytes, at);
  return length ? length.next + length.value : bytes.length;
}
