/**
 * A deterministic sweep beside the random run: every mutation kind applied to a packet of
 * every type, for both protocol versions, so that no combination is left to chance.
 */
import { Buffer } from 'buffer';
import fc from 'fast-check';
import type { Packet } from '../../broker/packets';
import { connectPacket, toHex, type Version } from '../rawClient';
import { HOSTILE_STRINGS, STRING_MARKER } from './bytes';
import { caseBytes, type FuzzCase } from './cases';
import { encodes, type Mutation } from './mutations';
import { packetArb } from './packets';

/** One mutation of each kind, with the values that matter most. */
export const SWEEP_MUTATIONS: readonly { name: string; mutation?: Mutation }[] = [
  { name: 'as generated' },
  { name: 'Remaining Length too long', mutation: { op: 'length', how: 'plus', by: 3 } },
  { name: 'Remaining Length too short', mutation: { op: 'length', how: 'minus', by: 1 } },
  { name: 'Remaining Length of five bytes', mutation: { op: 'length', how: 'overlong', by: 1 } },
  { name: 'Remaining Length not minimal', mutation: { op: 'length', how: 'nonminimal', by: 1 } },
  { name: 'Remaining Length 268435455', mutation: { op: 'length', how: 'huge', by: 1 } },
  { name: 'all flag bits set', mutation: { op: 'flags', nibble: 0xf } },
  { name: 'QoS 3', mutation: { op: 'flags', nibble: 0x6 } },
  { name: 'DUP on QoS 0', mutation: { op: 'flags', nibble: 0x8 } },
  { name: 'reserved type 0', mutation: { op: 'type', nibble: 0 } },
  { name: 'reserved type 15 in 3.1.1 / AUTH', mutation: { op: 'type', nibble: 15 } },
  { name: 'first body byte 0xff', mutation: { op: 'set', at: 0, value: 0xff } },
  { name: 'bytes inserted', mutation: { op: 'insert', at: 3, bytes: [0xff, 0x00, 0x7f] } },
  { name: 'bytes deleted', mutation: { op: 'delete', at: 2, count: 2 } },
  { name: 'body truncated', mutation: { op: 'truncate', at: 3 } },
  ...HOSTILE_STRINGS.map((_, sequence) => ({
    name: `hostile string #${sequence}`,
    mutation: { op: 'utf8', occurrence: 0, sequence } as Mutation,
  })),
  {
    name: 'duplicate Session Expiry Interval / Message Expiry',
    mutation: {
      op: 'properties',
      props: [
        { id: 0x11, value: [0, 0, 0, 10] },
        { id: 0x11, value: [0, 0, 0, 20] },
        { id: 0x02, value: [0, 0, 0, 1] },
        { id: 0x02, value: [0, 0, 0, 2] },
      ],
      lengthDelta: 0,
    },
  },
  {
    name: 'unknown property id',
    mutation: { op: 'properties', props: [{ id: 0x7f, value: [1, 2] }], lengthDelta: 0 },
  },
  {
    name: 'property of the wrong type (a string where a byte is due)',
    mutation: {
      op: 'properties',
      props: [{ id: 0x01, value: [0, 3, 0x61, 0x62, 0x63] }],
      lengthDelta: 0,
    },
  },
  {
    name: 'property length longer than the properties',
    mutation: { op: 'properties', props: [{ id: 0x23, value: [0, 1] }], lengthDelta: 5 },
  },
  {
    name: 'property length shorter than the properties',
    mutation: { op: 'properties', props: [{ id: 0x02, value: [0, 0, 0, 9] }], lengthDelta: -1 },
  },
  {
    name: 'Topic Alias 0 and Receive Maximum 0',
    mutation: {
      op: 'properties',
      props: [
        { id: 0x23, value: [0, 0] },
        { id: 0x21, value: [0, 0] },
      ],
      lengthDelta: 0,
    },
  },
];

/** A packet of every type the generators make, for one version, drawn with a fixed seed. */
export function onePacketOfEachType(version: Version): Packet[] {
  const seen = new Map<string, Packet>();
  // Prefer a packet with a planted string, so that the UTF-8 mutations have one to hit.
  const planted = (p: Packet) => JSON.stringify(p).includes(STRING_MARKER);
  for (const p of fc.sample(packetArb(version), { numRuns: 2000, seed: 7 })) {
    if (!encodes(p, version)) continue;
    const had = seen.get(p.cmd);
    if (!had || (!planted(had) && planted(p))) seen.set(p.cmd, p);
  }
  return [...seen.values()];
}

/** [MQTT-2.2.1-3] packets that must carry a non-zero packet id, with id 0. */
function withPacketIdZero(version: Version): Packet[] {
  const topic = 'fz/zero';
  return [
    {
      cmd: 'publish',
      topic,
      payload: Buffer.from('x'),
      qos: 1,
      retain: false,
      dup: false,
      messageId: 0,
    },
    {
      cmd: 'publish',
      topic,
      payload: Buffer.from('x'),
      qos: 2,
      retain: false,
      dup: false,
      messageId: 0,
    },
    {
      cmd: 'subscribe',
      messageId: 0,
      subscriptions: [
        { topic, qos: 1, ...(version === 5 ? { nl: false, rap: false, rh: 0 } : {}) },
      ],
    },
    { cmd: 'unsubscribe', messageId: 0, unsubscriptions: [topic] },
    { cmd: 'puback', messageId: 0 },
    { cmd: 'pubrel', messageId: 0 },
  ] as Packet[];
}

/**
 * The sweep's cases: each mutation on each packet, after a valid CONNECT and before one. A
 * mutation that changes nothing (a string mutation on a packet without strings, a property
 * mutation in 3.1.1) would repeat a case, so cases are kept once per distinct bytes.
 */
export function sweepCases(): { name: string; c: FuzzCase }[] {
  const cases: { name: string; c: FuzzCase }[] = [];
  const seen = new Set<string>();
  for (const version of [4, 5] as const) {
    const connect = connectPacket('fz-sweep', version);
    for (const packet of [...onePacketOfEachType(version), ...withPacketIdZero(version)]) {
      for (const { name, mutation } of SWEEP_MUTATIONS) {
        for (const before of [false, true]) {
          // Before CONNECT only the CONNECT itself and a few mutations are worth a case.
          if (before && packet.cmd !== 'connect' && !name.startsWith('Remaining')) continue;
          const c: FuzzCase = {
            kind: 'mutated',
            profile: version === 5 ? 'standard' : 'aws',
            version,
            cuts: [5, 17],
            packets: before ? [packet, { cmd: 'pingreq' }] : [connect, packet, { cmd: 'pingreq' }],
            target: before ? 0 : 1,
            mutations: mutation ? [mutation] : [],
          };
          const key = `${version} ${toHex(caseBytes(c))}`;
          if (seen.has(key)) continue;
          seen.add(key);
          cases.push({
            c,
            name: `${version === 5 ? '5.0' : '3.1.1'} ${packet.cmd}, ${name}${before ? ', before CONNECT' : ''}`,
          });
        }
      }
    }
  }
  return cases;
}
