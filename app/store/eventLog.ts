import type { BrokerEvent } from '../broker';

/**
 * Every broker event of this run, in order. Append-only and outside React state: views read
 * what they need (the inspector, time travel, export) without copying it on each batch.
 */
export class EventLog {
  private events: BrokerEvent[] = [];
  /** Goes up on every clear, so a reader can tell a new run from a longer one. */
  generation = 0;

  get size(): number {
    return this.events.length;
  }

  append(batch: readonly BrokerEvent[]): void {
    for (const e of batch) this.events.push(e);
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
  }
}
