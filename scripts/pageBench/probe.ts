/**
 * What the bench puts in the page before its scripts run (plain JavaScript, so that nothing
 * the Node side's compiler adds reaches the page): it notes when the page became usable, every
 * long task, and, between a click on a named button and a condition on the page's text, every
 * animation frame.
 */
export const PROBE = String.raw`
(() => {
  const bench = {
    usable: null,
    longTasks: [],
    run: null,
  };
  window.__bench = bench;
  // The stage (StageCanvas) notes here when it draws: its frames, beside the page's.
  window.__stageDraws = [];

  // Usable: the Add client button is there and enabled, and the page is free to handle a click
  // (a task queued then has run).
  const addButton = 'form[aria-label="Add a client"] button[type="submit"]';
  const seen = () => {
    const b = document.querySelector(addButton);
    if (!b || b.disabled) return false;
    observer.disconnect();
    const seenAt = performance.now();
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (bench.usable = { seenAt, freeAt: performance.now() });
    channel.port2.postMessage(0);
    return true;
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { subtree: true, childList: true, attributes: true });

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}

  // A run: armed with the button's text and a check; starts at that button's click, ends on
  // the first frame where the check holds. Frames are recorded in between.
  bench.arm = (buttonText, check) => {
    bench.run = { buttonText, check, t0: null, t1: null, frames: [], clicks: 0 };
  };
  document.addEventListener(
    'click',
    (e) => {
      const run = bench.run;
      const button = e.target instanceof Element ? e.target.closest('button') : null;
      if (!run || !button || button.textContent.trim() !== run.buttonText) return;
      run.clicks++;
      if (run.t0 === null) run.t0 = performance.now();
    },
    true,
  );
  const counts = (selector) =>
    Number((document.querySelector(selector)?.textContent ?? '').replace(/[^0-9]/g, '') || 0);
  bench.counts = counts;
  const frame = (t) => {
    const run = bench.run;
    if (run && run.t0 !== null && run.t1 === null) {
      run.frames.push(t);
      const [selector, atLeast] = run.check;
      if (counts(selector) >= atLeast) run.t1 = performance.now();
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
`;

/** One run's figures, as the page measured them. */
export interface RunFigures {
  wallMs: number;
  frames: number;
  /**
   * Frames over 20 ms (the goal's p95): finer than the p95, which moves in whole frames of the
   * display (17, 33, 50 ms) and says only which side of 5% the long ones fall.
   */
  late: number;
  p50: number;
  p95: number;
  max: number;
  longestTask: number;
  /** The stage's frames (its draws) in the run: how many, interval p95 and max (NaN: none). */
  stage?: { frames: number; p95: number; max: number };
}

/** Reads the armed run back once it ended (frame intervals and long tasks within it). */
export const READ_RUN = String.raw`
(() => {
  const b = window.__bench;
  const run = b.run;
  const frames = run.frames;
  const gaps = [];
  // The first interval starts at the click.
  let last = run.t0;
  for (const t of frames) { gaps.push(t - last); last = t; }
  gaps.sort((x, y) => x - y);
  const q = (p) => (gaps.length ? gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] : 0);
  let longestTask = 0;
  for (const t of b.longTasks)
    if (t.start + t.duration >= run.t0 && t.start <= run.t1) longestTask = Math.max(longestTask, t.duration);
  // The stage's frames within the run: intervals between its draws, the first from the click.
  const draws = window.__stageDraws.filter((t) => t >= run.t0 && t <= run.t1);
  const stageGaps = [];
  last = run.t0;
  for (const t of draws) { stageGaps.push(t - last); last = t; }
  stageGaps.sort((x, y) => x - y);
  const sq = (p) =>
    stageGaps.length ? stageGaps[Math.min(stageGaps.length - 1, Math.floor(p * stageGaps.length))] : NaN;
  return {
    wallMs: run.t1 - run.t0,
    frames: frames.length,
    late: gaps.filter((g) => g > 20).length,
    p50: q(0.5),
    p95: q(0.95),
    max: gaps.length ? gaps[gaps.length - 1] : 0,
    longestTask,
    stage: { frames: draws.length, p95: sq(0.95), max: stageGaps.length ? stageGaps[stageGaps.length - 1] : NaN },
  };
})()
`;
