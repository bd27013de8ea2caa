import type { BrokerEvent } from '../broker';
import { nearestIndexBefore, ownerOf } from './eventIndex';
import { exhaustive } from './exhaustive';
import { isPacket, type PacketDecoder } from './packetView';

/** At most this many events are listed under "what followed". */
const FOLLOWED_MAX = 8;

const clientOf = (e: BrokerEvent): string | undefined =>
  'clientId' in e ? (e.clientId as string | undefined) : undefined;
const connOf = (e: BrokerEvent): number | undefined => ('connId' in e ? e.connId : undefined);
const msgOf = (e: BrokerEvent): number | undefined => ('msgId' in e ? e.msgId : undefined);

/**
 * Where the consequences of one input end: time moves on, or something new comes in from a
 * client (a packet, or without packet tracing the events a client's packet starts with).
 */
function isInput(e: BrokerEvent): boolean {
  switch (e.type) {
    case 'packet.in':
    case 'connection.opened':
    case 'connect.received':
    case 'subscription.added':
    case 'subscription.refused':
    case 'message.acknowledged':
      return true;
    case 'message.published':
      return e.will !== true;
    case 'subscription.removed':
      return e.reason === 'unsubscribe';
    case 'connection.closed':
      return e.reason === 'client-disconnect';
    default:
      return false;
  }
}

/** Events after `index` that `pick` chooses, until `stop` (inclusive) or FOLLOWED_MAX. */
function forward(
  log: readonly BrokerEvent[],
  index: number,
  pick: (e: BrokerEvent) => boolean,
  stop: (e: BrokerEvent) => boolean = () => false,
): BrokerEvent[] {
  const out: BrokerEvent[] = [];
  for (let i = index + 1; i < log.length && out.length < FOLLOWED_MAX; i++) {
    const x = log[i]!;
    if (isPacket(x)) continue;
    if (pick(x)) out.push(x);
    if (stop(x)) break;
  }
  return out;
}

/** Events after `index` that `pick` chooses, within the consequences of the same input. */
export function sameInput(
  log: readonly BrokerEvent[],
  index: number,
  pick: (e: BrokerEvent) => boolean,
): BrokerEvent[] {
  const at = log[index]!.at;
  const out: BrokerEvent[] = [];
  for (let i = index + 1; i < log.length && out.length < FOLLOWED_MAX; i++) {
    const x = log[i]!;
    if (x.at !== at || isInput(x)) break;
    if (!isPacket(x) && pick(x)) out.push(x);
  }
  return out;
}

/** Events before `index` that `pick` chooses, within the same input, oldest first. */
function windowBefore(
  log: readonly BrokerEvent[],
  index: number,
  pick: (e: BrokerEvent) => boolean,
): BrokerEvent[] {
  const at = log[index]!.at;
  let start = index;
  while (start > 0) {
    const x = log[start - 1]!;
    if (x.at !== at || isInput(x)) break;
    start--;
  }
  return log.slice(start, index).filter((x) => !isPacket(x) && pick(x));
}

/** What followed from an event: the next few events it caused, by a simple rule per type. */
export function followedBy(
  e: BrokerEvent,
  log: readonly BrokerEvent[],
  index: number,
  decoder: PacketDecoder,
): BrokerEvent[] {
  const sameClient = (c: string | undefined) => (x: BrokerEvent) =>
    c !== undefined && clientOf(x) === c;
  const sameMessage = (id: number, c?: string) => (x: BrokerEvent) =>
    msgOf(x) === id && (c === undefined || clientOf(x) === c || clientOf(x) === undefined);
  switch (e.type) {
    case 'connection.opened':
      return forward(
        log,
        index,
        (x) => connOf(x) === e.connId,
        (x) => x.type === 'connection.closed' && x.connId === e.connId,
      );
    case 'connection.closed':
    case 'protocol.error':
      return sameInput(log, index, (x) => connOf(x) === e.connId || sameClient(e.clientId)(x));
    case 'connect.received':
    case 'connack.sent':
    case 'session.created':
    case 'subscription.added':
    case 'subscription.refused':
    case 'subscription.removed':
    case 'replay.finished':
      return sameInput(
        log,
        index,
        (x) => sameClient(e.clientId)(x) || ('connId' in e && connOf(x) === e.connId),
      );
    case 'takeover':
      return sameInput(
        log,
        index,
        (x) => sameClient(e.clientId)(x) || connOf(x) === e.oldConnId || connOf(x) === e.newConnId,
      );
    case 'session.resumed':
    case 'replay.started':
      return forward(
        log,
        index,
        (x) =>
          clientOf(x) === e.clientId &&
          (x.type === 'replay.started' ||
            x.type === 'replay.finished' ||
            x.type === 'message.resent' ||
            (x.type === 'message.sent' && x.replay) ||
            (x.type === 'message.dropped' && x.reason === 'expired') ||
            x.type === 'connection.closed'),
        (x) =>
          clientOf(x) === e.clientId &&
          (x.type === 'replay.finished' || x.type === 'connection.closed'),
      );
    case 'replay.paced':
      return forward(
        log,
        index,
        (x) =>
          clientOf(x) === e.clientId &&
          ((x.type === 'message.sent' && x.replay) ||
            x.type === 'message.resent' ||
            x.type.startsWith('replay.') ||
            x.type === 'connection.closed'),
        (x) =>
          clientOf(x) === e.clientId &&
          (x.type === 'replay.paced' ||
            x.type === 'replay.finished' ||
            x.type === 'connection.closed'),
      );
    case 'session.expiry-scheduled': {
      const ends = (x: BrokerEvent) =>
        clientOf(x) === e.clientId &&
        (x.type === 'session.expired' ||
          x.type === 'session.resumed' ||
          x.type === 'session.discarded');
      return forward(log, index, ends, ends);
    }
    case 'session.expired':
    case 'session.discarded': {
      // The session's messages and subscriptions go first, then the event that sums it up.
      const before = windowBefore(
        log,
        index,
        (x) =>
          clientOf(x) === e.clientId &&
          ((x.type === 'message.dropped' &&
            (x.reason === 'session-expired' || x.reason === 'session-discarded')) ||
            (x.type === 'subscription.removed' && x.reason === 'session-ended') ||
            x.type === 'will.published'),
      );
      const after = sameInput(log, index, sameClient(e.clientId));
      return [...before, ...after].slice(0, FOLLOWED_MAX);
    }
    case 'message.published':
      return forward(log, index, sameMessage(e.msgId));
    case 'message.routed':
    case 'message.stored':
    case 'message.sent':
    case 'message.resent':
      return forward(log, index, sameMessage(e.msgId, e.clientId));
    case 'message.dropped':
      return e.clientId === undefined ? [] : forward(log, index, sameMessage(e.msgId, e.clientId));
    case 'message.acknowledged':
      return sameInput(
        log,
        index,
        (x) =>
          clientOf(x) === e.clientId &&
          (x.type === 'message.sent' ||
            x.type === 'message.resent' ||
            x.type === 'message.dropped' ||
            x.type.startsWith('replay.')),
      );
    case 'will.scheduled': {
      const ends = (x: BrokerEvent) =>
        clientOf(x) === e.clientId &&
        (x.type === 'will.published' || x.type === 'will.cancelled') &&
        x.topic === e.topic;
      return forward(log, index, ends, ends);
    }
    case 'will.published': {
      // The Will's message was published (and routed) just before this event reports it.
      const published = nearestIndexBefore(
        log,
        index,
        (x) => x.type === 'message.published' && x.msgId === e.msgId,
      );
      const from = published < 0 ? index : published;
      return forward(log, from, (x) => x !== e && msgOf(x) === e.msgId);
    }
    case 'retained.set': {
      const replaced = (x: BrokerEvent) =>
        (x.type === 'retained.set' || x.type === 'retained.cleared') && x.topic === e.topic;
      return forward(log, index, replaced, replaced);
    }
    case 'packet.in':
    case 'packet.out': {
      const owner = ownerOf(e, log, index, decoder);
      if (!owner) return [];
      return [owner.event, ...followedBy(owner.event, log, owner.index, decoder)].slice(
        0,
        FOLLOWED_MAX,
      );
    }
    case 'limit.reached':
      return sameInput(log, index, (x) => x.type !== 'limit.reached' && sameClient(e.clientId)(x));
    case 'will.cancelled':
    case 'retained.cleared':
    case 'broker.error':
      return [];
    default:
      return exhaustive(e) ?? [];
  }
}
