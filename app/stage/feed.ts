import type { BrokerEvent } from '../broker';
import type { EventLog } from '../store/eventLog';
import { StageClients } from './clients';
import { Flights } from './flights';

/**
 * Feeds the stage with only the new part of the event log, once per frame: the clients' fold and
 * the tokens in the air. A cleared log (a reset, a new scenario) starts both afresh; the events
 * already in the log when the stage first looks are folded without tokens (nothing flies in
 * from the past).
 */
export class StageFeed {
  readonly clients = new StageClients();
  readonly flights = new Flights();
  /** Goes up whenever the clients' fold changes. */
  version = 0;
  private seen = 0;
  private generation: number;
  private started = false;
  /** Events at or before this time were shown already: a rewritten log flies none of them. */
  private shownUpTo = Number.NEGATIVE_INFINITY;

  constructor(private readonly log: EventLog) {
    this.generation = log.generation;
  }

  /** Brings the stage up to date at wall time `wall`; true when something changed. */
  sync(wall: number, control: boolean): boolean {
    let flyAfter = Number.NEGATIVE_INFINITY;
    if (this.log.generation !== this.generation) {
      // A rewrite (a remote broker's past revised) is folded again, but what was shown flies
      // no second time, and the tokens in the air stay; a clear starts everything afresh.
      const rewrite = this.log.rewrittenAt === this.log.generation;
      this.clients.reset();
      if (rewrite) flyAfter = this.shownUpTo;
      else {
        this.flights.reset();
        this.shownUpTo = Number.NEGATIVE_INFINITY;
      }
      this.seen = 0;
      this.generation = this.log.generation;
      this.version++;
    }
    const all = this.log.all();
    if (all.length === this.seen) {
      this.started = true;
      return false;
    }
    const batch: readonly BrokerEvent[] = all.slice(this.seen, all.length);
    this.seen = all.length;
    this.clients.append(batch);
    this.version++;
    if (this.started) {
      const fresh =
        flyAfter === Number.NEGATIVE_INFINITY ? batch : batch.filter((e) => e.at > flyAfter);
      if (fresh.length) this.flights.ingest(fresh, wall, control);
    }
    this.shownUpTo = Math.max(this.shownUpTo, batch.at(-1)!.at);
    this.started = true;
    return true;
  }
}
