import { describe, expect, it } from 'vitest';
import { BROKER_LANE, drawTimeline } from './draw';
import { TimelineModel } from './model';
import { SvgPainter } from './svgPainter';

/** Every text the timeline draws, with the band it takes up (font size and baseline). */
class TextPainter extends SvgPainter {
  readonly texts: { text: string; x: number; top: number; bottom: number }[] = [];
  override fillText(text: string, x: number, y: number): void {
    const size = Number(/(\d+)px/.exec(this.font)?.[1] ?? 12);
    const top =
      this.textBaseline === 'top'
        ? y
        : this.textBaseline === 'middle'
          ? y - size / 2
          : y - size * 0.8; // alphabetic: the ascent above the baseline
    this.texts.push({ text, x, top, bottom: top + size });
    super.fillText(text, x, y);
  }
}

describe('scenario steps on the timeline', () => {
  it("the steps' numbers do not overlap the axis's time labels", () => {
    const p = new TextPainter(900, 120);
    drawTimeline(p, new TimelineModel(), {
      width: 900,
      height: 120,
      view: { from: -1_000, to: 59_000 },
      lanes: [BROKER_LANE],
      colour: () => '#000',
      now: 30_000,
      cursor: null,
      selected: null,
      // Steps on the tick marks (0:10, 0:20…), where the two would meet.
      steps: [10_000, 20_000, 30_000].map((at, i) => ({ at, n: i + 1, current: i === 2 })),
    });
    const ticks = p.texts.filter((t) => /^\d\d:\d\d/.test(t.text));
    const steps = p.texts.filter((t) => /^\d+$/.test(t.text));
    expect(ticks.length).toBeGreaterThan(3);
    expect(steps.map((s) => s.text)).toEqual(['1', '2', '3']);
    const lowestStep = Math.max(...steps.map((s) => s.bottom));
    const highestTick = Math.min(...ticks.map((t) => t.top));
    expect(lowestStep).toBeLessThanOrEqual(highestTick);
  });
});
