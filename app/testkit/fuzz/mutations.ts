/**
 * Mutations of one encoded packet, each aimed at a part of the decoder path: the Remaining
 * Length, the fixed-header flags and type, string fields (UTF-8), MQTT 5 property blocks, and
 * plain byte edits. They are data, so fast-check can shrink a failing list of them.
 */
import fc from 'fast-check';
import type { Packet } from '../../broker/packets';
import { gen, varint, type Version } from '../rawClient';
import {
  HOSTILE_STRINGS,
  join,
  PROPERTY_MARKER,
  replaceProperties,
  replaceString,
  split,
  lengthPrefixed,
  u16,
  u32,
  type RawProperty,
} from './bytes';

export type Mutation =
  | { op: 'length'; how: 'plus' | 'minus' | 'overlong' | 'nonminimal' | 'huge'; by: number }
  | { op: 'flags'; nibble: number }
  | { op: 'type'; nibble: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'delete'; at: number; count: number }
  | { op: 'truncate'; at: number }
  | { op: 'utf8'; occurrence: number; sequence: number }
  | { op: 'properties'; props: RawProperty[]; lengthDelta: number };

/** MQTT 5 property ids and how their values are written (spec 2.2.2.2). */
const PROPERTY_TYPES: Record<
  number,
  'byte' | 'u16' | 'u32' | 'varint' | 'string' | 'binary' | 'pair'
> = {
  0x01: 'byte', // Payload Format Indicator
  0x02: 'u32', // Message Expiry Interval
  0x03: 'string', // Content Type
  0x08: 'string', // Response Topic
  0x09: 'binary', // Correlation Data
  0x0b: 'varint', // Subscription Identifier
  0x11: 'u32', // Session Expiry Interval
  0x12: 'string', // Assigned Client Identifier
  0x13: 'u16', // Server Keep Alive
  0x15: 'string', // Authentication Method
  0x16: 'binary', // Authentication Data
  0x17: 'byte', // Request Problem Information
  0x18: 'u32', // Will Delay Interval
  0x19: 'byte', // Request Response Information
  0x1a: 'string', // Response Information
  0x1c: 'string', // Server Reference
  0x1f: 'string', // Reason String
  0x21: 'u16', // Receive Maximum
  0x22: 'u16', // Topic Alias Maximum
  0x23: 'u16', // Topic Alias
  0x24: 'byte', // Maximum QoS
  0x25: 'byte', // Retain Available
  0x26: 'pair', // User Property
  0x27: 'u32', // Maximum Packet Size
  0x28: 'byte', // Wildcard Subscription Available
  0x29: 'byte', // Subscription Identifier Available
  0x2a: 'byte', // Shared Subscription Available
};
const PROPERTY_IDS = Object.keys(PROPERTY_TYPES).map(Number);

const str = fc.constantFrom([], [0x61], [0x00], [0xff, 0xfe], [0xed, 0xa0, 0x80], [0x23]);

/** A property well-typed for its id, with edge values (0, the maximum, bad UTF-8). */
const typedProperty: fc.Arbitrary<RawProperty> = fc
  .record({
    id: fc.constantFrom(...PROPERTY_IDS),
    n: fc.oneof(fc.constantFrom(0, 1, 2, 255, 65_535, 0xffff_ffff), fc.nat()),
    s: str,
    s2: str,
  })
  .map(({ id, n, s, s2 }) => {
    switch (PROPERTY_TYPES[id]) {
      case 'byte':
        return { id, value: [n & 0xff] };
      case 'u16':
        return { id, value: u16(n) };
      case 'u32':
        return { id, value: u32(n) };
      case 'varint':
        return { id, value: varint(n % 268_435_456) };
      case 'pair':
        return { id, value: [...lengthPrefixed(s), ...lengthPrefixed(s2)] };
      default:
        return { id, value: lengthPrefixed(s) };
    }
  });

/** Any id (known or not) with bytes of the wrong length for it, or none. */
const wrongProperty: fc.Arbitrary<RawProperty> = fc.record({
  id: fc.oneof(fc.constantFrom(0, 0x04, 0x7f, 0x80, 0xff, ...PROPERTY_IDS), fc.nat(255)),
  value: fc.array(fc.nat(255), { maxLength: 6 }),
});

const propertyList = fc
  .array(
    fc.oneof({ weight: 3, arbitrary: typedProperty }, { weight: 1, arbitrary: wrongProperty }),
    {
      maxLength: 4,
    },
  )
  // Duplicates of a single-valued property are a protocol error [MQTT-2.2.2-2]: ask for them.
  .chain((props) =>
    props.length === 0
      ? fc.constant(props)
      : fc.boolean().map((dup) => (dup ? [...props, props[0]!] : props)),
  );

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('length' as const),
    how: fc.constantFrom('plus', 'minus', 'overlong', 'nonminimal', 'huge') as fc.Arbitrary<
      'plus' | 'minus' | 'overlong' | 'nonminimal' | 'huge'
    >,
    by: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record({ op: fc.constant('flags' as const), nibble: fc.nat(15) }),
  fc.record({ op: fc.constant('type' as const), nibble: fc.nat(15) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(fc.nat(255), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.nat(),
    count: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('utf8' as const),
    occurrence: fc.nat(3),
    sequence: fc.nat(HOSTILE_STRINGS.length - 1),
  }),
  fc.record({
    op: fc.constant('properties' as const),
    props: propertyList,
    lengthDelta: fc.constantFrom(0, 0, 0, -1, 1, 5),
  }),
);

/** Packets whose MQTT 5 property block can be planted (and then replaced). */
const WITH_PROPERTIES: ReadonlySet<Packet['cmd']> = new Set([
  'connect',
  'publish',
  'puback',
  'pubrec',
  'pubrel',
  'pubcomp',
  'subscribe',
  'unsubscribe',
  'disconnect',
  'auth',
]);

/**
 * Encodes `packet` and applies the mutations in order. A packet mqtt-packet refuses to encode
 * comes out as its nearest neighbour it will: PINGREQ, then mutated like any other.
 */
export function mutate(
  packet: Packet,
  version: Version,
  mutations: readonly Mutation[],
): Uint8Array {
  let source = packet;
  if (
    version === 5 &&
    WITH_PROPERTIES.has(packet.cmd) &&
    mutations.some((m) => m.op === 'properties')
  ) {
    // The planted block must be the only one, so the bytes before it are its length.
    source = { ...packet, properties: { userProperties: { ...PROPERTY_MARKER } } } as Packet;
    if (
      'reasonCode' in source ||
      ['puback', 'pubrec', 'pubrel', 'pubcomp', 'disconnect', 'auth'].includes(source.cmd)
    ) {
      (source as { reasonCode?: number }).reasonCode ??= 0;
    }
  }
  const encoded = encodes(source, version) ?? gen({ cmd: 'pingreq' }, version);
  const parts = split(encoded);
  for (const m of mutations) apply(parts, m);
  return join(parts);
}

/** The packet encoded, or undefined when mqtt-packet refuses it (it throws or writes nothing). */
export function encodes(packet: Packet, version: Version): Uint8Array | undefined {
  try {
    const bytes = gen(packet, version);
    return bytes.length ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function apply(p: { first: number; length?: number[]; body: number[] }, m: Mutation): void {
  const body = p.body;
  const pos = (at: number) => (body.length === 0 ? 0 : at % (body.length + 1));
  switch (m.op) {
    case 'length': {
      const n = body.length;
      if (m.how === 'plus') p.length = varint(n + m.by);
      else if (m.how === 'minus') p.length = varint(Math.max(0, n - m.by));
      // Five bytes of Variable Byte Integer: malformed [MQTT-1.5.5-1].
      else if (m.how === 'overlong') p.length = [0xff, 0xff, 0xff, 0xff, 0x7f];
      // The right value, in more bytes than it needs.
      else if (m.how === 'nonminimal') p.length = [...varint(n).map((b) => b | 0x80), 0x00];
      // The largest length there is: the broker must not wait for 256 MB it may not accept.
      else p.length = varint(268_435_455);
      return;
    }
    case 'flags':
      p.first = (p.first & 0xf0) | m.nibble;
      return;
    case 'type':
      p.first = (m.nibble << 4) | (p.first & 0x0f);
      return;
    case 'set':
      if (body.length) body[m.at % body.length] = m.value;
      return;
    case 'insert':
      body.splice(pos(m.at), 0, ...m.bytes);
      return;
    case 'delete':
      if (body.length) body.splice(m.at % body.length, m.count);
      return;
    case 'truncate':
      body.length = pos(m.at);
      return;
    case 'utf8':
      replaceString(body, m.occurrence, HOSTILE_STRINGS[m.sequence]!);
      return;
    case 'properties':
      replaceProperties(body, m.props, m.lengthDelta);
      return;
    default: {
      const never: never = m;
      throw new Error(`unknown mutation ${JSON.stringify(never)}`);
    }
  }
}
