import type { BrokerEvent, DropReason, LimitName, QoS } from '../broker';

/** The state of one message in a session's store, as a person follows it. */
export type EntryState =
  'stored' | 'in-flight' | 'sent-again' | 'delivered' | 'acknowledged' | 'expired' | 'dropped';

export interface StoredEntry {
  msgId: number;
  topic: string;
  qos: QoS;
  state: EntryState;
  reason?: DropReason;
  packetId?: number;
  /** Simulated time of the last change. */
  at: number;
}

export interface ReplayView {
  backlog: number;
  sent: number;
  rate: number;
  startedAt: number;
  lastAt: number;
  finishedAt?: number;
}

export interface SessionView {
  clientId: string;
  status: 'connected' | 'away' | 'expired' | 'discarded';
  persistent: boolean;
  protocolVersion: number;
  /** Seconds the session outlives its connection; null for never. */
  expiry: number | null;
  subscriptions: { filter: string; qos: QoS }[];
  /** Messages held for the client, in arrival order, with the latest finished ones. */
  entries: Map<number, StoredEntry>;
  /**
   * The ids of `entries` in the order they came in, read from the end to show the newest (see
   * `newestEntries`); may also hold ids since forgotten, or an id twice (its last place counts).
   */
  arrivals: number[];
  /** How many of `entries` are finished (acknowledged, delivered, expired, dropped). */
  finished: number;
  /** How many of `entries` wait to be sent (stored), and are sent but not acknowledged. */
  waiting: number;
  inFlight: number;
  replay?: ReplayView;
  expiresAt?: { nominal: number; actual: number; from: number };
  /**
   * The last CONNACK. `lost`: sessionPresent=0 although the client asked to resume
   * (cleanSession=0 / Clean Start=0) a session it had asked to keep before: that session
   * expired or was discarded. A first connection's sessionPresent=0 is not lost (there was
   * none), nor one after a clean session (there was none to keep).
   */
  lastConnack?: { sessionPresent: boolean; code: number; at: number; lost: boolean };
  /** The CONNECT of the connection that holds (or last held) it asked to resume or keep it. */
  askedToKeep?: boolean;
  /** It took the place of an earlier session whose client had asked to keep it. */
  replacedKept?: boolean;
  dropped: Partial<Record<DropReason, number>>;
  /** [MQTT-3.1.4-2, 3.1.1] [MQTT-3.1.4-3, 5.0] times another connection with this client id took the session over. */
  takeovers: { at: number; oldConnId: number; newConnId: number }[];
  endedAt?: number;
  discardedMessages?: number;
}

export interface MessageInfo {
  msgId: number;
  topic: string;
  qos: QoS;
  retain: boolean;
  publisher: string;
  preview: string;
  size: number;
  at: number;
}

export interface BrokerView {
  sessions: Record<string, SessionView>;
  /** Client ids in the order their sessions first appeared. */
  order: string[];
  messages: Map<number, MessageInfo>;
  totals: { published: number; sent: number; acknowledged: number; dropped: number };
  protocolErrors: { at: number; clientId?: string; message: string }[];
  /** Each bound the broker reached: how often, and the last time. */
  limits: Partial<Record<LimitName, LimitHit>>;
  /** Whether each client id's last CONNECT asked to resume (cleanSession=0 / Clean Start=0). */
  resumeAsked: Record<string, boolean>;
  lastSeq: number;
}

export interface LimitHit {
  count: number;
  at: number;
  clientId?: string;
  value: number;
  max: number;
}

export const emptyBrokerView = (): BrokerView => ({
  sessions: {},
  order: [],
  messages: new Map(),
  totals: { published: 0, sent: 0, acknowledged: 0, dropped: 0 },
  protocolErrors: [],
  limits: {},
  resumeAsked: {},
  lastSeq: 0,
});

/** Published messages remembered (topic, preview) for the views; older ones are forgotten. */
export const MESSAGES_KEPT = 5000;

/** Finished entries kept per session, so a long run stays bounded. */
export const FINISHED_KEPT = 200;
const LIVE: ReadonlySet<EntryState> = new Set(['stored', 'in-flight', 'sent-again']);
const decoder = new TextDecoder();

/**
 * Applies a batch of broker events to the view and returns a new view; the old one is not
 * changed (objects a batch touches are copied once per batch). Pure: the same events on the
 * same view give the same result, which is what time travel relies on.
 *
 * With `inPlace`, the caller gives up the old view (the live store, which keeps only the
 * latest): the sessions' entries and the messages are moved forward in place instead of copied,
 * so a batch costs what it holds, not what the sessions hold (a copy of a hundred thousand
 * stored messages on every frame). Every object the view's readers compare is still new.
 */
/** A session as the broker makes it: connected, nothing subscribed, stored or in flight. */
export function freshSession(
  clientId: string,
  persistent: boolean,
  expiry: SessionView['expiry'],
): SessionView {
  return {
    clientId,
    status: 'connected',
    persistent,
    protocolVersion: 4,
    expiry,
    subscriptions: [],
    entries: new Map(),
    arrivals: [],
    finished: 0,
    waiting: 0,
    inFlight: 0,
    dropped: {},
    takeovers: [],
  };
}

/**
 * A remote broker's store while its client is away is unknown, not empty: until what arrives on
 * resume tells (messages then stored are `waiting`, inferred). What the client left
 * unacknowledged (`inFlight`) it saw itself, and is no store either. The session card and the
 * stage both say it from this.
 */
export function storeUnknown(s: Pick<SessionView, 'status' | 'waiting'>, remote: boolean): boolean {
  return remote && s.status === 'away' && s.waiting === 0;
}

export function applyBrokerEvents(
  view: BrokerView,
  events: readonly BrokerEvent[],
  { inPlace = false }: { inPlace?: boolean } = {},
): BrokerView {
  if (events.length === 0) return view;
  const next: BrokerView = {
    ...view,
    sessions: { ...view.sessions },
    totals: { ...view.totals },
  };
  const touched = new Set<string>();
  let messagesCopied = inPlace;
  let order = view.order;
  let errors = view.protocolErrors;

  const session = (clientId: string): SessionView | undefined => {
    const s = next.sessions[clientId];
    if (!s || touched.has(clientId)) return s;
    const copy = inPlace
      ? { ...s, dropped: { ...s.dropped } }
      : { ...s, entries: new Map(s.entries), arrivals: [...s.arrivals], dropped: { ...s.dropped } };
    next.sessions[clientId] = copy;
    touched.add(clientId);
    return copy;
  };
  const entry = (
    s: SessionView,
    msgId: number,
    state: EntryState,
    at: number,
    extra: Partial<StoredEntry> = {},
  ) => {
    const prev = s.entries.get(msgId);
    const info = next.messages.get(msgId);
    if (prev === undefined) s.arrivals.push(msgId);
    else count(s, prev.state, -1);
    count(s, state, 1);
    // Map.set on a known id keeps its place: the list stays in arrival order.
    s.entries.set(msgId, {
      msgId,
      topic: prev?.topic ?? info?.topic ?? '',
      qos: prev?.qos ?? info?.qos ?? 0,
      ...(prev?.packetId !== undefined ? { packetId: prev.packetId } : {}),
      ...extra,
      state,
      at,
    });
    const wasFinished = prev !== undefined && !LIVE.has(prev.state);
    if (!LIVE.has(state) && !wasFinished) {
      s.finished++;
      if (s.finished > FINISHED_KEPT) trimFinished(s, msgId);
    } else if (LIVE.has(state) && wasFinished) {
      s.finished--;
    }
  };

  for (const ev of events) {
    next.lastSeq = ev.seq;
    switch (ev.type) {
      case 'session.created': {
        const earlier = next.sessions[ev.clientId];
        if (!earlier) order = [...order, ev.clientId];
        next.sessions[ev.clientId] = {
          ...(earlier?.askedToKeep ? { replacedKept: true } : {}),
          ...freshSession(ev.clientId, ev.persistent, ev.expiry),
        };
        touched.add(ev.clientId);
        break;
      }
      case 'connack.sent': {
        const s = session(ev.clientId);
        if (!s || ev.code !== 0) break;
        s.status = 'connected';
        s.protocolVersion = ev.protocolVersion;
        s.expiry = ev.sessionExpiry;
        s.persistent = ev.sessionExpiry === null || ev.sessionExpiry > 0;
        const asked = next.resumeAsked[ev.clientId] === true;
        s.lastConnack = {
          sessionPresent: ev.sessionPresent,
          code: ev.code,
          at: ev.at,
          // Asked to resume, and a session it had asked to keep gave way to this new one.
          lost: !ev.sessionPresent && asked && s.replacedKept === true,
        };
        s.askedToKeep = asked;
        delete s.expiresAt;
        delete s.endedAt;
        break;
      }
      case 'connection.closed': {
        if (!ev.clientId || ev.reason === 'takeover' || ev.reason === 'connect-refused') break;
        const s = session(ev.clientId);
        if (s?.status === 'connected') {
          s.status = 'away';
          s.endedAt = ev.at;
          if (s.replay && s.replay.finishedAt === undefined)
            s.replay = { ...s.replay, finishedAt: ev.at };
        }
        break;
      }
      case 'session.expiry-scheduled': {
        const s = session(ev.clientId);
        if (s) s.expiresAt = { nominal: ev.nominalAt, actual: ev.actualAt, from: ev.at };
        break;
      }
      case 'session.resumed':
        break;
      case 'session.expired':
      case 'session.discarded': {
        const s = session(ev.clientId);
        if (!s) break;
        s.status = ev.type === 'session.expired' ? 'expired' : 'discarded';
        s.discardedMessages = ev.discardedMessages;
        s.endedAt = ev.at;
        s.subscriptions = [];
        delete s.expiresAt;
        break;
      }
      case 'subscription.added': {
        const s = session(ev.clientId);
        if (!s) break;
        s.subscriptions = [
          ...s.subscriptions.filter((x) => x.filter !== ev.filter),
          { filter: ev.filter, qos: ev.grantedQos },
        ];
        break;
      }
      case 'subscription.removed': {
        const s = session(ev.clientId);
        if (s) s.subscriptions = s.subscriptions.filter((x) => x.filter !== ev.filter);
        break;
      }
      case 'message.published': {
        if (!messagesCopied) {
          next.messages = new Map(next.messages);
          messagesCopied = true;
        }
        next.messages.set(ev.msgId, {
          msgId: ev.msgId,
          topic: ev.topic,
          qos: ev.qos,
          retain: ev.retain,
          publisher: ev.clientId,
          preview: decoder.decode(ev.payload.subarray(0, 120)),
          size: ev.payload.length,
          at: ev.at,
        });
        next.totals.published++;
        break;
      }
      case 'message.stored': {
        const s = session(ev.clientId);
        if (!s) break;
        const prev = s.entries.get(ev.msgId);
        if (!prev || !LIVE.has(prev.state)) entry(s, ev.msgId, 'stored', ev.at);
        break;
      }
      case 'message.sent': {
        next.totals.sent++;
        const s = session(ev.clientId);
        if (!s) break;
        if (ev.qos > 0)
          entry(s, ev.msgId, 'in-flight', ev.at, ev.packetId ? { packetId: ev.packetId } : {});
        else if (s.entries.has(ev.msgId)) entry(s, ev.msgId, 'delivered', ev.at);
        if (ev.replay && s.replay)
          s.replay = { ...s.replay, sent: s.replay.sent + 1, lastAt: ev.at };
        break;
      }
      case 'message.resent': {
        const s = session(ev.clientId);
        if (!s) break;
        entry(s, ev.msgId, 'sent-again', ev.at, { packetId: ev.packetId });
        if (s.replay) s.replay = { ...s.replay, sent: s.replay.sent + 1, lastAt: ev.at };
        break;
      }
      case 'message.acknowledged': {
        next.totals.acknowledged++;
        const s = session(ev.clientId);
        if (s) entry(s, ev.msgId, 'acknowledged', ev.at);
        break;
      }
      case 'message.dropped': {
        next.totals.dropped++;
        if (!ev.clientId) break;
        const s = session(ev.clientId);
        if (!s) break;
        s.dropped[ev.reason] = (s.dropped[ev.reason] ?? 0) + 1;
        entry(s, ev.msgId, ev.reason === 'expired' ? 'expired' : 'dropped', ev.at, {
          reason: ev.reason,
        });
        break;
      }
      case 'replay.started': {
        const s = session(ev.clientId);
        if (s)
          s.replay = {
            backlog: ev.backlog,
            sent: 0,
            rate: ev.ratePerSecond,
            startedAt: ev.at,
            lastAt: ev.at,
          };
        break;
      }
      case 'replay.finished': {
        const s = session(ev.clientId);
        if (s?.replay) s.replay = { ...s.replay, finishedAt: ev.at };
        break;
      }
      case 'takeover': {
        const s = session(ev.clientId);
        if (s)
          s.takeovers = [
            ...s.takeovers,
            { at: ev.at, oldConnId: ev.oldConnId, newConnId: ev.newConnId },
          ];
        break;
      }
      case 'protocol.error':
        errors = [
          ...errors.slice(-49),
          { at: ev.at, ...(ev.clientId ? { clientId: ev.clientId } : {}), message: ev.message },
        ];
        break;
      case 'limit.reached': {
        if (next.limits === view.limits) next.limits = { ...view.limits };
        const count = (next.limits[ev.limit]?.count ?? 0) + 1;
        next.limits[ev.limit] = {
          count,
          at: ev.at,
          ...(ev.clientId === undefined ? {} : { clientId: ev.clientId }),
          value: ev.value,
          max: ev.max,
        };
        break;
      }
      case 'connect.received':
        if (next.resumeAsked === view.resumeAsked) next.resumeAsked = { ...view.resumeAsked };
        next.resumeAsked[ev.clientId] = !ev.clean;
        break;
      case 'connection.opened':
      case 'subscription.refused':
      case 'message.routed':
      case 'replay.paced':
      case 'will.scheduled':
      case 'will.cancelled':
      case 'will.published':
      case 'retained.set':
      case 'retained.cleared':
      case 'packet.in':
      case 'packet.out':
      case 'broker.error':
        break;
      default: {
        const unknown: never = ev;
        void unknown;
      }
    }
  }
  if (messagesCopied && next.messages.size > MESSAGES_KEPT) {
    let extra = next.messages.size - MESSAGES_KEPT;
    for (const id of next.messages.keys()) {
      if (extra-- <= 0) break;
      next.messages.delete(id);
    }
  }
  next.order = order;
  next.protocolErrors = errors;
  return next;
}

/** Keeps `waiting` and `inFlight` in step with an entry entering or leaving a state. */
function count(s: SessionView, state: EntryState, delta: 1 | -1): void {
  if (state === 'stored') s.waiting += delta;
  else if (state === 'in-flight' || state === 'sent-again') s.inFlight += delta;
}

/** Forgets the oldest finished entries beyond FINISHED_KEPT, never the one just finished. */
function trimFinished(s: SessionView, keep: number): void {
  for (const [id, e] of s.entries) {
    if (s.finished <= FINISHED_KEPT) break;
    if (id !== keep && !LIVE.has(e.state)) {
      s.entries.delete(id);
      s.finished--;
    }
  }
  // The arrivals list forgets what the entries forgot, now and then, not on every trim.
  if (s.arrivals.length > 2 * s.entries.size + 256) {
    const seen = new Set<number>();
    const kept: number[] = [];
    for (let i = s.arrivals.length - 1; i >= 0; i--) {
      const id = s.arrivals[i]!;
      if (s.entries.has(id) && !seen.has(id)) {
        seen.add(id);
        kept.push(id);
      }
    }
    kept.reverse();
    s.arrivals.length = 0;
    for (const id of kept) s.arrivals.push(id);
  }
}

/** Messages still held for the client (not yet acknowledged, expired or dropped). */
export function liveEntries(s: SessionView): StoredEntry[] {
  return [...s.entries.values()].filter((e) => LIVE.has(e.state));
}

/** The newest `n` entries, in arrival order, without walking the older ones. */
export function newestEntries(s: SessionView, n: number): StoredEntry[] {
  const out: StoredEntry[] = [];
  const seen = new Set<number>();
  for (let i = s.arrivals.length - 1; i >= 0 && out.length < n; i--) {
    const id = s.arrivals[i]!;
    if (seen.has(id)) continue;
    seen.add(id);
    const e = s.entries.get(id);
    if (e) out.push(e);
  }
  return out.reverse();
}
