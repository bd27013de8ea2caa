import type { EventOf, QoS } from '../broker';
import type { Packet, PacketOf } from '../broker/packets';
import { connackReceived, connectionClosed, connectSent } from './deriveConnections';
import {
  ackSent,
  publishReceived,
  publishSent,
  subackReceived,
  unsubackReceived,
} from './deriveMessages';
import { inferSessions } from './inferSessions';
import { maskCredentials } from './maskCredentials';
import { MessageBook } from './messages';
import type { Naming } from './naming';
import type { CloseCause, Observation, PacketObservation } from './observation';
import { EventSink, type RemoteEvent } from './remoteEvent';

/** A message that arrived at a client, on one connection. */
export interface Arrival {
  at: number;
  msgId: number;
  /** The message.sent or message.resent event it gave. */
  event: RemoteEvent;
  /** A message the client had been sent before and had not acknowledged. */
  resend: boolean;
}

/** One connection of one client, as its observations tell it. */
export interface ConnView {
  conn: number;
  clientId: string;
  version: 4 | 5;
  openedAt: number;
  clean: boolean;
  /** Session Expiry Interval sent in CONNECT (MQTT 5); null when absent. */
  sei: number | null;
  connack?: { at: number; sessionPresent: boolean; code: number };
  /** The session.resumed event its CONNACK gave (sessionPresent=1). */
  resumed?: EventOf<'session.resumed'> & RemoteEvent;
  /** The session's subscriptions as the run knew them at CONNACK (scenario filters). */
  subscriptionsAtConnack: string[];
  closedAt?: number;
  closedBy?: CloseCause;
  /** The reason code of a DISCONNECT the broker sent (MQTT 5). */
  disconnectCode?: number;
  arrivals: Arrival[];
}

/** What the run knows of a session (per client id) while walking the observations. */
export interface SessionView {
  subscriptions: Map<string, QoS>;
  /** Messages sent to the client and not acknowledged by it yet, by packet id. */
  unacked: Map<number, { msgId: number; key: string; conn: number }>;
  /** How many of each (topic, payload) arrived: the next one is the next publication. */
  delivered: Map<string, number>;
  /** When its last connection ended. */
  lastEnd?: number;
}

export interface DeriveOptions {
  /** The run's clock now (ms since its start): a replay with nothing new for `quietMs` is over. */
  now: number;
  quietMs?: number;
}

/** The walk over a run's observations, and what it found; inferSessions reads it after. */
export class Derivation {
  readonly sink = new EventSink();
  readonly book = new MessageBook();
  readonly conns: ConnView[] = [];
  private readonly byConn = new Map<number, ConnView>();
  private readonly sessions = new Map<string, SessionView>();
  readonly pendingSubs = new Map<string, PacketOf<'subscribe'>>();
  readonly pendingUnsubs = new Map<string, string[]>();
  /** Wills the run's clients registered: (topic, payload) → owner. */
  readonly wills = new Map<string, string>();

  constructor(readonly naming: Naming) {}

  session(clientId: string): SessionView {
    let s = this.sessions.get(clientId);
    if (!s) {
      s = { subscriptions: new Map(), unacked: new Map(), delivered: new Map() };
      this.sessions.set(clientId, s);
    }
    return s;
  }

  /** The connection before `c` of the same client id, if any. */
  previous(c: ConnView): ConnView | undefined {
    return this.conns.filter((x) => x.clientId === c.clientId && x.conn < c.conn).at(-1);
  }

  take(o: Observation): void {
    const clientId = this.naming.scenarioClientId(o.clientId);
    if (o.kind === 'open') {
      const view: ConnView = {
        conn: o.conn,
        clientId,
        version: o.protocolVersion,
        openedAt: o.at,
        clean: true,
        sei: null,
        subscriptionsAtConnack: [],
        arrivals: [],
      };
      this.conns.push(view);
      this.byConn.set(o.conn, view);
      this.sink.emit({ type: 'connection.opened', connId: o.conn }, o.at, 'observed');
      return;
    }
    const c = this.byConn.get(o.conn);
    if (!c) return;
    if (o.kind === 'close') return connectionClosed(this, c, o.at, o.by);
    // The broker's view: what the client sent is a packet in.
    this.sink.emit(
      {
        type: o.dir === 'out' ? 'packet.in' : 'packet.out',
        connId: o.conn,
        clientId,
        cmd: o.packet?.cmd ?? 'unreadable',
        bytes: maskCredentials(o.bytes, o.packet),
      },
      o.at,
      'observed',
    );
    if (o.packet) this.packet(c, o, o.packet);
  }

  private packet(c: ConnView, o: PacketObservation, p: Packet): void {
    const at = o.at;
    const key = (k: string | number | undefined) => `${c.conn}:${k}`;
    if (o.dir === 'out') {
      switch (p.cmd) {
        case 'connect':
          return connectSent(this, c, p, at);
        case 'subscribe':
          this.pendingSubs.set(key(p.messageId), p);
          return;
        case 'unsubscribe':
          this.pendingUnsubs.set(key(p.messageId), p.unsubscriptions);
          return;
        case 'publish':
          return publishSent(this, c, p, at);
        case 'puback':
        case 'pubcomp':
          return ackSent(this, c, p, at);
        default:
          return;
      }
    }
    switch (p.cmd) {
      case 'connack':
        return connackReceived(this, c, p, at);
      case 'suback':
        return subackReceived(this, c, p, at);
      case 'unsuback':
        return unsubackReceived(this, c, p, at);
      case 'publish':
        return publishReceived(this, c, p, at);
      case 'puback':
      case 'pubcomp':
        this.book.acknowledgedOut(c.clientId, p.messageId ?? 0);
        return;
      case 'disconnect':
        c.disconnectCode = p.reasonCode ?? 0;
        return;
      default:
        return;
    }
  }
}

/**
 * The events a broker's clients let one know: observed (on the wire) and inferred (from what
 * arrived), in time order. Pure: the same observations give the same events.
 */
export function deriveEvents(
  items: readonly Observation[],
  naming: Naming,
  options: DeriveOptions,
): RemoteEvent[] {
  const d = new Derivation(naming);
  for (const o of items) d.take(o);
  inferSessions(d, options);
  return d.sink.done();
}
