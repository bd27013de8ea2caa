import { formatClock } from '../format/time';
import type { SeriesTable } from './seriesTable';

/**
 * A chart in words, for those who cannot see it: its window and, per client, the highest value
 * and when it was reached (`A: 10 at 0:00:12.3`); none when the window holds nothing.
 */
export function chartSummary(
  title: string,
  table: SeriesTable & { others?: readonly unknown[] },
  from: number,
  to: number,
  unit = '',
): string {
  const window = `${title}, ${formatClock(Math.max(0, from))} to ${formatClock(to)}`;
  if (table.columns.length === 0) return `${window}: nothing in this window.`;
  const peaks = table.columns.map(({ clientId, key }) => {
    let best = 0;
    let at: number | undefined;
    for (const row of table.rows) {
      const v = row[key] ?? 0;
      if (v > best) {
        best = v;
        at = row.t;
      }
    }
    const who = clientId === '' ? '(empty id)' : clientId;
    const value = Number.isInteger(best) ? String(best) : best.toFixed(1);
    return at === undefined ? `${who}: 0` : `${who}: ${value}${unit} at ${formatClock(at)}`;
  });
  const others = table.others?.length ? `; and ${table.others.length} others` : '';
  return `${window}, highest per client: ${peaks.join('; ')}${others}.`;
}
