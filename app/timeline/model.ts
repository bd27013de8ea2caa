import type { BrokerEvent, CloseReason, DropReason, QoS } from '../broker';
import { LIMIT_LABEL } from './text';

/** What a client's lane shows over time: its connection, or its session kept while away. */
export interface Span {
  kind: 'connected' | 'away';
  from: number;
  /** null while it lasts. */
  to: number | null;
}

export type MarkKind =
  | 'connack'
  | 'disconnect'
  | 'drop'
  | 'timeout'
  | 'takeover'
  | 'protocol-error'
  | 'expired'
  | 'discarded'
  | 'will'
  | 'replay-start'
  | 'replay-end'
  | 'limit';

export interface Mark {
  seq: number;
  at: number;
  kind: MarkKind;
  label: string;
}

export interface Lane {
  /** The lane's name: the client's name in the page (a twin is A′), or its client id. */
  id: string;
  clientId: string;
  spans: Span[];
  marks: Mark[];
  /** Messages waiting in the session's store, as steps over time: it fills and drains. */
  store: { at: number; n: number }[];
  /** The most the store ever held (kept as it fills, not searched for on every frame). */
  storePeak: number;
  /** The expiry due while the client is away: nominal and actual (AWS extra delay). */
  expiry?: { nominal: number; actual: number; from: number; seq: number };
}

/** One message on its way to one subscriber. */
export interface Delivery {
  msgId: number;
  clientId: string;
  /** The lane of the connection it went to (or of the session holding it). */
  lane: string;
  publisher: string;
  /** The lane of the connection that published it. */
  publisherLane: string;
  qos: QoS;
  publishedAt: number;
  storedAt?: number;
  sentAt?: number;
  sentSeq?: number;
  resent: boolean;
  ackedAt?: number;
  droppedAt?: number;
  dropReason?: DropReason;
  dropSeq?: number;
}

export interface Published {
  msgId: number;
  publisher: string;
  publisherLane: string;
  topic: string;
  qos: QoS;
  at: number;
  seq: number;
}

const CLOSE_MARK: Record<CloseReason, { kind: MarkKind; label: string } | undefined> = {
  'client-disconnect': { kind: 'disconnect', label: 'DISCONNECT' },
  'transport-closed': { kind: 'drop', label: 'connection dropped' },
  'keepalive-timeout': { kind: 'timeout', label: 'keep-alive timeout' },
  'connect-timeout': { kind: 'timeout', label: 'no CONNECT in time' },
  takeover: { kind: 'takeover', label: 'taken over' },
  'protocol-error': { kind: 'protocol-error', label: 'protocol error' },
  'connect-refused': { kind: 'protocol-error', label: 'CONNECT refused' },
  'server-shutdown': { kind: 'drop', label: 'broker stopped' },
};

/** Who opened a connection, by the broker's connection id: the page knows its clients' sockets. */
export type ConnOwner = (connId: number) => string | undefined;

/**
 * The timeline's picture of a run, built incrementally from broker events: a lane per
 * client with its spans and marks, and every message with its path. `append` costs O(batch).
 *
 * Lanes are per client of the page when `owner` names a connection's client (two clients with
 * one client id, a takeover pair, get a lane each); otherwise per client id. A session belongs
 * to the lane of the connection that holds it, or held it last: its store, expiry and replay
 * move to the twin that resumes it.
 */
export class TimelineModel {
  readonly lanes = new Map<string, Lane>();
  /** The lane of each connection, and of the latest connection of each client id. */
  private readonly connLane = new Map<number, string>();
  private readonly latestConn = new Map<string, number>();
  /** The lane holding each client id's session now. */
  private readonly activeLane = new Map<string, string>();
  readonly published = new Map<number, Published>();
  readonly deliveries: Delivery[] = [];
  /** Deliveries in the order they were sent or dropped: what the animation picks up. */
  readonly settled: Delivery[] = [];
  private readonly byKey = new Map<string, Delivery>();
  /** Simulated time of the first and last event. */
  start = 0;
  end = 0;
  size = 0;

  constructor(private readonly owner?: ConnOwner) {}

  reset(): void {
    this.lanes.clear();
    this.connLane.clear();
    this.latestConn.clear();
    this.activeLane.clear();
    this.published.clear();
    this.deliveries.length = 0;
    this.settled.length = 0;
    this.byKey.clear();
    this.start = this.end = this.size = 0;
  }

  append(events: readonly BrokerEvent[]): void {
    for (const e of events) this.apply(e);
  }

  private lane(id: string, clientId = id): Lane {
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = { id, clientId, spans: [], marks: [], store: [], storePeak: 0 };
      this.lanes.set(id, lane);
    }
    return lane;
  }

  /** The lane of a client id's session: the lane of the connection that holds it (or held it). */
  private laneOf(clientId: string): string {
    return this.activeLane.get(clientId) ?? clientId;
  }

  /** The lane of a session's client id, made if it is new. */
  private sessionLane(clientId: string): Lane {
    return this.lane(this.laneOf(clientId), clientId);
  }

  /** A connection's lane: its client's in the page, else its client id's. */
  private connectionLane(connId: number, clientId: string): Lane {
    return this.lane(this.connLane.get(connId) ?? this.laneOf(clientId), clientId);
  }

  /**
   * A connection of another lane took the session (a twin resumed it): the lane that held it
   * stops being away, and what waits in the store moves with the session.
   */
  private handOver(clientId: string, to: Lane, at: number): void {
    const from = this.lanes.get(this.laneOf(clientId));
    this.activeLane.set(clientId, to.id);
    if (!from || from === to) return;
    if (from.spans.at(-1)?.kind === 'away') this.closeSpan(from, at);
    delete from.expiry;
    const waiting = from.store.at(-1)?.n ?? 0;
    if (waiting > 0) {
      this.storeStep(from, at, -waiting);
      this.storeStep(to, at, waiting);
    }
  }

  private delivery(msgId: number, clientId: string): Delivery | undefined {
    return this.byKey.get(`${msgId}:${clientId}`);
  }

  /** One more (or fewer) message waiting in the lane's store at `at`. */
  private storeStep(lane: Lane, at: number, delta: number): void {
    const steps = lane.store;
    const last = steps.at(-1);
    const n = Math.max(0, (last?.n ?? 0) + delta);
    if (last && last.at === at) last.n = n;
    else steps.push({ at, n });
    if (n > lane.storePeak) lane.storePeak = n;
  }

  /** Resets the lane's store to empty (session gone). */
  private storeEmpty(lane: Lane, at: number): void {
    const last = lane.store.at(-1);
    if (last && last.n > 0) this.storeStep(lane, at, -last.n);
  }

  private openSpan(lane: Lane, kind: Span['kind'], at: number): void {
    this.closeSpan(lane, at);
    lane.spans.push({ kind, from: at, to: null });
  }

  private closeSpan(lane: Lane, at: number): void {
    const last = lane.spans.at(-1);
    if (last && last.to === null) last.to = at;
  }

  private mark(lane: Lane, e: BrokerEvent, kind: MarkKind, label: string): void {
    lane.marks.push({ seq: e.seq, at: e.at, kind, label });
  }

  private apply(e: BrokerEvent): void {
    if (this.size === 0) this.start = e.at;
    this.size++;
    this.end = e.at;
    switch (e.type) {
      case 'connect.received':
        this.connLane.set(e.connId, this.owner?.(e.connId) ?? e.clientId);
        this.latestConn.set(e.clientId, e.connId);
        break;
      case 'connack.sent': {
        const lane = this.connectionLane(e.connId, e.clientId);
        if (e.code !== 0) {
          this.mark(lane, e, 'protocol-error', `CONNACK refused (${e.code})`);
          break;
        }
        this.handOver(e.clientId, lane, e.at);
        delete lane.expiry;
        this.openSpan(lane, 'connected', e.at);
        this.mark(lane, e, 'connack', `CONNACK sessionPresent=${e.sessionPresent ? 1 : 0}`);
        break;
      }
      case 'connection.closed': {
        if (!e.clientId) break;
        const lane = this.lanes.get(this.connLane.get(e.connId) ?? this.laneOf(e.clientId));
        const m = CLOSE_MARK[e.reason];
        if (!lane || !m) break;
        this.mark(lane, e, m.kind, m.label);
        if (e.reason === 'takeover') {
          // The session goes on with the next connection: on this lane the span goes on, on
          // another's (a twin's) this connection ends here.
          const next = this.connLane.get(this.latestConn.get(e.clientId) ?? -1);
          if (next !== undefined && next !== lane.id) this.closeSpan(lane, e.at);
        } else if (lane.spans.at(-1)?.kind === 'connected') {
          this.openSpan(lane, 'away', e.at);
        }
        break;
      }
      case 'session.expiry-scheduled':
        this.sessionLane(e.clientId).expiry = {
          nominal: e.nominalAt,
          actual: e.actualAt,
          from: e.at,
          seq: e.seq,
        };
        break;
      case 'session.expired':
      case 'session.discarded': {
        const lane = this.sessionLane(e.clientId);
        this.storeEmpty(lane, e.at);
        // A discarded session of a connected client (clean start) keeps the connection span.
        if (lane.spans.at(-1)?.kind === 'away') this.closeSpan(lane, e.at);
        delete lane.expiry;
        if (e.type === 'session.expired') {
          this.mark(lane, e, 'expired', `session expired: ${e.discardedMessages} discarded`);
        } else if (e.reason !== 'connection-ended' || e.discardedMessages > 0) {
          this.mark(lane, e, 'discarded', `session discarded (${e.reason})`);
        } else {
          this.closeSpan(lane, e.at);
        }
        break;
      }
      case 'will.published':
        this.mark(this.sessionLane(e.clientId), e, 'will', `Will published on ${e.topic}`);
        break;
      case 'limit.reached':
        // A client's limit is marked on its lane (the broker-wide ones have a client too).
        if (e.clientId !== undefined) {
          const lane = this.sessionLane(e.clientId);
          this.mark(lane, e, 'limit', `limit reached: ${LIMIT_LABEL[e.limit]}`);
        }
        break;
      case 'replay.started':
        this.mark(this.sessionLane(e.clientId), e, 'replay-start', `replay of ${e.backlog} starts`);
        break;
      case 'replay.finished':
        this.mark(
          this.sessionLane(e.clientId),
          e,
          'replay-end',
          `replay done: ${e.sent} in ${e.durationMs} ms`,
        );
        break;
      case 'message.published':
        this.published.set(e.msgId, {
          msgId: e.msgId,
          publisher: e.clientId,
          publisherLane: this.laneOf(e.clientId),
          topic: e.topic,
          qos: e.qos,
          at: e.at,
          seq: e.seq,
        });
        break;
      case 'message.routed': {
        const p = this.published.get(e.msgId);
        const d: Delivery = {
          msgId: e.msgId,
          clientId: e.clientId,
          lane: this.laneOf(e.clientId),
          publisher: p?.publisher ?? '?',
          publisherLane: p?.publisherLane ?? '?',
          qos: e.qos,
          publishedAt: p?.at ?? e.at,
          resent: false,
        };
        this.byKey.set(`${e.msgId}:${e.clientId}`, d);
        this.deliveries.push(d);
        break;
      }
      case 'message.stored': {
        const d = this.delivery(e.msgId, e.clientId);
        if (d && d.storedAt === undefined && e.reason !== 'unacknowledged') {
          d.storedAt = e.at;
          this.storeStep(this.sessionLane(e.clientId), e.at, 1);
        }
        break;
      }
      case 'message.sent': {
        const d = this.delivery(e.msgId, e.clientId);
        if (d) {
          if (d.storedAt !== undefined && d.sentAt === undefined)
            this.storeStep(this.sessionLane(e.clientId), e.at, -1);
          d.lane = this.laneOf(e.clientId);
          d.sentAt = e.at;
          d.sentSeq = e.seq;
          this.settled.push(d);
        }
        break;
      }
      case 'message.resent': {
        const d = this.delivery(e.msgId, e.clientId);
        if (d) {
          d.lane = this.laneOf(e.clientId);
          d.sentAt = e.at;
          d.sentSeq = e.seq;
          d.resent = true;
          this.settled.push(d);
        }
        break;
      }
      case 'message.acknowledged': {
        const d = this.delivery(e.msgId, e.clientId);
        if (d) d.ackedAt = e.at;
        break;
      }
      case 'message.dropped': {
        if (!e.clientId) break;
        let d = this.delivery(e.msgId, e.clientId);
        if (!d) {
          // Dropped before routing (QoS 0 while away is routed first; queue-full may not be).
          const p = this.published.get(e.msgId);
          d = {
            msgId: e.msgId,
            clientId: e.clientId,
            lane: this.laneOf(e.clientId),
            publisher: p?.publisher ?? '?',
            publisherLane: p?.publisherLane ?? '?',
            qos: p?.qos ?? 0,
            publishedAt: p?.at ?? e.at,
            resent: false,
          };
          this.byKey.set(`${e.msgId}:${e.clientId}`, d);
          this.deliveries.push(d);
        }
        if (d.storedAt !== undefined && d.sentAt === undefined && d.droppedAt === undefined) {
          this.storeStep(this.sessionLane(e.clientId), e.at, -1);
        }
        d.lane = this.laneOf(e.clientId);
        d.droppedAt = e.at;
        d.dropReason = e.reason;
        d.dropSeq = e.seq;
        this.settled.push(d);
        break;
      }
      default:
        break;
    }
  }
}
