import type { BrokerEvent } from '../broker';
import type { ClientStatus, ReceivedMessage } from '../clients/clientTypes';

/** A client as it was at a past moment, rebuilt from the broker's events. */
export interface ClientAt {
  status: ClientStatus;
  sessionPresent?: boolean;
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
      case 'connack.sent':
        if (e.code === 0) {
          const c = client(e.clientId);
          c.status = 'connected';
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
