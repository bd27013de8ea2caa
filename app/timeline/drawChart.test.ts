import { describe, expect, it } from 'vitest';
import { drawChart, rowAt, yScale, type ChartSpec } from './drawChart';
import type { SeriesRow } from './seriesTable';
import { NullPainter } from './testing/painter';

class Recorder extends NullPainter {
  readonly texts: string[] = [];
  strokes = 0;
  fills = 0;
  lineTos = 0;
  override lineTo(): void {
    this.lineTos++;
  }
  override stroke(): void {
    this.strokes++;
  }
  override fill(): void {
    this.fills++;
  }
  override fillText(text: string): void {
    this.texts.push(text);
  }
}

const rows = (n: number, columns: number): SeriesRow[] =>
  Array.from({ length: n }, (_, i) => {
    const row: SeriesRow = { t: i * 100, total: i };
    for (let c = 0; c < columns; c++) row[`s${c}`] = (i + c) % 7;
    return row;
  });

const spec = (over: Partial<ChartSpec> = {}): ChartSpec => ({
  width: 800,
  height: 110,
  from: 0,
  to: 60_000,
  ticks: [0, 10_000, 20_000],
  step: 10_000,
  columns: Array.from({ length: 3 }, (_, c) => ({ clientId: `c${c}`, key: `s${c}` })),
  others: 0,
  rows: rows(600, 3),
  kind: 'line',
  colour: () => '#123456',
  ...over,
});

describe('a chart drawn on a canvas', () => {
  it('one stroke per line, in as many steps as it has rows', () => {
    const p = new Recorder();
    drawChart(p, spec());
    // The grid, then the three lines.
    expect(p.strokes).toBe(1 + 3);
    expect(p.lineTos).toBeLessThanOrEqual(1 + 3 * 2 * 600 + 10);
    expect(p.texts).toContain('00:10');
  });

  it('areas fill under their lines; the total, the limit and the cursor are drawn', () => {
    const p = new Recorder();
    drawChart(p, spec({ kind: 'area', total: true, limit: 10, cursor: 5000 }));
    expect(p.fills).toBe(1 + 3);
    expect(p.texts).toContain('replay limit 10/s');
    // Grid, three lines, the limit and the cursor.
    expect(p.strokes).toBe(1 + 3 + 2);
  });

  it('the y scale goes to a round number at or above the highest value (or the limit)', () => {
    expect(yScale([{ t: 0, a: 7 }], ['a'])).toEqual({ top: 10, ticks: [0, 5, 10] });
    expect(yScale([{ t: 0, a: 130 }], ['a']).top).toBe(200);
    expect(yScale([{ t: 0, a: 0 }], ['a'])).toEqual({ top: 1, ticks: [0, 1] });
    expect(yScale([{ t: 0, a: 3 }], ['a'], 10).top).toBe(10);
  });

  it('reads out the row under the pointer', () => {
    const s = spec();
    // The plot runs from the gutter (96 px) to 8 px from the right edge: 696 px for 60 s.
    expect(rowAt(s, 96)?.t).toBe(0);
    expect(rowAt(s, 96 + 696 / 2)?.t).toBe(30_000);
    expect(rowAt(s, 10)).toBeUndefined();
  });
});
