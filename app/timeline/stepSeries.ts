import { columnKey, type SeriesColumn, type SeriesRow, type SeriesTable } from './seriesTable';

type NumberArray = Float64Array | Int32Array;

/** A growable typed array: compact, and fast to scan. */
export class Column<A extends NumberArray> {
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
export class StepSeries {
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
