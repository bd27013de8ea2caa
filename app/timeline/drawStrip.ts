import type { Painter } from './draw';
import type { StepMark } from './drawSteps';
import type { TimelineModel } from './model';
import { LAYOUT, tickLabel, tickStep } from './view';

export interface StripOptions {
  width: number;
  height: number;
  /** The run's span shown, simulated ms. */
  from: number;
  to: number;
  now: number;
  /** The time-travel cursor, when travelling. */
  cursor: number | null;
  lanes: readonly string[];
  colour(id: string): string;
  steps?: readonly StepMark[];
}

/** Side margins of the strip, so the playhead at either end stays visible. */
export const STRIP_PAD = 10;

/** x of simulated time `t` on the strip. */
export const stripX = (o: Pick<StripOptions, 'width' | 'from' | 'to'>, t: number) =>
  STRIP_PAD + ((t - o.from) / Math.max(1, o.to - o.from)) * (o.width - 2 * STRIP_PAD);

/** Simulated time at x on the strip. */
export const stripTime = (o: Pick<StripOptions, 'width' | 'from' | 'to'>, x: number) =>
  o.from + ((x - STRIP_PAD) / Math.max(1, o.width - 2 * STRIP_PAD)) * (o.to - o.from);

/**
 * The stage's time strip: the whole run in one line, each client's connection and the time its
 * session was kept, the scenario's steps, and the playhead (now, or the moment travelled to).
 */
export function drawStrip(p: Painter, model: TimelineModel, o: StripOptions): void {
  const { width, height } = o;
  p.globalAlpha = 1;
  p.setLineDash([]);
  p.fillStyle = '#f3f5f8';
  p.fillRect(0, 0, width, height);
  const x = (t: number) => stripX(o, t);
  // Ticks along the top.
  const step = tickStep({ from: o.from, to: o.to }, width - 2 * STRIP_PAD + LAYOUT.gutter, 110);
  p.font = '10px system-ui, sans-serif';
  p.textBaseline = 'top';
  p.textAlign = 'left';
  for (let t = Math.ceil(o.from / step) * step; t <= o.to; t += step) {
    const tx = x(t);
    p.fillStyle = '#d5dbe1';
    p.fillRect(tx, 0, 1, height);
    p.fillStyle = '#57606a';
    p.fillText(tickLabel(t, step), tx + 3, 2);
  }
  // One thin lane per client: connected, and away with its session kept.
  const top = 15;
  const lanes = o.lanes.slice(0, 6);
  const laneH = Math.max(3, Math.min(6, (height - top - 4) / Math.max(1, lanes.length) - 1));
  lanes.forEach((id, i) => {
    const lane = model.lanes.get(id);
    if (!lane) return;
    const y = top + i * (laneH + 1);
    for (const span of lane.spans) {
      const a = x(Math.max(o.from, span.from));
      const b = x(Math.min(o.to, span.to ?? o.now));
      if (b < a) continue;
      p.fillStyle = span.kind === 'connected' ? o.colour(id) : '#e0a100';
      p.globalAlpha = span.kind === 'connected' ? 0.85 : 0.6;
      p.fillRect(a, y, Math.max(1, b - a), laneH);
    }
    p.globalAlpha = 1;
  });
  for (const s of o.steps ?? []) {
    const sx = x(s.at);
    p.fillStyle = s.current ? '#6f42c1' : '#a48bd6';
    p.fillRect(sx - 0.5, top - 2, s.current ? 2 : 1, height - top + 2);
  }
  // The playhead.
  const head = o.cursor ?? o.now;
  const hx = x(Math.min(o.to, Math.max(o.from, head)));
  p.fillStyle = o.cursor === null ? '#1f4e79' : '#bc4c00';
  p.fillRect(hx - 1, 0, 3, height);
  p.beginPath();
  p.moveTo(hx - 6, 0);
  p.lineTo(hx + 7, 0);
  p.lineTo(hx + 0.5, 8);
  p.closePath();
  p.fill();
}
