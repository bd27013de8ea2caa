import type { BrokerEvent, DropReason } from '../../broker/events';
import type { PacketOf } from '../../broker/packets';
import type { SessionSnapshot } from '../../broker/snapshot';

interface MessageInfo {
  token: string;
  qos: number;
  /** Routes still open, plus one while the message is retained. */
  refs: number;
}

interface Route {
  /** Open routes of this message to this client at QoS ≥ 1 and at QoS 0. */
  reliable: number;
  qos0: number;
  /** Delivered to the application, not yet acknowledged to the broker (it still holds them). */
  unacked: number;
  /**
   * Acknowledged before the ledger read the receipt: the in-memory pipe is synchronous, so the
   * ack's event comes while the PUBLISH still waits in the client's inbox.
   */
  ackedAhead: number;
}

/** What the ledger has counted so far. */
export interface LedgerCounts {
  published: [number, number, number];
  wills: number;
  /** Routes of a message to a session, by the QoS it was routed at. */
  routed: [number, number, number];
  /** QoS ≥ 1 routes that reached the client's application. */
  delivered: number;
  /** QoS 0 routes the broker wrote out. */
  sentQos0: number;
  dropped: Partial<Record<DropReason, number>>;
  /** Drops for a subscriber whose application already had the message (e.g. unacknowledged at expiry). */
  droppedAfterDelivery: number;
  /** QoS 1 that reached the application again (allowed: at least once). */
  qos1Duplicates: number;
  /** QoS 2 that reached the application again (never allowed: exactly once). */
  qos2Duplicates: number;
}

/**
 * Accounts for every message routed to a session, from the broker's events and from what the
 * clients' applications receive: each route ends in a delivery or in a drop with a reason for
 * that subscriber. What is open at the end must be held in a live session; the rest is lost.
 * Only open routes are kept, so the ledger's own memory follows what the broker holds.
 */
export class Ledger {
  readonly counts: LedgerCounts = {
    published: [0, 0, 0],
    wills: 0,
    routed: [0, 0, 0],
    delivered: 0,
    sentQos0: 0,
    dropped: {},
    droppedAfterDelivery: 0,
    qos1Duplicates: 0,
    qos2Duplicates: 0,
  };
  readonly errors: string[] = [];
  private readonly messages = new Map<number, MessageInfo>();
  private readonly byToken = new Map<string, number>();
  private readonly retainedTopics = new Map<string, number>();
  private readonly open = new Map<string, Route>();
  /** Keys of routes delivered and not yet acknowledged, by client. */
  private readonly unackedBy = new Map<string, Set<string>>();
  private readonly decoder = new TextDecoder();
  private lastPublished: number | undefined;

  /** Called with every broker event (before the clients' receipts that follow it are read). */
  onEvent(e: BrokerEvent, drainClient: (clientId: string) => void): void {
    switch (e.type) {
      case 'message.published': {
        // Routing never nests: the previous message's routes are all known by now.
        this.forgetIfUnused(this.lastPublished);
        this.lastPublished = e.msgId;
        const token = this.decoder.decode(e.payload);
        this.messages.set(e.msgId, { token, qos: e.qos, refs: 0 });
        this.byToken.set(token, e.msgId);
        this.counts.published[e.qos]++;
        if (e.will) this.counts.wills++;
        return;
      }
      case 'retained.set': {
        const previous = this.retainedTopics.get(e.topic);
        if (previous !== undefined) this.release(previous);
        this.retainedTopics.set(e.topic, e.msgId);
        this.ref(e.msgId, 1);
        return;
      }
      case 'retained.cleared': {
        const previous = this.retainedTopics.get(e.topic);
        this.retainedTopics.delete(e.topic);
        if (previous !== undefined) this.release(previous);
        return;
      }
      case 'message.routed': {
        this.counts.routed[e.qos]++;
        const key = `${e.msgId}|${e.clientId}`;
        let route = this.open.get(key);
        if (!route) {
          // One reference per open (message, client): the message is forgotten with the last.
          route = { reliable: 0, qos0: 0, unacked: 0, ackedAhead: 0 };
          this.open.set(key, route);
          this.ref(e.msgId, 1);
        }
        if (e.qos > 0) route.reliable++;
        else route.qos0++;
        return;
      }
      case 'message.sent': {
        if (e.qos !== 0) return;
        const route = this.route(e.msgId, e.clientId);
        if (!route || route.qos0 === 0) return;
        route.qos0--;
        this.counts.sentQos0++;
        this.settle(e.msgId, e.clientId, route);
        return;
      }
      case 'message.acknowledged': {
        const route = this.route(e.msgId, e.clientId);
        if (route && route.unacked > 0) {
          route.unacked--;
          this.settle(e.msgId, e.clientId, route);
        } else if (route && route.reliable > route.ackedAhead) {
          route.ackedAhead++;
        }
        return;
      }
      case 'message.dropped': {
        this.counts.dropped[e.reason] = (this.counts.dropped[e.reason] ?? 0) + 1;
        if (e.clientId === undefined) return;
        // What the client already holds is read first: a receipt settles a route before a drop.
        drainClient(e.clientId);
        const route = this.route(e.msgId, e.clientId);
        if (route && route.reliable + route.qos0 > 0) {
          if (route.reliable > 0) route.reliable--;
          else route.qos0--;
          this.settle(e.msgId, e.clientId, route);
        } else if (route && route.unacked > 0) {
          // The application had it; the broker gave up waiting for the ack (expiry, discard).
          route.unacked--;
          this.counts.droppedAfterDelivery++;
          this.settle(e.msgId, e.clientId, route);
        } else if (this.routedSomeTime(e.msgId, e.reason)) {
          this.counts.droppedAfterDelivery++;
        }
        return;
      }
      case 'session.expired':
      case 'session.discarded':
        // What was waiting for PUBCOMP ends with the session, without a drop: it was delivered.
        for (const key of this.unackedBy.get(e.clientId) ?? []) {
          const route = this.open.get(key);
          if (!route) continue;
          route.unacked = 0;
          this.settle(Number(key.slice(0, key.indexOf('|'))), e.clientId, route);
        }
        this.unackedBy.delete(e.clientId);
        return;
      case 'broker.error':
        this.errors.push(`broker.error: ${e.message}`);
        return;
      case 'protocol.error':
        this.errors.push(`protocol.error (${e.clientId ?? e.connId}): ${e.message}`);
        return;
      default:
        return;
    }
  }

  /**
   * A PUBLISH reached a client's application (the client has already left out QoS 2 resends it
   * knows by packet id, as a real client does).
   */
  onReceipt(clientId: string, packet: PacketOf<'publish'>): void {
    if (packet.qos === 0) return;
    const token = packet.payload.toString();
    const msgId = this.byToken.get(token);
    // A message is forgotten once every route of it is settled: what comes again is a duplicate.
    const route = msgId === undefined ? undefined : this.route(msgId, clientId);
    if (msgId !== undefined && route && route.reliable > 0) {
      route.reliable--;
      this.counts.delivered++;
      if (route.ackedAhead > 0) route.ackedAhead--;
      else {
        route.unacked++;
        let keys = this.unackedBy.get(clientId);
        if (!keys) this.unackedBy.set(clientId, (keys = new Set()));
        keys.add(`${msgId}|${clientId}`);
      }
      this.settle(msgId, clientId, route);
    } else if (packet.qos === 2) {
      this.counts.qos2Duplicates++;
      this.errors.push(`QoS 2 message ${token} reached ${clientId}'s application twice`);
    } else {
      this.counts.qos1Duplicates++;
    }
  }

  /** Routes still open: [QoS ≥ 1, QoS 0]. */
  openRoutes(): { reliable: number; qos0: number } {
    let reliable = 0;
    let qos0 = 0;
    for (const r of this.open.values()) {
      reliable += r.reliable;
      qos0 += r.qos0;
    }
    return { reliable, qos0 };
  }

  /** Entries the ledger keeps (its own memory, which must follow the broker's). */
  size(): number {
    this.forgetIfUnused(this.lastPublished);
    return this.messages.size + this.open.size;
  }

  /**
   * Matches every open route against what the sessions hold. A QoS ≥ 1 route that is open and
   * not held by its session is a lost message.
   */
  reconcile(sessions: SessionSnapshot[]): {
    held: number;
    lost: string[];
    unaccounted: number;
    orphaned: number;
  } {
    const heldBy = new Map<string, number>();
    let stored = 0;
    for (const s of sessions) {
      for (const m of s.messages) {
        stored++;
        const key = `${m.msgId}|${s.clientId}`;
        heldBy.set(key, (heldBy.get(key) ?? 0) + 1);
      }
    }
    let held = 0;
    let expected = 0;
    const lost: string[] = [];
    for (const [key, r] of this.open) {
      const have = heldBy.get(key) ?? 0;
      const open = r.reliable + r.qos0 + r.unacked;
      held += Math.min(open, have);
      expected += open;
      if (r.reliable > have) lost.push(`${key} (${r.reliable - have} of ${r.reliable} QoS ≥ 1)`);
    }
    // Stored messages the ledger knows no open route for: state kept for nothing.
    // Open routes no session holds: the ledger waits for an end the broker will never report.
    return { held, lost, unaccounted: stored - held, orphaned: expected - held };
  }

  private route(msgId: number, clientId: string): Route | undefined {
    return this.open.get(`${msgId}|${clientId}`);
  }

  private settle(msgId: number, clientId: string, route: Route): void {
    const key = `${msgId}|${clientId}`;
    if (route.unacked === 0) this.unackedBy.get(clientId)?.delete(key);
    if (route.reliable + route.qos0 + route.unacked === 0) {
      this.open.delete(key);
      this.release(msgId);
    }
  }

  private ref(msgId: number, n: number): void {
    const m = this.messages.get(msgId);
    if (m) m.refs += n;
  }

  private release(msgId: number): void {
    const m = this.messages.get(msgId);
    if (!m) return;
    if (--m.refs <= 0 && msgId !== this.lastPublished) this.forget(msgId, m);
  }

  private forget(msgId: number, m: MessageInfo): void {
    this.messages.delete(msgId);
    if (this.byToken.get(m.token) === msgId) this.byToken.delete(m.token);
  }

  private forgetIfUnused(msgId: number | undefined): void {
    if (msgId === undefined) return;
    const m = this.messages.get(msgId);
    if (m && m.refs <= 0) this.forget(msgId, m);
  }

  private routedSomeTime(_msgId: number, reason: DropReason): boolean {
    return reason !== 'no-subscriber' && reason !== 'not-authorized';
  }
}
