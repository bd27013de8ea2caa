import type { Painter } from './draw';
import type { SeriesColumn, SeriesRow } from './seriesTable';
import { OTHERS_KEY } from './topColumns';
import { LAYOUT, tickLabel, toX } from './view';

/** One of the charts under the timeline: its window, its data and how to draw them. */
export interface ChartSpec {
  /** The whole width (the timeline's, its gutter included) and height, in CSS pixels. */
  width: number;
  height: number;
  from: number;
  to: number;
  /** The time axis' ticks and their step (the timeline's). */
  ticks: number[];
  step: number;
  columns: SeriesColumn[];
  /** How many clients are folded into the `others` line (0: none). */
  others: number;
  rows: SeriesRow[];
  kind: 'area' | 'line';
  /** Draw the all-clients total behind the clients' lines. */
  total?: boolean;
  /** A dashed horizontal limit (the replay rate), when > 0. */
  limit?: number;
  /** The time-travel moment, a vertical line. */
  cursor?: number;
  colour(clientId: string): string;
}

const MUTED = '#5b6570';
const GRID = '#e6eaee';
const CURSOR = '#cf222e';
const LIMIT = '#9a6700';
const OTHERS = '#8c959f';
const TOTAL = '#c9d3dd';
const TOP = 6;
const AXIS = 18;

/** The plot's y scale: from 0 to the highest value (or the limit), rounded up to a nice number. */
export function yScale(rows: readonly SeriesRow[], keys: readonly string[], limit = 0) {
  let max = Math.max(1, limit);
  for (const row of rows) for (const k of keys) if ((row[k] ?? 0) > max) max = row[k]!;
  const rough = max / 2;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const top = Math.max(1, Math.ceil(max / step) * step);
  return { top, ticks: [0, top / 2, top].filter((t, i) => i !== 1 || Number.isInteger(t)) };
}

/**
 * Draws one chart: its time axis (the timeline's), a y axis in the gutter, the clients' values
 * as steps (each holds until the next row), the total, the limit and the cursor. Its cost is in
 * the rows, which are as many as the plot is wide, not in the events behind them.
 */
export function drawChart(p: Painter, c: ChartSpec): void {
  const { width, height } = c;
  const bottom = height - AXIS;
  const x = (t: number) => toX({ from: c.from, to: c.to }, width, t);
  const keys = [
    ...(c.total ? ['total'] : []),
    ...c.columns.map((col) => col.key),
    ...(c.others ? [OTHERS_KEY] : []),
  ];
  const { top, ticks } = yScale(c.rows, keys, c.limit);
  const y = (v: number) => bottom - (v / top) * (bottom - TOP);
  p.globalAlpha = 1;
  p.setLineDash([]);
  p.fillStyle = '#ffffff';
  p.fillRect(0, 0, width, height);

  // The grid and the time axis.
  p.lineWidth = 1;
  p.strokeStyle = GRID;
  p.beginPath();
  for (const t of c.ticks) {
    const xt = x(t);
    if (xt < LAYOUT.gutter) continue;
    p.moveTo(xt, TOP);
    p.lineTo(xt, bottom);
  }
  p.moveTo(LAYOUT.gutter, bottom);
  p.lineTo(width - LAYOUT.pad, bottom);
  p.stroke();
  p.font = '10px system-ui, sans-serif';
  p.fillStyle = MUTED;
  p.textBaseline = 'middle';
  p.textAlign = 'center';
  for (const t of c.ticks) {
    const xt = x(t);
    if (xt >= LAYOUT.gutter) p.fillText(tickLabel(t, c.step), xt, bottom + AXIS / 2);
  }
  p.textAlign = 'right';
  for (const v of ticks) p.fillText(String(v), LAYOUT.gutter - 6, y(v));

  const left = LAYOUT.gutter;
  const right = width - LAYOUT.pad;
  const clip = (xv: number) => Math.min(right, Math.max(left, xv));
  /** A step line through the rows' values under `key`. */
  const steps = (key: string) => {
    let started = false;
    for (let i = 0; i < c.rows.length; i++) {
      const row = c.rows[i]!;
      const v = row[key];
      if (v === undefined) continue;
      const x0 = clip(x(row.t));
      const yv = y(v);
      if (!started) {
        p.moveTo(x0, yv);
        started = true;
      } else {
        p.lineTo(x0, yv);
      }
      const next = c.rows[i + 1];
      p.lineTo(next ? clip(x(next.t)) : x0, yv);
    }
    return started;
  };
  const area = (key: string, fill: string, alpha: number) => {
    const first = c.rows.find((r) => r[key] !== undefined);
    if (!first) return;
    p.beginPath();
    p.moveTo(clip(x(first.t)), bottom);
    steps(key);
    const last = c.rows.at(-1)!;
    p.lineTo(clip(x(last.t)), bottom);
    p.closePath();
    p.fillStyle = fill;
    p.globalAlpha = alpha;
    p.fill();
    p.globalAlpha = 1;
  };
  const line = (key: string, stroke: string, dash: number[] = []) => {
    p.beginPath();
    if (!steps(key)) return;
    p.strokeStyle = stroke;
    p.lineWidth = 1.5;
    p.setLineDash(dash);
    p.stroke();
    p.setLineDash([]);
    p.lineWidth = 1;
  };

  if (c.total) area('total', TOTAL, 0.6);
  for (const { clientId, key } of c.columns) {
    const colour = c.colour(clientId);
    if (c.kind === 'area') area(key, colour, 0.12);
    line(key, colour);
  }
  if (c.others) line(OTHERS_KEY, OTHERS, [3, 3]);

  if (c.limit !== undefined && c.limit > 0) {
    const yl = y(c.limit);
    p.strokeStyle = LIMIT;
    p.setLineDash([5, 4]);
    p.beginPath();
    p.moveTo(left, yl);
    p.lineTo(right, yl);
    p.stroke();
    p.setLineDash([]);
    p.fillStyle = LIMIT;
    p.textAlign = 'left';
    p.textBaseline = 'top';
    p.fillText(`replay limit ${c.limit}/s`, left + 4, yl + 2);
  }
  if (c.cursor !== undefined && c.cursor >= c.from && c.cursor <= c.to) {
    p.strokeStyle = CURSOR;
    p.lineWidth = 2;
    p.beginPath();
    p.moveTo(x(c.cursor), TOP);
    p.lineTo(x(c.cursor), bottom);
    p.stroke();
    p.lineWidth = 1;
  }
}

/** The row under a point of the plot (the last one at or before its time), for a readout. */
export function rowAt(c: Pick<ChartSpec, 'from' | 'to' | 'width' | 'rows'>, px: number) {
  const t =
    c.from + ((px - LAYOUT.gutter) / (c.width - LAYOUT.gutter - LAYOUT.pad)) * (c.to - c.from);
  let found: SeriesRow | undefined;
  for (const row of c.rows) {
    if (row.t > t) break;
    found = row;
  }
  return found;
}
