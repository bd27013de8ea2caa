import type { BrokerEvent } from '../broker';

/**
 * Events kept at most: about 50,000 traced QoS 1 messages, a few hundred MB in a tab. Past it the
 * log stops growing (the timeline stops there) while the broker and the panels carry on.
 */
export const EVENT_LOG_LIMIT = 500_000;

/**
 * Every broker event of this run, in order. Append-only and outside React state: views read
 * what they need (the inspector, time travel, export) without copying it on each batch.
 */
export class EventLog {
  private events: BrokerEvent[] = [];
  /** Goes up on every clear or rewrite, so a reader can tell a new run from a longer one. */
  generation = 0;
  /**
   * The generation a rewrite (not a clear) made, if the last change of generation was one: a
   * reader that animates what is new (the stage) folds the log again without replaying its past.
   */
  rewrittenAt = -1;
  private readonly watchers = new Set<() => void>();

  constructor(readonly limit = EVENT_LOG_LIMIT) {}

  /** Whether the log reached its limit and dropped what came after. */
  get full(): boolean {
    return this.events.length >= this.limit;
  }

  get size(): number {
    return this.events.length;
  }

  /** Appends what fits under the limit; returns how many events were left out. */
  append(batch: readonly BrokerEvent[]): number {
    const room = this.limit - this.events.length;
    const take = Math.min(room, batch.length);
    for (let i = 0; i < take; i++) this.events.push(batch[i]!);
    if (take > 0) this.notify();
    return batch.length - Math.max(take, 0);
  }

  /**
   * Calls `fn` after every append, clear and rewrite: a reader that keeps a model of the log (the
   * timeline's, the charts') reads the new events at once, as part of the work that brought
   * them, instead of all of a frame's at the next frame. Returns how to stop.
   */
  watch(fn: () => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  private notify(): void {
    for (const fn of this.watchers) fn();
  }

  /** Events with `at` ≤ time, in order. */
  until(time: number): BrokerEvent[] {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.at <= time) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(0, lo);
  }

  all(): readonly BrokerEvent[] {
    return this.events;
  }

  clear(): void {
    this.generation++;
    this.events = [];
    this.notify();
  }

  /**
   * Replaces the events from index `from` on with `batch`. Only a remote broker's events need
   * it: what arrives on resume tells, after the fact, what the broker had stored while its
   * client was away, so the derived events before now can change (see app/remote/page/).
   * Readers start afresh, as after a clear.
   */
  rewrite(from: number, batch: readonly BrokerEvent[]): void {
    // A new array, as clear makes: what was handed out before is left alone. The generation
    // moves before the watchers hear of it, so that they start afresh rather than read on.
    this.events = this.events.slice(0, Math.max(0, from));
    this.generation++;
    this.rewrittenAt = this.generation;
    const take = Math.min(this.limit - this.events.length, batch.length);
    for (let i = 0; i < take; i++) this.events.push(batch[i]!);
    this.notify();
  }
}
