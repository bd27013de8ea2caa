import { Buffer } from 'buffer';
import { parser as createParser, writeToStream } from 'mqtt-packet';
import type { Packet, ProtocolVersion } from './packets';
import { bodyOf, propertyBlocks, readBlock, trailingBytes, varint } from './packetBytes';
import { rememberWireOrder } from './userPropertyOrder';

/** Starts the message of a decoding error that is a Protocol Error, not a Malformed Packet. */
export const PROTOCOL_ERROR = 'Protocol Error: ';

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
  settings: { protocolVersion?: number };
}

/**
 * Wraps mqtt-packet's parser (the codec of MQTT.js and aedes). It learns the protocol
 * version from the CONNECT it parses, so one decoder serves 3.1.1 and 5.0 clients.
 *
 * The decoder frames packets itself and hands the parser one packet's bytes at a time: the
 * parser bounds its field reads by the bytes it holds, not by the Remaining Length, so a packet
 * shorter than its fields read on into the next packet when both arrived together (a PUBACK of
 * length 1 then a PINGREQ was a PUBACK of id 0x00C0), and the same bytes meant something else
 * when split differently. Framed, a short packet fails alike however the bytes arrive.
 */
export function createDecoder(
  onPacket: (p: Packet) => void,
  onError: (e: Error) => void,
  protocolVersion: ProtocolVersion = 4,
): Decoder {
  const parser = createParser({ protocolVersion }) as unknown as ParserLike;
  let failed = false;
  // The bytes of the packet being parsed: the parser reports a packet while parsing them.
  let current: Buffer | undefined;
  // Whether `current` starts with the fixed header (a whole frame) or is the body alone.
  let currentIsFrame = true;
  parser.on('packet', (p) => {
    if (failed) return;
    // mqtt-packet has switched to the CONNECT's version by the time it reports it.
    const version = parser.settings.protocolVersion ?? 4;
    const frame = current;
    // The body only when a check needs it: most packets (every 3.1.1 PUBLISH) do not.
    let body: Uint8Array | undefined;
    const bodyNow = () => (body ??= currentIsFrame ? bodyOf(frame!) : frame!);
    const error =
      (frame && stringError(p, frame)) ??
      missingPropertyLength(p, version) ??
      unreadProperty(p) ??
      (frame && wireError(p, bodyNow, version));
    if (error) {
      failed = true;
      onError(new Error(error));
      return;
    }
    if (frame && version === 5) rememberWireOrder(p, bodyNow);
    onPacket(p);
  });
  parser.on('error', (e) => {
    if (failed) return;
    failed = true;
    onError(e);
  });
  // The packet in progress: its fixed header so far (already given to the parser), then, once
  // the header is whole, its body collected until complete.
  let header: number[] = [];
  let bodyLength = -1;
  let body: Buffer[] = [];
  let bodyHeld = 0;

  function parse(bytes: Buffer, isFrame = true): void {
    current = bytes;
    currentIsFrame = isFrame;
    try {
      parser.parse(bytes);
    } catch (e) {
      if (!failed) {
        failed = true;
        onError(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  /** Takes one header byte of a packet that arrived in pieces. */
  function headerByte(byte: number): void {
    header.push(byte);
    parse(Buffer.of(byte));
    if (failed || header.length < 2) return;
    if ((byte & 0x80) === 0) {
      bodyLength = varint(header, 1)!.value;
      // A packet of Remaining Length 0 is complete with its header.
      if (bodyLength === 0) endPacket();
    } else if (header.length === 5 && !failed) {
      failed = true;
      onError(new Error('Invalid variable byte integer'));
    }
  }

  function endPacket(): void {
    header = [];
    bodyLength = -1;
    body = [];
    bodyHeld = 0;
  }

  return {
    push(bytes) {
      const buf = toBuffer(bytes);
      let at = 0;
      while (!failed && at < buf.length) {
        if (bodyLength < 0) {
          // The usual case: a whole packet in this chunk, given to the parser in one go.
          const size = header.length === 0 ? frameSize(buf, at) : undefined;
          if (size !== undefined && at + size <= buf.length) {
            parse(buf.subarray(at, at + size));
            at += size;
          } else {
            headerByte(buf[at++]!);
          }
          continue;
        }
        const take = Math.min(bodyLength - bodyHeld, buf.length - at);
        body.push(buf.subarray(at, at + take));
        bodyHeld += take;
        at += take;
        if (bodyHeld === bodyLength) {
          const whole = body.length === 1 ? body[0]! : Buffer.concat(body, bodyHeld);
          endPacket();
          parse(whole, false);
        }
      }
    },
    buffered: () => header.length + bodyHeld,
  };
}

/**
 * [MQTT-2.2.2-1, 5.0] an MQTT 5 PUBLISH must carry its Property Length, 0 when it has no
 * properties. mqtt-packet reads a missing one as "no properties" when the packet ends right
 * after the topic (and packet id), so `30 03 00 01 61` was routed instead of refused as
 * malformed. (Other packets with a missing Property Length fail in the parser on their next field.)
 */
function missingPropertyLength(p: Packet, protocolVersion: number | undefined): string | undefined {
  if (p.cmd !== 'publish' || protocolVersion !== 5) return undefined;
  const before = 2 + Buffer.byteLength(p.topic, 'utf8') + (p.qos > 0 ? 2 : 0);
  return (p.length ?? 0) <= before ? 'MQTT 5 PUBLISH without its Property Length' : undefined;
}

/**
 * A property mqtt-packet could not read: a string or binary value whose length runs past the
 * end of its block comes out as null instead of an error (found by fuzzing: a Will's Response
 * Topic of null reached the CONNECT checks, which threw).
 */
function unreadProperty(p: Packet): string | undefined {
  const blocks = [
    (p as { properties?: Record<string, unknown> }).properties,
    p.cmd === 'connect' ? (p.will?.properties as Record<string, unknown> | undefined) : undefined,
  ];
  for (const block of blocks) {
    for (const name in block) if (block[name] === null) return `property ${name} cut short`;
  }
  return undefined;
}

/**
 * What only the packet's bytes show: bytes after its last field, or (MQTT 5) a property that may
 * only be 0 or 1 holding another value (mqtt-packet reads those bytes as booleans, so 2 passed
 * as true: a Protocol Error by MQTT 5.0 3.1.2.11.6-7, 3.1.3.2.3, 3.3.2.3.2).
 */
function wireError(p: Packet, bodyNow: () => Uint8Array, version: number): string | undefined {
  // A PUBLISH ends in its payload, and one without properties has no 0-or-1 value to check.
  if (p.cmd === 'publish' && (version !== 5 || !p.properties)) return undefined;
  if (p.cmd === 'subscribe' || p.cmd === 'unsubscribe') return undefined;
  const extra = trailingBytes(p, bodyNow, version);
  if (extra !== undefined) return `${extra} byte(s) after the last field of the ${p.cmd}`;
  if (version !== 5) return undefined;
  const body = bodyNow();
  const blocks = propertyBlocks(p, body);
  for (const at of [blocks.own, blocks.will]) {
    const name = at === undefined ? undefined : readBlock(body, at)?.notZeroOrOne;
    if (name) return `${PROTOCOL_ERROR}${name} other than 0 or 1`;
  }
  return undefined;
}

/**
 * What is wrong with the packet's strings, if anything. [MQTT-1.5.3-1] a string that is not
 * well-formed UTF-8 is a malformed packet: mqtt-packet decodes strings with Buffer's decoder,
 * which turns every ill-formed sequence into U+FFFD, so a packet whose strings hold more
 * U+FFFD than its bytes hold encoded ones (EF BF BD) had an ill-formed sequence (the bytes are
 * counted only when a U+FFFD is there). [MQTT-1.5.3-2] a string must not hold U+0000 either.
 * Both found by fuzzing: such packets were accepted.
 */
function stringError(packet: Packet, bytes: Buffer): string | undefined {
  const tally = { replaced: 0, nul: false };
  const fields = packet as unknown as Record<string, unknown>;
  for (const name of STRING_FIELDS) {
    const value = fields[name];
    if (value !== undefined && value !== null) scanStrings(value, tally);
  }
  if (tally.nul) return 'a string holds U+0000';
  if (tally.replaced === 0) return undefined;
  // Encoded U+FFFD in binary fields (a payload, a password, correlation data) are not strings'.
  let encoded = replacements(bytes);
  for (const binary of binaryFields(packet)) encoded -= replacements(binary);
  return tally.replaced > encoded ? 'a string is not well-formed UTF-8' : undefined;
}

function replacements(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = buf.indexOf(REPLACEMENT); i >= 0; i = buf.indexOf(REPLACEMENT, i + 1)) n++;
  return n;
}

/** The packet's binary fields: what may hold EF BF BD without being a string. */
function binaryFields(packet: Packet): Uint8Array[] {
  const p = packet as unknown as {
    payload?: unknown;
    password?: unknown;
    properties?: { correlationData?: unknown; authenticationData?: unknown };
    will?: { payload?: unknown; properties?: { correlationData?: unknown } };
  };
  const all = [
    p.payload,
    p.password,
    p.properties?.correlationData,
    p.properties?.authenticationData,
    p.will?.payload,
    p.will?.properties?.correlationData,
  ];
  return all.filter((b): b is Uint8Array => b instanceof Uint8Array);
}

/** The fields of parsed packets that hold strings (or objects holding them); not payloads. */
const STRING_FIELDS = [
  'topic',
  'clientId',
  'username',
  'will',
  'properties',
  'subscriptions',
  'unsubscriptions',
] as const;

/** Counts U+FFFD and notes U+0000 in every string below `v`, object keys included. */
function scanStrings(v: unknown, tally: { replaced: number; nul: boolean }): void {
  if (typeof v === 'string') {
    if (v.includes('\u0000')) tally.nul = true;
    for (let i = v.indexOf('\uFFFD'); i >= 0; i = v.indexOf('\uFFFD', i + 1)) tally.replaced++;
  } else if (Array.isArray(v)) {
    for (const x of v) scanStrings(x, tally);
  } else if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
    const record = v as Record<string, unknown>;
    for (const key in record) {
      scanStrings(key, tally); // User Property names are strings too
      scanStrings(record[key], tally);
    }
  }
}
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/**
 * Bytes of the whole packet starting at `at` (fixed header included), or undefined when its
 * Remaining Length is not all there or is malformed (more than four bytes).
 */
function frameSize(buf: Uint8Array, at: number): number | undefined {
  const length = varint(buf, at + 1);
  return length && length.next - at + length.value;
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
