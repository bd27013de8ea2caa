import { useState } from 'react';
import { formatClock } from '../../format/time';
import { OTHERS_KEY } from '../../timeline/topColumns';
import type { SeriesRow } from '../../timeline/seriesTable';
import type { Lines } from './useSeries';

/** One chart as its caption says it, with its lines. */
export interface ChartText {
  title: string;
  summary: string;
  table: Lines;
  total?: boolean;
}

/**
 * The three charts in words, for screen readers and for anyone who wants the figures: for each
 * line of each chart, its highest value in the window and its value at the window's end. One
 * disclosure for all three (one Tab stop), built only while open, as "The timeline as text" is.
 */
export function ChartsText({ charts, to }: { charts: ChartText[]; to: number }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="timeline-text"
      data-testid="charts-text"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>The charts as text</summary>
      {open &&
        charts.map((c) => (
          <table key={c.title} className="charts-text">
            <caption>
              {c.title} · {c.summary}
            </caption>
            <thead>
              <tr>
                <th scope="col">line</th>
                <th scope="col">highest</th>
                <th scope="col">at {formatClock(to)}</th>
              </tr>
            </thead>
            <tbody>
              {c.table.columns.length === 0 && (
                <tr>
                  <td colSpan={3}>nothing in this window</td>
                </tr>
              )}
              {lines(c).map(([name, key]) => (
                <tr key={key}>
                  <th scope="row">{name}</th>
                  <td>{format(highest(c.table.rows, key))}</td>
                  <td>{format(c.table.rows.at(-1)?.[key] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </details>
  );
}

/** The chart's lines as [name, row key], in the order its legend lists them. */
function lines(c: ChartText): [string, string][] {
  const { columns, others } = c.table;
  return [
    ...(c.total ? [['all clients', 'total'] as [string, string]] : []),
    ...columns.map(({ clientId, key }): [string, string] => [clientId || '(empty id)', key]),
    ...(others.length > 0
      ? [[`highest of ${others.length} others`, OTHERS_KEY] as [string, string]]
      : []),
  ];
}

function highest(rows: readonly SeriesRow[], key: string): number {
  let max = 0;
  for (const r of rows) if ((r[key] ?? 0) > max) max = r[key]!;
  return max;
}

const format = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
