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
  private readonly first = new Set<RemoteEvent>();

  /**
   * `first`: the event goes before the others of the same instant, as the broker emits it (a
   * replay starts before its first message is sent, though it is inferred after).
   */
  emit<B extends BrokerEventBody>(
    body: B,
    at: number,
    origin: Origin,
    first = false,
  ): B & RemoteEvent {
    const e = { ...body, at: simTime(at), seq: 0, origin } as unknown as B & RemoteEvent;
    this.list.push(e);
    if (first) this.first.add(e);
    return e;
  }

  /** The events in time order (stable), numbered from 1 as the broker numbers its own. */
  done(): RemoteEvent[] {
    const rank = (e: RemoteEvent) => (this.first.has(e) ? 0 : 1);
    const sorted = this.list
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.at - b.e.at || rank(a.e) - rank(b.e) || a.i - b.i)
      .map(({ e }) => e);
    sorted.forEach((e, i) => (e.seq = i + 1));
    return sorted;
  }
}
