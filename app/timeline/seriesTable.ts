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
 * Rows for the charts (`t` on the x axis, one line per column). Columns are keyed `s0`, `s1`…
 * by the client's first appearance, not by its id: a client id is any string, and `t` or
 * `total` would clash as a property name.
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

/** The property a client's values have in every row. */
export const columnKey = (index: number): string => `s${index}`;
