import type { Painter } from './draw';
import { LAYOUT, toX, type TimeView } from './view';

/** The step numbers (10 px, from y = 1) end above this line: the axis's times are below it. */
export const STEP_LABEL_BOTTOM = 12;

/** A scenario step on the timeline: when it ran, its number (from 1), and whether it is current. */
export interface StepMark {
  at: number;
  n: number;
  current: boolean;
}

/**
 * Scenario steps as thin lines across the lanes with their numbers in the axis band; steps at
 * the same instant share one line (`3–5`). The current step is drawn stronger.
 */
export function drawSteps(
  p: Painter,
  steps: readonly StepMark[],
  o: { width: number; height: number; view: TimeView },
): void {
  const groups = new Map<number, StepMark[]>();
  for (const s of steps) {
    if (s.at < o.view.from || s.at > o.view.to) continue;
    const g = groups.get(s.at);
    if (g) g.push(s);
    else groups.set(s.at, [s]);
  }
  p.font = '10px system-ui, sans-serif';
  p.textBaseline = 'top';
  p.textAlign = 'left';
  for (const [at, group] of groups) {
    const x = toX(o.view, o.width, at);
    if (x < LAYOUT.gutter) continue;
    const current = group.some((s) => s.current);
    p.globalAlpha = current ? 0.9 : 0.45;
    p.strokeStyle = '#6f42c1';
    p.lineWidth = current ? 2 : 1;
    p.setLineDash([4, 3]);
    p.beginPath();
    p.moveTo(x, 2);
    p.lineTo(x, o.height);
    p.stroke();
    p.setLineDash([]);
    const first = group[0]!.n;
    const last = group.at(-1)!.n;
    const label = first === last ? `${first}` : `${first}–${last}`;
    // In the axis band's upper half, above the times (drawAxis moves them down), on a small
    // plate that keeps the number readable over the tick lines.
    p.fillStyle = '#eef1f4';
    p.fillRect(x + 2, 0, 6 * label.length + 4, STEP_LABEL_BOTTOM);
    p.fillStyle = '#6f42c1';
    p.fillText(label, x + 4, 1);
  }
  p.globalAlpha = 1;
  p.lineWidth = 1;
}
