import type { BrokerEvent, DropReason } from '../broker';
import {
  columnKey,
  type RateTable,
  type SeriesColumn,
  type SeriesRow,
  type SeriesTable,
} from './seriesTable';
import { Column, lowerBound, StepSeries } from './stepSeries';

/** The most buckets `deliveries` returns for one window. */
export const MAX_BUCKETS = 5000;

/** Drops of a delivery that was never held for the client (refused before it was stored). */
const NEVER_HELD: ReadonlySet<DropReason> = new Set<DropReason>([
  'qos0-while-away',
  'queue-full',
  'no-subscriber',
  'not-authorized',
]);

/**
 * One message held for one client, packed in a number so that a delivery allocates nothing:
 * copies waiting to be sent + FLIGHT × copies in flight (more than one copy only when a
 * retained message is delivered again by a second SUBSCRIBE).
 */
const FLIGHT = 65_536;
const waiting = (held: number) => held % FLIGHT;
const flying = (held: number) => Math.floor(held / FLIGHT);

interface ClientState {
  index: number;
  held: Map<number, number>;
  /** Totals over `held`: waiting to be sent, and in flight. */
  queued: number;
  inFlight: number;
}

/**
 * Builds the charts' series from broker events as they come: `append` costs O(batch) and makes
 * no object per delivery; the read methods cost O(changes in the window + clients × points),
 * however long the log.
 *
 * Stored = every delivery the broker holds for a client: waiting to be sent (stored while away,
 * behind the backlog or a full in-flight window, or unacknowledged when the client went and
 * waiting to go again) plus in flight (sent at QoS > 0 on the current connection and not yet
 * acknowledged). It equals the session's store as `broker.sessions()` shows it.
 */
export class SeriesBuilder {
  private byId = new Map<string, ClientState>();
  private ids: string[] = [];
  private storedSeries = new StepSeries();
  private inFlightSeries = new StepSeries();
  /** Times of every PUBLISH sent to a subscriber (sent or sent again), all and by client. */
  private sendTimes = new Column(Float64Array);
  private sendTimesBy: Column<Float64Array>[] = [];

  /** Adds the next batch of the log, in order. */
  append(events: readonly BrokerEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'message.stored': {
          const c = this.client(e.clientId);
          const h = c.held.get(e.msgId) ?? 0;
          if (e.reason !== 'unacknowledged') change(c, e.msgId, h, 1, 0);
          else if (flying(h) > 0) change(c, e.msgId, h, 1, -1);
          // Marked again (it went away a second time before its resend): already counted.
          else if (waiting(h) === 0) change(c, e.msgId, h, 1, 0);
          this.record(c, e.at);
          break;
        }
        case 'message.sent': {
          const c = this.client(e.clientId);
          const h = c.held.get(e.msgId) ?? 0;
          // QoS 0 is done once sent; QoS 1 and 2 are in flight until acknowledged.
          change(c, e.msgId, h, waiting(h) > 0 ? -1 : 0, e.qos > 0 ? 1 : 0);
          this.sent(c, e.at);
          this.record(c, e.at);
          break;
        }
        case 'message.resent': {
          const c = this.client(e.clientId);
          const h = c.held.get(e.msgId) ?? 0;
          if (waiting(h) > 0) change(c, e.msgId, h, -1, 1);
          else if (flying(h) === 0) change(c, e.msgId, h, 0, 1);
          this.sent(c, e.at);
          this.record(c, e.at);
          break;
        }
        case 'message.acknowledged': {
          const c = this.byId.get(e.clientId);
          const h = c?.held.get(e.msgId);
          if (!c || !h) break;
          if (flying(h) > 0) change(c, e.msgId, h, 0, -1);
          else change(c, e.msgId, h, -1, 0);
          this.record(c, e.at);
          break;
        }
        case 'message.dropped': {
          if (e.clientId === undefined || NEVER_HELD.has(e.reason)) break;
          const c = this.byId.get(e.clientId);
          const h = c?.held.get(e.msgId);
          if (!c || !h) break;
          // A client refuses what it was sent; everything else leaves the store.
          const fromFlight = e.reason === 'rejected-by-client' ? flying(h) > 0 : waiting(h) === 0;
          if (fromFlight) change(c, e.msgId, h, 0, -1);
          else change(c, e.msgId, h, -1, 0);
          this.record(c, e.at);
          break;
        }
        case 'session.expired':
        case 'session.discarded': {
          const c = this.byId.get(e.clientId);
          if (!c) break;
          c.held.clear();
          c.queued = 0;
          c.inFlight = 0;
          this.record(c, e.at);
          break;
        }
        default:
          break;
      }
    }
  }

  /** Forgets everything (a new run). */
  reset(): void {
    this.byId.clear();
    this.ids = [];
    this.storedSeries = new StepSeries();
    this.inFlightSeries = new StepSeries();
    this.sendTimes = new Column(Float64Array);
    this.sendTimesBy = [];
  }

  /** Client ids in order of first appearance; column `s<i>` is `clients()[i]`. */
  clients(): readonly string[] {
    return this.ids;
  }

  /** Messages held for `clientId` now (stored and in flight), and of those in flight. */
  current(clientId: string): { stored: number; inFlight: number } {
    const c = this.byId.get(clientId);
    return { stored: c ? c.queued + c.inFlight : 0, inFlight: c?.inFlight ?? 0 };
  }

  /** Stored messages per session over [from, to], a step series of at most `maxPoints` rows. */
  stored(from: number, to: number, maxPoints: number): SeriesTable {
    return this.storedSeries.table(from, to, maxPoints, this.ids);
  }

  /**
   * Messages in flight per client, as `stored`: sent on the current connection and not yet
   * acknowledged. When the client goes they count as stored (waiting to go again), not here.
   */
  inFlight(from: number, to: number, maxPoints: number): SeriesTable {
    return this.inFlightSeries.table(from, to, maxPoints, this.ids);
  }

  /**
   * Deliveries per second (PUBLISH sent or sent again to a subscriber) in buckets of `bucketMs`
   * aligned to multiples of it, per client and `total`. The last row repeats the last bucket at
   * its end, so a step line (`stepAfter`) covers every bucket. Clients with no delivery in the
   * window have no column.
   */
  deliveries(from: number, to: number, bucketMs: number): RateTable {
    let w = Math.max(1, bucketMs);
    const span = Math.max(0, to - from);
    if (span / w > MAX_BUCKETS) w *= Math.ceil(span / w / MAX_BUCKETS);
    const start = Math.floor(from / w) * w;
    const count = Math.max(1, Math.ceil((to - start) / w));
    const end = start + count * w;
    const perSecond = 1000 / w;
    const rows: SeriesRow[] = [];
    for (let k = 0; k <= count; k++) rows.push({ t: start + k * w, total: 0 });
    const fill = (times: Column<Float64Array>, key: string): boolean => {
      const { a, length } = times;
      let i = lowerBound(a, start, 0, length);
      if (i >= length || a[i]! >= end) return false;
      for (let k = 0; k < count; k++) {
        const next = lowerBound(a, start + (k + 1) * w, i, length);
        rows[k]![key] = (next - i) * perSecond;
        i = next;
      }
      rows[count]![key] = rows[count - 1]![key]!;
      return true;
    };
    fill(this.sendTimes, 'total');
    const columns: SeriesColumn[] = [];
    this.sendTimesBy.forEach((times, index) => {
      const key = columnKey(index);
      if (fill(times, key)) columns.push({ clientId: this.ids[index]!, key });
    });
    return { columns, rows, bucketMs: w };
  }

  private client(clientId: string): ClientState {
    let c = this.byId.get(clientId);
    if (!c) {
      c = { index: this.ids.length, held: new Map(), queued: 0, inFlight: 0 };
      this.byId.set(clientId, c);
      this.ids.push(clientId);
      this.sendTimesBy.push(new Column(Float64Array));
    }
    return c;
  }

  private record(c: ClientState, at: number): void {
    this.storedSeries.set(at, c.index, c.queued + c.inFlight);
    this.inFlightSeries.set(at, c.index, c.inFlight);
  }

  private sent(c: ClientState, at: number): void {
    this.sendTimes.push(at);
    this.sendTimesBy[c.index]!.push(at);
  }
}

/** Moves one held message: `dq` copies to waiting, `df` to in flight (each −1, 0 or +1). */
function change(c: ClientState, msgId: number, held: number, dq: number, df: number): void {
  const next = held + dq + df * FLIGHT;
  if (next > 0) c.held.set(msgId, next);
  else c.held.delete(msgId);
  c.queued += dq;
  c.inFlight += df;
}
