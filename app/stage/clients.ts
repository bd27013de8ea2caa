import type { BrokerEvent, CloseReason } from '../broker';

/** One client as the stage draws it: its connection, what it asked for and what it got. */
export interface StageClient {
  id: string;
  /** Connections open now under this client id (a twin adds one until the takeover). */
  connected: boolean;
  connId?: number;
  protocolVersion?: number;
  /** cleanSession (3.1.1) or Clean Start (5.0) of the last CONNECT. */
  clean?: boolean;
  /** The Session Expiry Interval the client sent (MQTT 5), seconds; null when absent. */
  requestedExpiry?: number | null;
  /** The expiry the broker granted in CONNACK, seconds; null for never. */
  grantedExpiry?: number | null;
  keepalive?: number;
  /** The last successful CONNACK. */
  connack?: { sessionPresent: boolean; at: number; seq: number };
  /** Why and when the last connection ended. */
  closed?: { reason: CloseReason; at: number; seq: number };
  /** Messages the broker sent this client (resends included), and how many were resends. */
  received: number;
  resent: number;
  published: number;
}

const blank = (id: string): StageClient => ({
  id,
  connected: false,
  received: 0,
  resent: 0,
  published: 0,
});

/**
 * The stage's clients, folded incrementally from broker events (`append` costs O(batch)).
 * A client appears when it first connects; the page's own clients that never connected are
 * added by the scene from the page's list.
 */
export class StageClients {
  readonly byId = new Map<string, StageClient>();
  private readonly conns = new Map<number, string>();

  reset(): void {
    this.byId.clear();
    this.conns.clear();
  }

  append(events: readonly BrokerEvent[]): void {
    for (const e of events) this.apply(e);
  }

  private client(id: string): StageClient {
    let c = this.byId.get(id);
    if (!c) this.byId.set(id, (c = blank(id)));
    return c;
  }

  private apply(e: BrokerEvent): void {
    switch (e.type) {
      case 'connect.received': {
        this.conns.set(e.connId, e.clientId);
        const c = this.client(e.clientId);
        c.protocolVersion = e.protocolVersion;
        c.clean = e.clean;
        c.requestedExpiry = e.sessionExpiry;
        c.keepalive = e.keepalive;
        break;
      }
      case 'connack.sent': {
        if (e.code !== 0) break;
        const id = e.assignedClientId ?? e.clientId;
        this.conns.set(e.connId, id);
        const c = this.client(id);
        c.connected = true;
        c.connId = e.connId;
        c.grantedExpiry = e.sessionExpiry;
        c.keepalive = e.keepalive;
        c.connack = { sessionPresent: e.sessionPresent, at: e.at, seq: e.seq };
        delete c.closed;
        break;
      }
      case 'connection.closed': {
        const id = e.clientId ?? this.conns.get(e.connId);
        this.conns.delete(e.connId);
        if (id === undefined) break;
        const c = this.byId.get(id);
        // A takeover closes the old connection while the new one carries on.
        if (!c || e.reason === 'takeover' || c.connId !== e.connId) break;
        c.connected = false;
        c.closed = { reason: e.reason, at: e.at, seq: e.seq };
        break;
      }
      case 'message.published':
        if (!e.will) this.client(e.clientId).published++;
        break;
      case 'message.sent':
        this.client(e.clientId).received++;
        break;
      case 'message.resent': {
        const c = this.client(e.clientId);
        c.received++;
        c.resent++;
        break;
      }
      default:
        break;
    }
  }
}
