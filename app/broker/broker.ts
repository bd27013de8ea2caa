import type { Clock } from './clock';
import { Connection, type Transport } from './connection';
import { emptyStats, type AccessRules, type BrokerContext, type BrokerStats } from './context';
import type { BrokerEvent, BrokerEventBody, EventListener } from './events';
import { footprint, type BrokerFootprint } from './footprint';
import { dispatch } from './handlers';
import { connectionEnded } from './lifecycle';
import { resolveProfile, type Profile, type ProfileName, type ProfileOverrides } from './profiles';
import { createRandom } from './random';
import { snapshotSessions, type SessionSnapshot } from './snapshot';
import { SubscriptionTree } from './subscriptionTree';

export interface BrokerOptions {
  clock: Clock;
  profile?: ProfileName;
  overrides?: ProfileOverrides;
  /** Seed of the generator behind the AWS expiry jitter: same seed, same events. */
  seed?: number;
  access?: Partial<AccessRules>;
  /** Emit packet.in / packet.out events with every packet's bytes (for the inspector). */
  tracePackets?: boolean;
}

/** The broker's handle on one connection, given to the adapter that owns the transport. */
export interface Link {
  readonly connId: number;
  /** Bytes from the client. */
  receive(bytes: Uint8Array): void;
  /** The transport closed (the network was cut, the socket ended). */
  closed(): void;
  /**
   * When the broker closes this connection for silence if nothing more arrives (1.5 ×
   * keep-alive after its last packet); undefined without a keep-alive, or once closed.
   */
  keepaliveDeadline(): number | undefined;
}

export interface Broker {
  readonly profile: Profile;
  /** Takes a new connection: any byte duplex. */
  accept(transport: Transport): Link;
  /** Listens to every event; returns a function that stops listening. */
  subscribe(listener: EventListener): () => void;
  sessions(): SessionSnapshot[];
  stats(): BrokerStats;
  /** Sizes of the broker's structures (sessions, stores, tree, timers held): for soak tests. */
  footprint(): BrokerFootprint;
  /** Closes every connection (sessions are kept, as a restarted broker would not keep them). */
  close(): void;
}

/**
 * Creates a broker. It never reads the system clock or the network: time comes from
 * `options.clock`, bytes from the transports given to `accept`.
 */
export function createBroker(options: BrokerOptions): Broker {
  const profile = resolveProfile(options.profile ?? 'aws', options.overrides);
  const listeners = new Set<EventListener>();
  let seq = 0;
  let messageIds = 0;
  let clientIds = 0;
  let connIds = 0;
  let busy = false;
  const pending: (() => void)[] = [];

  const ctx: BrokerContext = {
    profile,
    clock: options.clock,
    random: createRandom(options.seed ?? 1),
    access: {
      denySubscribe: options.access?.denySubscribe ?? [],
      denyPublish: options.access?.denyPublish ?? [],
    },
    sessions: new Map(),
    connections: new Set(),
    tree: new SubscriptionTree(),
    retained: new Map(),
    stats: emptyStats(),
    tracePackets: options.tracePackets ?? false,
    storeFull: { reported: false },
    queued: { count: 0 },
    emit(body: BrokerEventBody) {
      // Assigning after the spread is measurably cheaper than spreading into a literal with
      // extra keys (the top item of the profile under fan-out); the object is the same.
      const event = { ...body } as BrokerEvent;
      event.seq = ++seq;
      event.at = options.clock.now();
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A listener's failure is the listener's: the broker goes on.
        }
      }
    },
    run(fn) {
      if (busy) {
        pending.push(fn);
        return;
      }
      busy = true;
      try {
        guarded(fn);
        for (let next = pending.shift(); next; next = pending.shift()) guarded(next);
      } finally {
        busy = false;
      }
    },
    nextMessageId: () => ++messageIds,
    nextClientId() {
      // [MQTT-3.1.3-6, 3.1.1/5.0] [MQTT-3.2.2-16] unique: never the id of a session a client chose itself.
      let id: string;
      do id = `auto-${(++clientIds).toString(16).padStart(8, '0')}`;
      while (ctx.sessions.has(id));
      return id;
    },
  };

  function guarded(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      ctx.emit({ type: 'broker.error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  const hooks = {
    onPacket: (conn: Connection, packet: Parameters<typeof dispatch>[2]) =>
      dispatch(ctx, conn, packet),
    onEnd: (conn: Connection, reason: Parameters<typeof connectionEnded>[2]) =>
      connectionEnded(ctx, conn, reason),
  };

  return {
    profile,
    accept(transport) {
      const conn = new Connection(++connIds, ctx, transport, hooks);
      ctx.connections.add(conn);
      ctx.stats.connections++;
      ctx.run(() => ctx.emit({ type: 'connection.opened', connId: conn.id }));
      return {
        connId: conn.id,
        receive: (bytes) => conn.receive(bytes),
        closed: () => conn.transportClosed(),
        keepaliveDeadline: () => conn.silenceDeadline(),
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sessions: () => snapshotSessions(ctx),
    stats: () => structuredClone(ctx.stats),
    footprint: () => footprint(ctx),
    close() {
      ctx.run(() => {
        for (const conn of [...ctx.connections]) conn.close('server-shutdown');
      });
    },
  };
}
