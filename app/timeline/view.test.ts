import { describe, expect, it } from 'vitest';
import { fit, follow, MAX_SPAN, MIN_SPAN, tickLabel, tickStep, toTime, toX, zoom } from './view';

describe('timeline view', () => {
  const view = { from: 0, to: 10_000 };
  it('maps time to pixels and back', () => {
    for (const t of [0, 2500, 10_000])
      expect(toTime(view, 1000, toX(view, 1000, t))).toBeCloseTo(t);
  });

  it('zooms around a point and stays within 20 ms … 7 days', () => {
    const z = zoom(view, 0.5, 2000);
    expect(z.to - z.from).toBe(5000);
    expect((2000 - z.from) / (z.to - z.from)).toBeCloseTo(0.2);
    expect(zoom(view, 1e-9, 0).to - zoom(view, 1e-9, 0).from).toBe(MIN_SPAN);
    expect(zoom(view, 1e9, 0).to - zoom(view, 1e9, 0).from).toBe(MAX_SPAN);
  });

  it('follows now and fits a run', () => {
    const f = follow(view, 60_000);
    expect(f.to).toBeGreaterThan(60_000);
    expect(f.to - f.from).toBe(10_000);
    const all = fit(1000, 3_600_000);
    expect(all.from).toBeLessThan(1000);
    expect(all.to).toBeGreaterThan(3_600_000);
  });

  it('picks readable ticks from a 100 ms replay step to an hour', () => {
    expect(tickStep({ from: 0, to: 1000 }, 1096)).toBe(200);
    expect(tickStep({ from: 0, to: 1000 }, 2200)).toBe(100);
    expect(tickStep({ from: 0, to: 2 * 3_600_000 }, 1096)).toBe(900_000);
    expect(tickLabel(1_234, 100)).toBe('00:01.234');
    expect(tickLabel(3_723_000, 60_000)).toBe('1:02');
  });
});
