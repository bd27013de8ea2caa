import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { formatClock } from '../../format/time';
import { drawStrip, stripTime } from '../../timeline/drawStrip';
import { stepMarks, useScenario } from '../scenario/ScenarioContext';
import { selectActions, useApp, useAppStore } from '../StoreContext';
import { watchInView } from '../inView';
import { laneColour } from '../timeline/colours';
import { useTimelineModel } from '../timeline/useTimelineModel';

/** The span the strip shows: the whole run, and a minute at least so a new run is not a blur. */
const span = (end: number) => ({ from: 0, to: Math.max(60_000, end * 1.02) });

/**
 * The stage's time strip: the whole run with a playhead at now. Click or drag it to see the
 * stage (and every panel) as it was then; "Back to live" returns. As a slider, the arrow keys
 * move the moment, Home goes to the start and End back to live.
 */
export function TimeStrip() {
  const store = useAppStore();
  const { model, sync } = useTimelineModel();
  const now = useApp((s) => s.clock.now);
  const travel = useApp((s) => s.travel);
  const { travelTo } = useApp(selectActions);
  const outcomes = useScenario((s) => s.outcomes);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const dragging = useRef(false);
  const latest = useRef({ now, travel, steps: stepMarks(outcomes) });
  useLayoutEffect(() => {
    latest.current = { now, travel, steps: stepMarks(outcomes) };
  });

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    let frame = 0;
    let drawn = '';
    // Scrolled out of view, it is not drawn; seen again, it draws.
    const inView = watchInView(c, (seen) => {
      if (seen) drawn = '';
    });
    const loop = () => {
      frame = requestAnimationFrame(loop);
      const version = sync();
      if (!inView.seen) return;
      const { now: n, travel: t, steps } = latest.current;
      const width = c.clientWidth;
      const height = c.clientHeight;
      // The strip changes slowly: redraw when the model, the time (by a pixel) or the size do.
      const { from, to } = span(Math.max(n, model.end));
      const px = Math.round(((t ?? n) / Math.max(1, to - from)) * width);
      const key = `${version}:${width}x${height}:${px}:${t}:${steps.length}:${Math.round(to)}`;
      if (key === drawn) return;
      drawn = key;
      const dpr = window.devicePixelRatio || 1;
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
      const ctx = c.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawStrip(ctx, model, {
        width,
        height,
        from,
        to,
        now: n,
        cursor: t,
        lanes: [...model.lanes.keys()],
        colour: laneColour,
        steps,
      });
    };
    frame = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(frame);
      inView.disconnect();
    };
  }, [model, sync]);

  const timeAt = (e: { clientX: number }) => {
    const c = canvas.current!;
    const r = c.getBoundingClientRect();
    const { from, to } = span(Math.max(store.getState().clock.now, model.end));
    return Math.max(0, stripTime({ width: r.width, from, to }, e.clientX - r.left));
  };
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    travelTo(timeAt(e));
  };
  // A drag moves the moment at most once a frame: each move folds the log up to it.
  const pending = useRef<number | null>(null);
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!dragging.current) return;
    const first = pending.current === null;
    pending.current = timeAt(e);
    if (first)
      requestAnimationFrame(() => {
        if (pending.current !== null) travelTo(pending.current);
        pending.current = null;
      });
  };
  const onPointerUp = () => {
    dragging.current = false;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const { from, to } = span(Math.max(now, model.end));
    const at = travel ?? now;
    const stepBy = (to - from) / (e.shiftKey ? 10 : 50);
    const go: Record<string, (() => void) | undefined> = {
      ArrowLeft: () => travelTo(at - stepBy),
      ArrowDown: () => travelTo(at - stepBy),
      ArrowRight: () => travelTo(at + stepBy >= now ? null : at + stepBy),
      ArrowUp: () => travelTo(at + stepBy >= now ? null : at + stepBy),
      Home: () => travelTo(0),
      End: () => travelTo(null),
      Escape: () => travelTo(null),
    };
    const action = go[e.key];
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    action();
  };

  const at = travel ?? now;
  return (
    <div className="time-strip">
      <canvas
        ref={canvas}
        className="time-strip-canvas"
        role="slider"
        tabIndex={0}
        aria-label="Moment shown"
        aria-valuemin={0}
        aria-valuemax={Math.round(now)}
        aria-valuenow={Math.round(at)}
        aria-valuetext={
          travel === null
            ? `now, ${formatClock(now)}`
            : `${formatClock(travel)}, travelling in time`
        }
        data-testid="time-strip"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
      />
      {travel === null ? (
        <span className="time-strip-now muted small">live</span>
      ) : (
        <button type="button" className="primary small-button" onClick={() => travelTo(null)}>
          Back to live
        </button>
      )}
    </div>
  );
}
