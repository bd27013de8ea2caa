import type { Clock } from './clock';
import type { Connection } from './connection';
import type { BrokerEventBody, DropReason, LimitName } from './events';
import type { Message } from './message';
import type { Profile } from './profiles';
import type { Session } from './session';
import type { SubscriptionTree } from './subscriptionTree';

/** Filters that deny subscribing or publishing (authorization rules). */
export interface AccessRules {
  denySubscribe: readonly string[];
  denyPublish: readonly string[];
}

/** Running totals, so nothing the broker drops goes uncounted. */
export interface BrokerStats {
  connections: number;
  published: number;
  sent: number;
  resent: number;
  acknowledged: number;
  stored: number;
  dropped: Record<DropReason, number>;
  protocolErrors: number;
}

/** The state and services shared by the broker's handlers. */
export interface BrokerContext {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly random: () => number;
  readonly access: AccessRules;
  readonly sessions: Map<string, Session>;
  readonly connections: Set<Connection>;
  readonly tree: SubscriptionTree;
  readonly retained: Map<string, Message>;
  readonly stats: BrokerStats;
  readonly tracePackets: boolean;
  /** Set while the store over all sessions is full and that has been reported. */
  readonly storeFull: { reported: boolean };
  /** Messages queued in all sessions' stores (kept by the stores themselves). */
  readonly queued: { count: number };
  emit(event: BrokerEventBody): void;
  /** Runs `fn` now, or after the work in progress: broker work never nests. */
  run(fn: () => void): void;
  nextMessageId(): number;
  nextClientId(): string;
}

export function emptyStats(): BrokerStats {
  return {
    connections: 0,
    published: 0,
    sent: 0,
    resent: 0,
    acknowledged: 0,
    stored: 0,
    dropped: {
      'qos0-while-away': 0,
      'queue-full': 0,
      'oldest-evicted': 0,
      expired: 0,
      'no-subscriber': 0,
      'not-authorized': 0,
      'session-expired': 0,
      'session-discarded': 0,
      'too-large-for-client': 0,
      'rejected-by-client': 0,
      'encode-failed': 0,
      'broker-store-full': 0,
    },
    protocolErrors: 0,
  };
}

/** Emits a drop and counts it. */
export function drop(
  ctx: BrokerContext,
  msgId: number,
  reason: DropReason,
  clientId?: string,
): void {
  ctx.stats.dropped[reason]++;
  ctx.emit(
    clientId === undefined
      ? { type: 'message.dropped', msgId, reason }
      : { type: 'message.dropped', msgId, clientId, reason },
  );
}

/** Reports a bound reached; the refusal itself (a drop, a SUBACK code, a DISCONNECT) follows. */
export function limitReached(
  ctx: BrokerContext,
  limit: LimitName,
  value: number,
  max: number,
  clientId?: string,
): void {
  ctx.emit(
    clientId === undefined
      ? { type: 'limit.reached', limit, value, max }
      : { type: 'limit.reached', limit, clientId, value, max },
  );
}
