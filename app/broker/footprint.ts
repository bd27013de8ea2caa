import type { BrokerContext } from './context';

/**
 * How much state the broker holds right now, structure by structure: what a soak test watches
 * to tell state the live sessions justify from state that only grows.
 */
export interface BrokerFootprint {
  sessions: number;
  /** Sessions with a connection attached. */
  connectedSessions: number;
  /** Connections the broker tracks (awaiting CONNECT or open). */
  connections: number;
  /** Subscriptions held by sessions, and entries in the routing tree (must be equal). */
  subscriptions: number;
  treeEntries: number;
  treeNodes: number;
  /** Distinct filter levels of the live subscriptions: the most nodes the tree needs. */
  treeNodesJustified: number;
  /** Messages waiting in session stores, in flight, and waiting for a paced resend. */
  queued: number;
  /** The broker's running count of queued messages: must equal `queued`. */
  queuedTally: number;
  inflight: number;
  resendQueued: number;
  /** QoS 2 packet ids received from clients and not yet released. */
  incomingQos2: number;
  retained: number;
  /** Timers the sessions hold a handle to, by kind. */
  expiryTimers: number;
  messageExpiryTimers: number;
  replays: number;
  pendingWills: number;
}

/** Counts the broker's structures; O(sessions + stored messages), for tests and soaks. */
export function footprint(ctx: BrokerContext): BrokerFootprint {
  const f: BrokerFootprint = {
    sessions: ctx.sessions.size,
    connectedSessions: 0,
    connections: ctx.connections.size,
    subscriptions: 0,
    treeEntries: ctx.tree.size,
    treeNodes: ctx.tree.nodeCount(),
    treeNodesJustified: 0,
    queued: 0,
    queuedTally: ctx.queued.count,
    inflight: 0,
    resendQueued: 0,
    incomingQos2: 0,
    retained: ctx.retained.size,
    expiryTimers: 0,
    messageExpiryTimers: 0,
    replays: 0,
    pendingWills: 0,
  };
  const prefixes = new Set<string>();
  for (const s of ctx.sessions.values()) {
    if (s.connection) f.connectedSessions++;
    f.subscriptions += s.subscriptions.size;
    for (const filter of s.subscriptions.keys()) {
      const levels = filter.split('/');
      for (let i = 1; i <= levels.length; i++) prefixes.add(levels.slice(0, i).join('/'));
    }
    f.queued += s.queue.length;
    f.inflight += s.inflight.size;
    f.resendQueued += s.resendQueue.length;
    f.incomingQos2 += s.incomingQos2.size;
    if (s.expiryTimer !== undefined) f.expiryTimers++;
    if (s.messageExpiryTimer !== undefined) f.messageExpiryTimers++;
    if (s.replay) f.replays++;
    if (s.pendingWill) f.pendingWills++;
  }
  f.treeNodesJustified = prefixes.size + 1; // + the root
  return f;
}
