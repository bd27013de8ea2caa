import type { BrokerEvent, BrokerEventBody } from '../broker';
import { simTime } from '../broker';

/**
 * How the lab knows an event of a remote broker: `observed`, a client saw it on the wire (a
 * CONNACK, a PUBLISH that arrived); `inferred`, concluded from what the clients saw (a message
 * was stored, since it arrived on resume). A remote broker's own events (a drop and its
 * reason, an expiry) are never made up: they are simply absent.
 */
export type Origin = 'observed' | 'inferred';

/** A broker event as the lab derives it from a remote broker's behaviour, with its origin. */
export type RemoteEvent = BrokerEvent & { origin: Origin };

/** Collects events as they are derived, then orders and numbers them. */
export class EventSink {
  private readonly list: RemoteEvent[] = [];

  emit<B extends BrokerEventBody>(body: B, at: number, origin: Origin): B & RemoteEvent {
    const e = { ...body, at: simTime(at), seq: 0, origin } as unknown as B & RemoteEvent;
    this.list.push(e);
    return e;
  }

  /** The events in time order (stable), numbered from 1 as the broker numbers its own. */
  done(): RemoteEvent[] {
    const sorted = this.list
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
      .map(({ e }) => e);
    sorted.forEach((e, i) => (e.seq = i + 1));
    return sorted;
  }
}
