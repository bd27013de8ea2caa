import type { ClientConfig } from '../clients/clientConfig';
import type { ClientStatus, ClientUpdate, ReceivedMessage } from '../clients/clientTypes';

/** What the page shows of one client: its own view, not the broker's. */
export interface ClientView {
  /** The client's name in the page: its client id, or A′ for a twin with the same id. */
  name: string;
  config: ClientConfig;
  status: ClientStatus;
  /** sessionPresent of the last CONNACK this client got. */
  sessionPresent?: boolean;
  /**
   * The last CONNACK said sessionPresent=0 although this client asked to resume
   * (cleanSession=0 / Clean Start=0; its settings ask so every time) and had connected before:
   * the session it had was lost (it expired or was discarded).
   */
  sessionLost?: boolean;
  connackCode?: number;
  connects: number;
  received: ReceivedMessage[];
  receivedCount: number;
  held: number;
  holding: boolean;
  error?: string;
}

/** Received messages kept per client (the list shows them all, scrolling); the count goes on. */
export const RECEIVED_KEPT = 10_000;

export const newClientView = (name: string, config: ClientConfig): ClientView => ({
  name,
  config,
  status: 'offline',
  connects: 0,
  received: [],
  receivedCount: 0,
  held: 0,
  holding: false,
});

/** Applies a batch of one client's updates; returns a new view. */
export function applyClientUpdates(view: ClientView, updates: readonly ClientUpdate[]): ClientView {
  const next: ClientView = { ...view };
  let received: ReceivedMessage[] | undefined;
  for (const u of updates) {
    switch (u.kind) {
      case 'status':
        next.status = u.status;
        if (u.status === 'connecting') {
          next.connects++;
          delete next.error;
        }
        break;
      case 'connack':
        // A CONNACK before this one means a session existed; a first one has nothing to lose.
        next.sessionLost =
          !u.sessionPresent && !next.config.clean && next.sessionPresent !== undefined;
        next.sessionPresent = u.sessionPresent;
        next.connackCode = u.code;
        break;
      case 'message':
        received ??= [...view.received];
        received.push(u.message);
        next.receivedCount++;
        break;
      case 'held':
        next.held = u.count;
        break;
      case 'error':
        next.error = u.message;
        break;
      default: {
        const unknown: never = u;
        void unknown;
      }
    }
  }
  if (received)
    next.received = received.length > RECEIVED_KEPT ? received.slice(-RECEIVED_KEPT) : received;
  return next;
}
