import type { SeriesColumn, SeriesRow, SeriesTable } from './seriesTable';

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
