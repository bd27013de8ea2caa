import type { BrokerEvent } from '../broker';
import { PacketDecoder, type PacketEvent } from './packetView';

/** The index of the event with this seq in a log ordered by seq, or -1. */
export function indexOfSeq(log: readonly BrokerEvent[], seq: number): number {
  let lo = 0;
  let hi = log.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = log[mid]!.seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The event with this seq, found by binary search. */
export function eventBySeq(log: readonly BrokerEvent[], seq: number): BrokerEvent | undefined {
  const i = indexOfSeq(log, seq);
  return i < 0 ? undefined : log[i];
}

/** The index of the nearest event before `index` that `pick` chooses, or -1. */
export function nearestIndexBefore(
  log: readonly BrokerEvent[],
  index: number,
  pick: (e: BrokerEvent) => boolean,
): number {
  for (let i = index - 1; i >= 0; i--) if (pick(log[i]!)) return i;
  return -1;
}

/** The nearest event before `index` that `pick` chooses. */
export function nearestBefore(
  log: readonly BrokerEvent[],
  index: number,
  pick: (e: BrokerEvent) => boolean,
): BrokerEvent | undefined {
  const i = nearestIndexBefore(log, index, pick);
  return i < 0 ? undefined : log[i];
}

// ---------------------------------------------------------------------------------------------
// The packet behind an event

interface PacketQuery {
  dir: 'in' | 'out';
  cmds?: readonly string[];
  connId?: number;
  clientId?: string;
  packetId?: number;
  /** The broker writes this packet after it emits the event (most come just before). */
  after?: true;
}

/** Which packet carried the event, as queries tried in order. */
function packetQueries(e: BrokerEvent): PacketQuery[] {
  switch (e.type) {
    case 'connect.received':
      return [{ dir: 'in', cmds: ['connect'], connId: e.connId }];
    case 'connack.sent':
      return [{ dir: 'out', cmds: ['connack'], connId: e.connId }];
    case 'session.resumed':
      return [{ dir: 'out', cmds: ['connack'], clientId: e.clientId }];
    case 'connection.closed':
      if (e.reason === 'client-disconnect')
        return [{ dir: 'in', cmds: ['disconnect'], connId: e.connId }];
      if (e.reason === 'connect-refused')
        return [{ dir: 'out', cmds: ['connack'], connId: e.connId }];
      if (e.reason === 'transport-closed' || e.reason === 'server-shutdown') return [];
      return [{ dir: 'out', cmds: ['disconnect'], connId: e.connId }];
    case 'takeover':
      return [
        { dir: 'out', cmds: ['disconnect'], connId: e.oldConnId, after: true },
        { dir: 'in', cmds: ['connect'], connId: e.newConnId },
      ];
    case 'protocol.error':
      return e.reasonCode === undefined
        ? [{ dir: 'in', connId: e.connId }]
        : [
            { dir: 'out', cmds: ['disconnect'], connId: e.connId, after: true },
            { dir: 'in', connId: e.connId },
          ];
    case 'message.published':
      return e.will ? [] : [{ dir: 'in', cmds: ['publish'], clientId: e.clientId }];
    case 'message.sent':
      return [{ dir: 'out', cmds: ['publish'], clientId: e.clientId, packetId: e.packetId }];
    case 'message.resent':
      return [{ dir: 'out', cmds: ['publish'], clientId: e.clientId, packetId: e.packetId }];
    case 'message.acknowledged':
      return [
        {
          dir: 'in',
          cmds: [e.qos === 2 ? 'pubcomp' : 'puback'],
          clientId: e.clientId,
          packetId: e.packetId,
        },
      ];
    case 'message.dropped':
      return e.reason === 'rejected-by-client' && e.clientId !== undefined
        ? [{ dir: 'in', cmds: ['puback', 'pubrec'], clientId: e.clientId }]
        : [];
    case 'subscription.added':
    case 'subscription.refused':
      return [{ dir: 'in', cmds: ['subscribe'], clientId: e.clientId }];
    case 'subscription.removed':
      return e.reason === 'unsubscribe'
        ? [{ dir: 'in', cmds: ['unsubscribe'], clientId: e.clientId }]
        : [];
    default:
      return [];
  }
}

/** Packet events are emitted within the same instant as the event they carry, a few apart. */
const PACKET_SEARCH = 400;

/**
 * The packet.in / packet.out event carrying `e`, nearest by seq within the same instant
 * (the broker traces a packet just before the event it carries; after is tried too).
 */
export function packetFor(
  log: readonly BrokerEvent[],
  index: number,
  decoder: PacketDecoder,
): { event: PacketEvent; index: number } | undefined {
  const e = log[index]!;
  if (e.type === 'packet.in' || e.type === 'packet.out') return { event: e, index };
  for (const q of packetQueries(e)) {
    const matches = (i: number): boolean => {
      const x = log[i]!;
      if (x.type !== `packet.${q.dir}`) return false;
      const p = x as PacketEvent;
      if (q.cmds && !q.cmds.includes(p.cmd)) return false;
      if (q.connId !== undefined && p.connId !== q.connId) return false;
      if (q.clientId !== undefined && p.clientId !== q.clientId) return false;
      if (q.packetId !== undefined) {
        const decoded = decoder.decode(log, i);
        if (decoded instanceof Error || decoded.messageId !== q.packetId) return false;
      }
      return true;
    };
    const found = q.after
      ? (scan(log, index, 1, matches) ?? scan(log, index, -1, matches))
      : (scan(log, index, -1, matches) ?? scan(log, index, 1, matches));
    if (found !== undefined) return { event: log[found] as PacketEvent, index: found };
  }
  return undefined;
}

/** The first index from `index` in direction `step`, within the same instant, that matches. */
function scan(
  log: readonly BrokerEvent[],
  index: number,
  step: 1 | -1,
  matches: (i: number) => boolean,
): number | undefined {
  const at = log[index]!.at;
  for (let n = 1; n <= PACKET_SEARCH; n++) {
    const i = index + n * step;
    if (i < 0 || i >= log.length || log[i]!.at !== at) return undefined;
    if (matches(i)) return i;
  }
  return undefined;
}

/** The event a packet carried: the first one after it whose packet it is. */
export function ownerOf(
  p: PacketEvent,
  log: readonly BrokerEvent[],
  index: number,
  decoder: PacketDecoder = new PacketDecoder(),
): { event: BrokerEvent; index: number } | undefined {
  for (let i = index + 1; i < log.length && i <= index + 64 && log[i]!.at === p.at; i++) {
    const x = log[i]!;
    if (x.type === 'packet.in' && p.type === 'packet.in' && x.connId === p.connId) break;
    if (x.type === 'packet.in' || x.type === 'packet.out') continue;
    if (packetFor(log, i, decoder)?.index === index) return { event: x, index: i };
  }
  return undefined;
}
