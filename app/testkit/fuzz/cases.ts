/**
 * A fuzz case: what one hostile connection sends, and how the bytes are cut into chunks.
 * Either random bytes, or a stream of valid packets with one of them mutated.
 */
import fc from 'fast-check';
import type { Packet } from '../../broker/packets';
import type { ProfileName } from '../../broker/profiles';
import type { Version } from '../rawClient';
import { mutate, mutationArb, type Mutation } from './mutations';
import { connectArb, packetArb } from './packets';
import { concatBytes } from '../../broker/bytes';

interface CaseBase {
  profile: ProfileName;
  version: Version;
  /** Offsets where the stream is cut into chunks, or every byte on its own. */
  cuts: number[] | 'bytewise';
}

export interface RandomCase extends CaseBase {
  kind: 'random';
  /** A valid CONNECT goes first, so the garbage hits an open connection. */
  connect?: Packet;
  bytes: Uint8Array;
}

export interface MutatedCase extends CaseBase {
  kind: 'mutated';
  /** The packets in order; the first is a CONNECT unless the case tests a packet before one. */
  packets: Packet[];
  /** Which packet the mutations hit (modulo their count). */
  target: number;
  mutations: Mutation[];
}

export type FuzzCase = RandomCase | MutatedCase;

const profile = fc.constantFrom('standard', 'aws') as fc.Arbitrary<ProfileName>;
const version = fc.constantFrom(4, 5) as fc.Arbitrary<Version>;
const cuts = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.nat(), { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constant('bytewise' as const) },
);

const randomCase: fc.Arbitrary<FuzzCase> = fc.record({ profile, version, cuts }).chain((base) =>
  fc.record({
    kind: fc.constant('random' as const),
    profile: fc.constant(base.profile),
    version: fc.constant(base.version),
    cuts: fc.constant(base.cuts),
    connect: fc.option(connectArb(base.version), { nil: undefined }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 96 }),
  }),
);

const mutatedCase: fc.Arbitrary<FuzzCase> = fc.record({ profile, version, cuts }).chain((base) =>
  fc.record({
    kind: fc.constant('mutated' as const),
    profile: fc.constant(base.profile),
    version: fc.constant(base.version),
    cuts: fc.constant(base.cuts),
    packets: fc
      .tuple(
        // Mostly a CONNECT first; sometimes another packet first [MQTT-3.1.0-1, 3.1.1/5.0].
        fc.oneof(
          { weight: 4, arbitrary: connectArb(base.version) },
          { weight: 1, arbitrary: packetArb(base.version) },
        ),
        // Later packets include a second CONNECT now and then [MQTT-3.1.0-2, 3.1.1/5.0].
        fc.array(packetArb(base.version), { maxLength: 4 }),
      )
      .map(([first, rest]) => [first, ...rest]),
    target: fc.nat(),
    mutations: fc.array(mutationArb, { maxLength: 3 }),
  }),
);

/** Every kind of case, mutated packets three times as often as random bytes. */
export const caseArb: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 1, arbitrary: randomCase },
  { weight: 3, arbitrary: mutatedCase },
);

/** The bytes the hostile connection sends, in one piece. */
export function caseBytes(c: FuzzCase): Uint8Array {
  if (c.kind === 'random') {
    const head = c.connect ? mutate(c.connect, c.version, []) : new Uint8Array(0);
    return concatBytes([head, c.bytes]);
  }
  const target = c.target % c.packets.length;
  return concatBytes(
    c.packets.map((p, i) => mutate(p, c.version, i === target ? c.mutations : [])),
  );
}

/** The same bytes cut where the case says. */
export function chunk(bytes: Uint8Array, cuts: number[] | 'bytewise'): Uint8Array[] {
  if (cuts === 'bytewise') return [...bytes].map((b) => Uint8Array.of(b));
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    if (to > from) chunks.push(bytes.subarray(from, to));
    from = to;
  }
  return chunks;
}
