import type { BrokerEvent, DropReason } from '../broker';

/** Which client a chart column shows; `key` is its property in every row. */
export interface SeriesColumn {
  clientId: string;
  key: string;
}

/** One point of a chart: `t` in simulated ms, and a value under each column's key. */
export interface SeriesRow {
  t: number;
  [key: string]: number;
}

/**
 * Rows ready for recharts (`dataKey="t"` on the x axis, one line per column). Columns are keyed
 * `s0`, `s1`… by the client's first appearance, not by its id: a client id is any string, and
 * `t`, `total` or `a.b` (which recharts reads as a path) would clash as a property name.
 */
export interface SeriesTable {
  columns: SeriesColumn[];
  rows: SeriesRow[];
}

/** Deliveries per second, per bucket: a column per client and `total`. */
export interface RateTable extends SeriesTable {
  /** The bucket width used (widened when the window holds more than `MAX_BUCKETS`). */
  bucketMs: number;
}

/** The most buckets `deliveries` returns for one window. */
export const MAX_BUCKETS = 5000;

/** The property a client's values have in every row. */
export const columnKey = (index: number): string => `s${index}`;

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

/** The row key of the highest of the columns `topColumns` leaves out. */
export const OTHERS_KEY = 'others';

/**
 * Keeps the `max` columns with the highest peaks (in their order) and folds the rest, listed in
 * `others`, into one column under `OTHERS_KEY`: the highest of them at each row, so that it
 * shares the scale of the lines it stands beside. Fifty overlapping lines are unreadable and
 * slow to draw. Rows keep `t` and `total`.
 */
export function topColumns<T extends SeriesTable>(
  table: T,
  max: number,
): T & { others: SeriesColumn[] } {
  if (table.columns.length <= max) return { ...table, others: [] };
  const peaks = table.columns.map(({ key }) => {
    let peak = 0;
    for (const row of table.rows) peak = Math.max(peak, row[key] ?? 0);
    return peak;
  });
  const order = peaks.map((_, i) => i).sort((a, b) => peaks[b]! - peaks[a]! || a - b);
  const kept = new Set(order.slice(0, max));
  const columns = table.columns.filter((_, i) => kept.has(i));
  const others = table.columns.filter((_, i) => !kept.has(i));
  const rows = table.rows.map((row) => {
    const out: SeriesRow = { t: row.t };
    if (row.total !== undefined) out.total = row.total;
    for (const { key } of columns) out[key] = row[key]!;
    let highest = 0;
    for (const { key } of others) highest = Math.max(highest, row[key] ?? 0);
    out[OTHERS_KEY] = highest;
    return out;
  });
  return { ...table, columns, rows, others };
}

/** Moves one held message: `dq` copies to waiting, `df` to in flight (each −1, 0 or +1). */
function change(c: ClientState, msgId: number, held: number, dq: number, df: number): void {
  const next = held + dq + df * FLIGHT;
  if (next > 0) c.held.set(msgId, next);
  else c.held.delete(msgId);
  c.queued += dq;
  c.inFlight += df;
}

type NumberArray = Float64Array | Int32Array;

/** A growable typed array: compact, and fast to scan. */
class Column<A extends NumberArray> {
  a: A;
  length = 0;

  constructor(private readonly make: new (size: number) => A) {
    this.a = new make(64);
  }

  push(x: number): void {
    if (this.length === this.a.length) {
      const bigger = new this.make(this.a.length * 2);
      bigger.set(this.a);
      this.a = bigger;
    }
    this.a[this.length++] = x;
  }
}

/**
 * Integer step series for many clients, kept as one time-ordered list of changes (time, client,
 * value after), with each client's own change indexes for finding its value at a time.
 */
class StepSeries {
  private t = new Column(Float64Array);
  private c = new Column(Int32Array);
  private v = new Column(Int32Array);
  private byClient: Column<Int32Array>[] = [];
  private last: number[] = [];

  set(t: number, client: number, value: number): void {
    if ((this.last[client] ?? 0) === value) return;
    this.last[client] = value;
    (this.byClient[client] ??= new Column(Int32Array)).push(this.t.length);
    this.t.push(t);
    this.c.push(client);
    this.v.push(value);
  }

  /**
   * Rows over [from, to]: the values at `from`, a few rows per instant that changed (its
   * highest and lowest values when they go beyond the values before and after, so a change
   * undone at the same instant still shows, then its final values), and the values at `to`.
   * When the window has more changes than `maxPoints` allows, instants are gathered into equal
   * time buckets instead, each keeping its highest, lowest and final values: a spike narrower
   * than a bucket is not lost.
   */
  table(from: number, to: number, maxPoints: number, ids: readonly string[]): SeriesTable {
    const t = this.t.a;
    const c = this.c.a;
    const v = this.v.a;
    const n = this.t.length;
    const i0 = lowerBound(t, from, 0, n);
    const i1 = Math.max(i0, upperBound(t, to, i0, n));
    const clients = this.byClient.length;
    const value = new Int32Array(clients);
    const columns: SeriesColumn[] = [];
    const shown: number[] = [];
    for (let k = 0; k < clients; k++) {
      const own = this.byClient[k];
      if (!own) continue;
      const first = lowerBound(own.a, i0, 0, own.length);
      value[k] = first > 0 ? v[own.a[first - 1]!]! : 0;
      if (value[k] !== 0 || (first < own.length && own.a[first]! < i1)) {
        columns.push({ clientId: ids[k]!, key: columnKey(k) });
        shown.push(k);
      }
    }
    const keys = columns.map((col) => col.key);
    const row = (at: number, values: ArrayLike<number>): SeriesRow => {
      const r: SeriesRow = { t: at };
      for (let j = 0; j < shown.length; j++) r[keys[j]!] = values[shown[j]!]!;
      return r;
    };
    const rows: SeriesRow[] = [row(from, value)];
    const points = Math.max(8, Math.floor(maxPoints));
    const exact = i1 - i0 + 2 <= points;
    const buckets = Math.max(1, Math.floor((points - 2) / 3));
    const width = (to - from) / buckets;
    const hi = new Int32Array(clients);
    const lo = new Int32Array(clients);
    const before = new Int32Array(clients);
    const seen = new Int32Array(clients).fill(-1);
    const touched: number[] = [];
    let group = -1;
    let bucket = -1;
    let i = i0;
    while (i < i1) {
      const x = t[i]!;
      // Where this group ends: the next instant, or the end of the bucket that x falls in.
      let edge = x;
      if (!exact) {
        bucket = Math.max(bucket + 1, Math.min(buckets - 1, Math.floor((x - from) / width)));
        edge = bucket === buckets - 1 ? Infinity : from + (bucket + 1) * width;
      }
      group++;
      touched.length = 0;
      do {
        const k = c[i]!;
        const val = v[i]!;
        if (seen[k] !== group) {
          seen[k] = group;
          before[k] = value[k]!;
          hi[k] = lo[k] = val;
          touched.push(k);
        } else if (val > hi[k]!) hi[k] = val;
        else if (val < lo[k]!) lo[k] = val;
        value[k] = val;
        i++;
      } while (i < i1 && (exact ? t[i] === x : t[i]! < edge));
      // Rows at one x draw a vertical line through them: only values beyond both ends of it
      // (the value before and the value after) need a row of their own.
      let high = false;
      let low = false;
      for (const k of touched) {
        high ||= hi[k]! > Math.max(before[k]!, value[k]!);
        low ||= lo[k]! < Math.min(before[k]!, value[k]!);
      }
      if (high) rows.push(row(x, extremes(value, hi, touched)));
      if (low) rows.push(row(x, extremes(value, lo, touched)));
      rows.push(row(x, value));
    }
    if (rows.at(-1)!.t < to) rows.push(row(to, value));
    return { columns, rows };
  }
}

/** The current values, with the touched clients' extremes in place of theirs. */
function extremes(value: Int32Array, extreme: Int32Array, touched: number[]): Int32Array {
  const out = value.slice();
  for (const k of touched) out[k] = extreme[k]!;
  return out;
}

/**
 * First index in [lo, n) whose value is ≥ `x` in ascending `a` (n when none), searching outwards
 * from `lo` first: callers walk forward through a window, so the answer is usually close.
 */
export function lowerBound(a: ArrayLike<number>, x: number, lo = 0, n = a.length): number {
  let step = 1;
  let hi = lo;
  while (hi < n && a[hi]! < x) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [lo, n) whose value is > `x` in ascending `a` (n when none). */
export function upperBound(a: ArrayLike<number>, x: number, lo = 0, n = a.length): number {
  let step = 1;
  let hi = lo;
  while (hi < n && a[hi]! <= x) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
