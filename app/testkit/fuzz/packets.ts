/**
 * fast-check arbitraries of well-formed packets of every type, for MQTT 3.1.1 and 5.0, as
 * mqtt-packet's `generate` takes them. Strings carry STRING_MARKER so that a mutation can
 * reach them; topics stay under `fz/`, never the bystanders' `iso/#`, so that a valid fuzzed
 * PUBLISH does not (rightly) change a bystander's session.
 */
import { Buffer } from 'buffer';
import fc from 'fast-check';
import type { Packet } from '../../broker/packets';
import type { Version } from '../rawClient';
import { STRING_MARKER as M } from './bytes';

const topicName = fc.constantFrom(`fz/${M}`, `fz/a/${M}`, M, `$SYS/${M}`, 'fz/+', 'fz/#', '#', '');
const topicFilter = fc.constantFrom(
  `fz/${M}/#`,
  `fz/+/${M}`,
  `fz/${M}`,
  '#',
  '+/+',
  'fz/#/x',
  'fz/a+',
  `$share/g/fz/${M}`,
  '$share//x',
  '',
);
const clientId = fc.constantFrom(`fz-${M}`, `fz-${M}-2`, '', `${M}${'x'.repeat(30)}`);
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));
const text = fc.constantFrom(M, `t/${M}`, '');
export const packetId = fc.oneof(
  fc.constantFrom(0, 1, 2, 65_535),
  fc.integer({ min: 1, max: 65_535 }),
);
const u16 = fc.oneof(fc.constantFrom(0, 1, 65_535), fc.integer({ min: 0, max: 65_535 }));
const u32 = fc.oneof(
  fc.constantFrom(0, 1, 10, 600, 0xffff_ffff),
  fc.integer({ min: 0, max: 0xffff_ffff }),
);
const qos = fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2>;
const userProperties = fc.dictionary(text, text, { maxKeys: 2 });
const reasonCode = fc.constantFrom(0, 0x04, 0x10, 0x80, 0x83, 0x8e, 0x97, 0xff);

/** `fc.record` with every key optional, undefined when it comes out empty. */
function optionalProps<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) {
  return fc
    .option(fc.record(model, { requiredKeys: [] }), { nil: undefined })
    .map((p) => (p && Object.keys(p).length ? p : undefined));
}

function connect(version: Version): fc.Arbitrary<Packet> {
  const will = fc.record({
    topic: topicName,
    payload: bytes(8),
    qos,
    retain: fc.boolean(),
    ...(version === 5
      ? {
          properties: optionalProps({
            willDelayInterval: u32,
            payloadFormatIndicator: fc.boolean(),
            messageExpiryInterval: u32,
            contentType: text,
            responseTopic: topicName,
            correlationData: bytes(4),
            userProperties,
          }),
        }
      : {}),
  });
  return fc
    .record({
      clientId,
      clean: fc.boolean(),
      keepalive: fc.constantFrom(0, 0, 1, 5, 60, 65_535),
      will: fc.option(will, { nil: undefined }),
      username: fc.option(text, { nil: undefined }),
      password: fc.option(bytes(4), { nil: undefined }),
      properties:
        version === 5
          ? optionalProps({
              sessionExpiryInterval: u32,
              receiveMaximum: u16,
              maximumPacketSize: u32,
              topicAliasMaximum: u16,
              requestResponseInformation: fc.boolean(),
              requestProblemInformation: fc.boolean(),
              userProperties,
              authenticationMethod: text,
            })
          : fc.constant(undefined),
    })
    .map((p) => strip({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: version, ...p }));
}

function publish(version: Version): fc.Arbitrary<Packet> {
  return fc
    .record({
      topic: topicName,
      payload: bytes(16),
      qos,
      retain: fc.boolean(),
      dup: fc.boolean(),
      messageId: packetId,
      properties:
        version === 5
          ? optionalProps({
              payloadFormatIndicator: fc.boolean(),
              messageExpiryInterval: u32,
              topicAlias: u16,
              responseTopic: topicName,
              correlationData: bytes(4),
              userProperties,
              subscriptionIdentifier: fc.integer({ min: 1, max: 268_435_455 }),
              contentType: text,
            })
          : fc.constant(undefined),
    })
    .map((p) => strip({ cmd: 'publish', ...p, ...(p.qos === 0 ? { messageId: undefined } : {}) }));
}

function ack(
  cmd: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp',
  version: Version,
): fc.Arbitrary<Packet> {
  return fc
    .record({
      messageId: packetId,
      reasonCode:
        version === 5 ? fc.option(reasonCode, { nil: undefined }) : fc.constant(undefined),
      properties:
        version === 5
          ? optionalProps({ reasonString: text, userProperties })
          : fc.constant(undefined),
    })
    .map((p) => strip({ cmd, ...p }));
}

function subscribe(version: Version): fc.Arbitrary<Packet> {
  const subscription = fc.record({
    topic: topicFilter,
    qos,
    ...(version === 5 ? { nl: fc.boolean(), rap: fc.boolean(), rh: fc.constantFrom(0, 1, 2) } : {}),
  });
  return fc
    .record({
      messageId: packetId,
      subscriptions: fc.array(subscription, { minLength: 1, maxLength: 3 }),
      properties:
        version === 5
          ? optionalProps({
              subscriptionIdentifier: fc.integer({ min: 1, max: 268_435_455 }),
              userProperties,
            })
          : fc.constant(undefined),
    })
    .map((p) => strip({ cmd: 'subscribe', ...p }));
}

function unsubscribe(version: Version): fc.Arbitrary<Packet> {
  return fc
    .record({
      messageId: packetId,
      unsubscriptions: fc.array(topicFilter, { minLength: 1, maxLength: 3 }),
      properties: version === 5 ? optionalProps({ userProperties }) : fc.constant(undefined),
    })
    .map((p) => strip({ cmd: 'unsubscribe', ...p }));
}

function disconnect(version: Version): fc.Arbitrary<Packet> {
  if (version === 4) return fc.constant({ cmd: 'disconnect' } as Packet);
  return fc
    .record({
      reasonCode: fc.option(reasonCode, { nil: undefined }),
      properties: optionalProps({
        sessionExpiryInterval: u32,
        reasonString: text,
        userProperties,
        serverReference: text,
      }),
    })
    .map((p) => strip({ cmd: 'disconnect', ...p }));
}

const auth = fc
  .record({
    reasonCode: fc.constantFrom(0, 0x18, 0x19),
    properties: optionalProps({
      authenticationMethod: text,
      authenticationData: bytes(4),
      reasonString: text,
      userProperties,
    }),
  })
  .map((p) => strip({ cmd: 'auth', ...p }));

/** Packets only a server sends: a client sending one breaks the protocol. */
function serverOnly(version: Version): fc.Arbitrary<Packet> {
  return fc.oneof(
    fc
      .record({ sessionPresent: fc.boolean(), code: fc.constantFrom(0, 1, 5, 0x80) })
      .map(
        ({ sessionPresent, code }) =>
          (version === 5
            ? { cmd: 'connack', sessionPresent, reasonCode: code }
            : { cmd: 'connack', sessionPresent, returnCode: code }) as Packet,
      ),
    fc
      .record({
        messageId: packetId,
        granted: fc.array(fc.constantFrom(0, 1, 2, 128), { minLength: 1, maxLength: 2 }),
      })
      .map((p) => ({ cmd: 'suback', ...p }) as Packet),
    packetId.map(
      (messageId) =>
        (version === 5
          ? { cmd: 'unsuback', messageId, granted: [0] }
          : { cmd: 'unsuback', messageId }) as Packet,
    ),
    fc.constant({ cmd: 'pingresp' } as Packet),
  );
}

/** A CONNECT of the given version. */
export const connectArb = connect;

/** Any packet a client could put on the wire (and a few only a server may), of one version. */
export function packetArb(version: Version): fc.Arbitrary<Packet> {
  const v5Only = version === 5 ? [{ weight: 1, arbitrary: auth }] : [];
  return fc.oneof(
    { weight: 2, arbitrary: connect(version) },
    { weight: 4, arbitrary: publish(version) },
    { weight: 1, arbitrary: ack('puback', version) },
    { weight: 1, arbitrary: ack('pubrec', version) },
    { weight: 1, arbitrary: ack('pubrel', version) },
    { weight: 1, arbitrary: ack('pubcomp', version) },
    { weight: 2, arbitrary: subscribe(version) },
    { weight: 1, arbitrary: unsubscribe(version) },
    { weight: 1, arbitrary: fc.constant({ cmd: 'pingreq' } as Packet) },
    { weight: 1, arbitrary: disconnect(version) },
    ...v5Only,
    { weight: 1, arbitrary: serverOnly(version) },
  );
}

/** Drops keys whose value is undefined: mqtt-packet tells absent from undefined in places. */
function strip(packet: Record<string, unknown>): Packet {
  for (const key of Object.keys(packet)) if (packet[key] === undefined) delete packet[key];
  return packet as unknown as Packet;
}
