import { startTransition, useEffect, useLayoutEffect, useState } from 'react';
import type { AppState, AppStore } from '../../store/appStore';
import { SeriesBuilder } from '../../timeline/series';
import type { RateTable, SeriesColumn, SeriesTable } from '../../timeline/seriesTable';
import { topColumns } from '../../timeline/topColumns';
import { LAYOUT, tickStep } from '../../timeline/view';
import { useAppStore } from '../StoreContext';

/** A table with at most MAX_LINES client columns; the rest folded into `OTHERS_KEY`. */
export type Lines<T extends SeriesTable = SeriesTable> = T & { others: SeriesColumn[] };

/** What the three charts draw for one window. */
export interface ChartSeries {
  stored: Lines;
  deliveries: Lines<RateTable>;
  inFlight: Lines;
  /** The highest value in the window: stored, deliveries per second (all clients), in flight. */
  peaks: { stored: number; deliveries: number; inFlight: number };
}

/** The shortest delivery bucket: finer than this, a per-second rate is mostly noise. */
const MIN_BUCKET_MS = 100;
/** Clients drawn as lines of their own in a chart; one line shows the highest of the rest. */
export const MAX_LINES = 10;
/** Pixels per row of a stored or in-flight series (each row is a point of every line). */
const PX_PER_ROW = 2;

/** After a render of the charts, new data wait this many times its cost: charts take ≤ 1/5. */
const BACK_OFF = 4;
/**
 * And at least this long: four updates a second are plenty for a chart of counts (a render of
 * the three charts takes several milliseconds of a frame).
 */
const MIN_INTERVAL_MS = 250;

/**
 * One SeriesBuilder per store, fed with only the new part of the log, and the listeners of the
 * charts. It tells them of new events at most every MIN_INTERVAL_MS, and after a slow render of
 * the charts (many clients, a long window) it waits BACK_OFF times as long: the charts then lag
 * a little behind the timeline instead of taking every frame.
 */
export class SharedSeries {
  readonly builder = new SeriesBuilder();
  version = 0;
  private seen = 0;
  private generation: number;
  private listeners = new Set<() => void>();
  private unsubscribe?: () => void;
  private unwatch?: () => void;
  private timer?: ReturnType<typeof setTimeout>;
  private renderStart = 0;
  private committedAt = Number.NEGATIVE_INFINITY;
  private cost = 0;
  private cache?: { key: string; generation: number; value: ChartSeries };
  /** The log as the last render saw it: what came between that render and a subscribe counts. */
  private rendered = { size: 0, generation: -1 };

  constructor(private readonly store: AppStore) {
    this.generation = store.log.generation;
  }

  /** Appends what the log gained since the last call; starts afresh after a reset. */
  sync(): void {
    const log = this.store.log;
    if (log.generation !== this.generation || log.size < this.seen) {
      this.builder.reset();
      this.seen = 0;
      this.generation = log.generation;
      this.cache = undefined;
    }
    if (log.size === this.seen) return;
    this.builder.append(log.all().slice(this.seen));
    this.seen = log.size;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.unsubscribe ??= this.store.subscribe((s: AppState, prev: AppState) => {
      if (s.logSize !== prev.logSize) this.changed();
    });
    // The series read each event as it comes, not a quarter second's worth at the next render.
    this.unwatch ??= this.store.log.watch(() => this.sync());
    // Events that came after the render and before this subscription would otherwise wait for
    // the next one: after a burst's last batch, for ever.
    const log = this.store.log;
    if (log.size !== this.rendered.size || log.generation !== this.rendered.generation)
      this.changed();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      this.unwatch?.();
      this.unwatch = undefined;
      clearTimeout(this.timer);
      this.timer = undefined;
    };
  };

  getVersion = (): number => this.version;

  /**
   * The chart data for [from, to] drawn `width` px wide, built once per log size and window.
   * Lines end at the simulated now when it is inside the window.
   */
  tables(from: number, to: number, width: number): ChartSeries {
    this.renderStart = performance.now();
    this.sync();
    this.rendered = { size: this.seen, generation: this.generation };
    const end = Math.max(from, Math.min(to, this.store.getState().clock.now));
    const key = `${this.seen}:${from}:${to}:${end}:${width}`;
    const cached = this.cache?.generation === this.generation ? this.cache : undefined;
    if (cached?.key === key) return cached.value;
    const rows = Math.max(40, width - LAYOUT.gutter - LAYOUT.pad) / PX_PER_ROW;
    const bucketMs = Math.max(MIN_BUCKET_MS, tickStep({ from, to }, width, 6));
    const stored = this.builder.stored(from, end, rows);
    const deliveries = this.builder.deliveries(from, end, bucketMs);
    const inFlight = this.builder.inFlight(from, end, rows);
    const value: ChartSeries = {
      stored: topColumns(stored, MAX_LINES),
      deliveries: topColumns(deliveries, MAX_LINES),
      inFlight: topColumns(inFlight, MAX_LINES),
      peaks: {
        stored: peak(stored),
        deliveries: Math.max(0, ...deliveries.rows.map((r) => r.total ?? 0)),
        inFlight: peak(inFlight),
      },
    };
    this.cache = { key, generation: this.generation, value };
    return value;
  }

  /** The charts were committed (layout effects run children first: this times them all). */
  committed = (): void => {
    this.committedAt = performance.now();
    this.cost = this.committedAt - this.renderStart;
  };

  /** Milliseconds until the charts may render new data. */
  private wait(): number {
    const gap = Math.max(MIN_INTERVAL_MS, this.cost * BACK_OFF);
    return this.committedAt + gap - performance.now();
  }

  /** New events: the charts render again now, or once the back-off is over. */
  private changed(): void {
    if (this.wait() < 1) this.notify();
    else this.later();
  }

  private later(): void {
    if (this.timer !== undefined || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.notify();
    }, this.wait());
  }

  private notify(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

function peak(table: SeriesTable): number {
  let max = 0;
  for (const row of table.rows)
    for (const { key } of table.columns) if (row[key]! > max) max = row[key]!;
  return max;
}

const shared = new WeakMap<AppStore, SharedSeries>();

function sharedFor(store: AppStore): SharedSeries {
  let s = shared.get(store);
  if (!s) shared.set(store, (s = new SharedSeries(store)));
  return s;
}

/**
 * The store's one SeriesBuilder, brought up to date with its log: for a drawing loop that wants
 * the counts (`current`, or a table) without a React render.
 */
export function seriesFor(store: AppStore): SeriesBuilder {
  const s = sharedFor(store);
  s.sync();
  return s.builder;
}

const EMPTY: ChartSeries = {
  stored: { columns: [], rows: [], others: [] },
  deliveries: { columns: [], rows: [], bucketMs: 1000, others: [] },
  inFlight: { columns: [], rows: [], others: [] },
  peaks: { stored: 0, deliveries: 0, inFlight: 0 },
};

/**
 * The charts' data for the window [from, to] of simulated time, drawn `width` px wide (the
 * timeline's width, its gutter included, so that both share one time axis). Lines end at the
 * simulated now when it is inside the window. Re-renders when the log grows, at most four times
 * a second (less when the charts are slow to draw); never per message.
 */
export function useSeries(from: number, to: number, width: number): ChartSeries {
  const s = sharedFor(useAppStore());
  // The charts' renders are transitions: React may spread them over frames and put off a
  // render in progress for a frame's own work, instead of drawing them all in one long task.
  const [, setVersion] = useState(s.version);
  useEffect(() => s.subscribe(() => startTransition(() => setVersion(s.getVersion()))), [s]);
  // After every commit: children's layout effects ran first, so this times the whole render.
  useLayoutEffect(() => s.committed());
  if (width <= 0 || !(to > from)) return EMPTY;
  return s.tables(from, to, width);
}
