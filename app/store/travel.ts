import type { BrokerEvent } from '../broker';
import type { ClientStatus, ReceivedMessage } from '../clients/clientTypes';

/** A client as it was at a past moment, rebuilt from the broker's events. */
export interface ClientAt {
  status: ClientStatus;
  sessionPresent?: boolean;
  /** sessionPresent=0 where the client asked to resume a session it had (see ClientView). */
  sessionLost?: boolean;
  received: ReceivedMessage[];
}

const decoder = new TextDecoder();

/**
 * What each client id had received, and whether it was connected, at the end of `events`
 * (the log up to the moment shown). Built from what the broker sent it: for time travel.
 */
export function clientsAt(events: readonly BrokerEvent[]): Map<string, ClientAt> {
  const out = new Map<string, ClientAt>();
  const published = new Map<number, { topic: string; payload: string }>();
  /** Whether each client id's last CONNECT asked to resume (cleanSession=0 / Clean Start=0). */
  const resumeAsked = new Map<string, boolean>();
  /** Whether the CONNECT of each client id's last successful connection asked so too. */
  const keepAsked = new Map<string, boolean>();
  const client = (id: string) => {
    let c = out.get(id);
    if (!c) out.set(id, (c = { status: 'offline', received: [] }));
    return c;
  };
  for (const e of events) {
    switch (e.type) {
      case 'message.published':
        published.set(e.msgId, {
          topic: e.topic,
          payload: decoder.decode(e.payload.subarray(0, 200)),
        });
        break;
      case 'connect.received':
        resumeAsked.set(e.clientId, !e.clean);
        break;
      case 'connack.sent':
        if (e.code === 0) {
          const c = client(e.clientId);
          c.status = 'connected';
          // Asked to resume a session it had asked to keep before, and none was there.
          const asked = resumeAsked.get(e.clientId) === true;
          c.sessionLost = !e.sessionPresent && asked && keepAsked.get(e.clientId) === true;
          keepAsked.set(e.clientId, asked);
          c.sessionPresent = e.sessionPresent;
        }
        break;
      case 'connection.closed':
        if (e.clientId && e.reason !== 'takeover') client(e.clientId).status = 'offline';
        break;
      case 'message.sent':
      case 'message.resent': {
        const m = published.get(e.msgId);
        client(e.clientId).received.push({
          topic: m?.topic ?? '',
          payload: m?.payload ?? '',
          qos: e.type === 'message.sent' ? e.qos : 1,
          dup: e.type === 'message.resent' && e.dup,
          retain: e.type === 'message.sent' && e.retain,
          ...(e.packetId !== undefined ? { packetId: e.packetId } : {}),
          at: e.at,
        });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
