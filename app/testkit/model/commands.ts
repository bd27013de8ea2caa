import fc from 'fast-check';
import type { QoS } from '../../broker/packets';
import type { ProfileName, ProfileOverrides } from '../../broker/profiles';

/** The client ids that hold sessions; the publisher is apart and always clean. */
export const CLIENT_IDS = ['a', 'b', 'c'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];
export const TOPICS = ['t/1', 't/2'] as const;
export const FILTERS = ['t/1', 't/2', 't/#', '+/2'] as const;
/** MQTT 5 Session Expiry Intervals worth trying: absent and 0 (the MQTT 5 trap), short, never. */
export const SEIS = [undefined, 0, 60, 3600, 0xffffffff] as const;

/** One step of a sequence: plain data, so a shrunk sequence prints and pastes as a test. */
export type Command =
  | {
      k: 'connect';
      id: ClientId;
      v: 4 | 5;
      clean: boolean;
      sei?: number;
      /** Hold acks from the start (the resumed backlog arrives during CONNECT). */
      hold?: boolean;
      /** MQTT 5 Receive Maximum: fewer messages in flight than the profile allows. */
      rm?: number;
    }
  | { k: 'subscribe'; id: ClientId; filter: string; qos: QoS }
  | { k: 'unsubscribe'; id: ClientId; filter: string }
  /**
   * `exp`: MQTT 5 Message Expiry Interval, seconds. `twice` (QoS 2): the publisher sends the
   * PUBLISH again with DUP=1 before its PUBREL, as after a lost PUBREC.
   */
  | { k: 'publish'; topic: string; qos: QoS; exp?: number; twice?: boolean }
  | { k: 'hold'; id: ClientId }
  /** The client stops sending (no more PINGREQ); the broker must notice by keep-alive. */
  | { k: 'hang'; id: ClientId }
  /** Acks everything held and stops holding; or, with `one`, acks one held message and holds on. */
  | { k: 'release'; id: ClientId; one?: 'oldest' | 'newest' }
  | { k: 'drop'; id: ClientId }
  | { k: 'disconnect'; id: ClientId; sei?: number }
  | { k: 'advance'; ms: number };

/** A profile with some figures overridden, so that small sequences reach its limits. */
export interface Variant {
  name: string;
  profile: ProfileName;
  overrides: ProfileOverrides;
}

const TIGHT: ProfileOverrides = { queueLimit: 3, inflightLimit: 2 };

/** Every profile as shipped, and with limits small enough for a short sequence to hit them. */
export const VARIANTS: readonly Variant[] = [
  { name: 'aws', profile: 'aws', overrides: {} },
  { name: 'standard', profile: 'standard', overrides: {} },
  { name: 'mosquitto', profile: 'mosquitto', overrides: {} },
  { name: 'emqx', profile: 'emqx', overrides: {} },
  { name: 'aws-tight', profile: 'aws', overrides: TIGHT },
  { name: 'mosquitto-tight', profile: 'mosquitto', overrides: TIGHT },
  { name: 'emqx-tight', profile: 'emqx', overrides: TIGHT },
  // The MQTT-standard order (live behind the backlog) with a paced replay: the two together.
  { name: 'standard-paced', profile: 'standard', overrides: { replayRate: 5, inflightLimit: 2 } },
];

const id = fc.constantFrom(...CLIENT_IDS);
const qos = fc.constantFrom<QoS>(0, 1, 2);
const sei = fc.constantFrom(...SEIS);

const connect: fc.Arbitrary<Command> = fc
  .record({
    id,
    v: fc.constantFrom<4 | 5>(4, 5),
    clean: fc.boolean(),
    sei,
    hold: fc.boolean(),
    rm: fc.constantFrom(undefined, undefined, undefined, 1, 2),
  })
  .map(({ id, v, clean, sei, hold, rm }) => ({
    k: 'connect' as const,
    id,
    v,
    clean,
    ...(v === 5 && sei !== undefined ? { sei } : {}),
    ...(hold ? { hold } : {}),
    ...(v === 5 && rm !== undefined ? { rm } : {}),
  }));

const publish: fc.Arbitrary<Command> = fc
  .record({
    topic: fc.constantFrom(...TOPICS),
    qos,
    exp: fc.constantFrom(undefined, undefined, undefined, 1, 60),
    twice: fc.boolean(),
  })
  .map(({ topic, qos, exp, twice }) => ({
    k: 'publish' as const,
    topic,
    qos,
    ...(exp !== undefined ? { exp } : {}),
    ...(twice && qos === 2 ? { twice } : {}),
  }));

const disconnect: fc.Arbitrary<Command> = fc
  .record({ id, sei: fc.constantFrom(undefined, undefined, 0, 60) })
  .map(({ id, sei }) => ({ k: 'disconnect' as const, id, ...(sei !== undefined ? { sei } : {}) }));

const advance: fc.Arbitrary<Command> = fc
  .oneof(
    fc.constantFrom(0, 100, 1000, 60_000, 3_600_000, 5_400_000, 7_200_000),
    fc.integer({ min: 1, max: 8_000_000 }),
  )
  .map((ms) => ({ k: 'advance' as const, ms }));

/** One random step; publishes come more often than the rest, since they carry the properties. */
export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: connect, weight: 4 },
  {
    arbitrary: fc
      .record({ id, filter: fc.constantFrom(...FILTERS), qos })
      .map((c) => ({ k: 'subscribe' as const, ...c })),
    weight: 3,
  },
  {
    arbitrary: fc
      .record({ id, filter: fc.constantFrom(...FILTERS) })
      .map((c) => ({ k: 'unsubscribe' as const, ...c })),
    weight: 1,
  },
  { arbitrary: publish, weight: 6 },
  { arbitrary: id.map((id) => ({ k: 'hold' as const, id })), weight: 1 },
  {
    arbitrary: fc
      .record({ id, one: fc.constantFrom(undefined, 'oldest' as const, 'newest' as const) })
      .map(({ id, one }) => ({ k: 'release' as const, id, ...(one ? { one } : {}) })),
    weight: 2,
  },
  { arbitrary: id.map((id) => ({ k: 'drop' as const, id })), weight: 2 },
  { arbitrary: id.map((id) => ({ k: 'hang' as const, id })), weight: 1 },
  { arbitrary: disconnect, weight: 2 },
  { arbitrary: advance, weight: 2 },
);

/**
 * A sequence of steps. fast-check's default size keeps arrays short; most steps only matter
 * after a connect and a subscribe, so sequences are long enough for messages to pile up.
 */
export const sequenceArb = (maxLength = 60): fc.Arbitrary<Command[]> =>
  fc
    .tuple(setupArb, fc.array(commandArb, { minLength: 1, maxLength, size: 'max' }))
    .map(([setup, body]) => [...setup, ...body]);

/** Each client may start connected and subscribed, persistent more often than not. */
const setupArb: fc.Arbitrary<Command[]> = fc
  .tuple(
    ...CLIENT_IDS.map((id) =>
      fc
        .option(
          fc.record({
            v: fc.constantFrom<4 | 5>(4, 5),
            clean: fc.constantFrom(false, false, true),
            sei: fc.constantFrom(...SEIS),
            filter: fc.constantFrom(...FILTERS),
            qos,
          }),
          { freq: 4 },
        )
        .map((o): Command[] =>
          o === null
            ? []
            : [
                {
                  k: 'connect',
                  id,
                  v: o.v,
                  clean: o.clean,
                  ...(o.v === 5 && o.sei !== undefined ? { sei: o.sei } : {}),
                },
                { k: 'subscribe', id, filter: o.filter, qos: o.qos },
              ],
        ),
    ),
  )
  .map((parts) => parts.flat());
