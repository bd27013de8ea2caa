/** The visible window of simulated time, and the mapping to pixels. */
export interface TimeView {
  from: number;
  to: number;
}

export const MIN_SPAN = 20;
export const MAX_SPAN = 7 * 24 * 3600 * 1000;

export const LAYOUT = {
  gutter: 96,
  axis: 26,
  lane: 38,
  pad: 8,
} as const;

export function toX(view: TimeView, width: number, t: number): number {
  const span = view.to - view.from;
  return LAYOUT.gutter + ((t - view.from) / span) * (width - LAYOUT.gutter - LAYOUT.pad);
}

export function toTime(view: TimeView, width: number, x: number): number {
  const span = view.to - view.from;
  return view.from + ((x - LAYOUT.gutter) / (width - LAYOUT.gutter - LAYOUT.pad)) * span;
}

/** Zooms by `factor` (< 1 zooms in) keeping time `at` under the same pixel. */
export function zoom(view: TimeView, factor: number, at: number): TimeView {
  const span = clampSpan((view.to - view.from) * factor);
  const ratio = (at - view.from) / (view.to - view.from);
  const from = at - ratio * span;
  return { from, to: from + span };
}

export function pan(view: TimeView, dt: number): TimeView {
  return { from: view.from + dt, to: view.to + dt };
}

const clampSpan = (span: number) => Math.min(MAX_SPAN, Math.max(MIN_SPAN, span));

/** A window ending at `now` with the same span (following live). */
export function follow(view: TimeView, now: number): TimeView {
  const span = view.to - view.from;
  // Until now fills the window, the run's start stays at the left edge.
  if (now < span * 0.94) return { from: -span * 0.02, to: span * 0.98 };
  const to = now + span * 0.04;
  return { from: to - span, to };
}

/** A window that fits [start, end] with a margin. */
export function fit(start: number, end: number): TimeView {
  const span = clampSpan(Math.max(end - start, 1000) * 1.08);
  const from = start - span * 0.03;
  return { from, to: from + span };
}

const STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000,
  300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000,
];

/** A tick step giving about `px` pixels between ticks. */
export function tickStep(view: TimeView, width: number, px = 110): number {
  const perPx = (view.to - view.from) / Math.max(1, width - LAYOUT.gutter);
  const want = perPx * px;
  return STEPS.find((s) => s >= want) ?? STEPS.at(-1)!;
}

/** A tick label suited to the step: ms when the step is under a second. */
export function tickLabel(t: number, step: number): string {
  const sign = t < 0 ? '−' : '';
  const ms = Math.abs(Math.round(t));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  if (step < 1000) return `${sign}${h ? `${h}:` : ''}${mm}:${ss}.${String(rest).padStart(3, '0')}`;
  if (step < 60_000) return `${sign}${h ? `${h}:` : ''}${mm}:${ss}`;
  return `${sign}${h}:${mm}`;
}
