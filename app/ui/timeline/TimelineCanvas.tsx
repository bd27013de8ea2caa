import {
  useEffect,
  useLayoutEffect,
  useRef,
  type KeyboardEvent,
  type PointerEvent,
  type WheelEvent,
} from 'react';
import { BROKER_LANE, drawTimeline, type Hit } from '../../timeline/draw';
import type { StepMark } from '../../timeline/drawSteps';
import { pickHit } from '../../timeline/pick';
import type { Delivery, TimelineModel } from '../../timeline/model';
import { LAYOUT, pan, toTime, type TimeView } from '../../timeline/view';
import { watchInView } from '../inView';
import { laneColour } from './colours';

export interface TimelineCanvasProps {
  model: TimelineModel;
  /** Brings the model up to date with the log; returns its version (changes when it does). */
  sync(): number;
  view: TimeView;
  /** The window dragged to another time. */
  onView(view: TimeView): void;
  /** Zoom by `factor` (< 1 zooms in), around time `at` (the pointer's) when given. */
  onZoom(factor: number, at?: number): void;
  now: number;
  cursor: number | null;
  selected: number | null;
  onSelect(seq: number): void;
  onTravel(at: number): void;
  /** The canvas, for exporting a picture. */
  canvasRef?: React.RefObject<HTMLCanvasElement | null>;
  /** The scenario's steps run so far. */
  steps?: readonly StepMark[];
  /** The page is taking in a burst: the picture is redrawn at most every BUSY_DRAW_MS. */
  busy?: () => boolean;
}

/** How long (wall ms) a delivered message is animated from the broker to its subscriber. */
const ANIMATION_MS = 700;
/** While the page takes in a burst, the timeline is redrawn this often (20 times a second). */
const BUSY_DRAW_MS = 50;

/** Lanes in order: the broker, then clients in the order they first appeared. */
export function laneOrder(model: TimelineModel): string[] {
  return [BROKER_LANE, ...model.lanes.keys()];
}

/**
 * The timeline on a canvas, drawn from one animation-frame loop that redraws only when
 * something changed (new events, the view, the cursor, an animation in flight). React renders
 * the element once; the loop does the rest.
 */
export function TimelineCanvas(props: TimelineCanvasProps) {
  const own = useRef<HTMLCanvasElement | null>(null);
  const canvasRef = props.canvasRef ?? own;
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const hits = useRef<Hit[]>([]);
  const dirty = useRef(true);
  const drag = useRef<{ x: number; view: TimeView; moved: boolean } | null>(null);

  useEffect(() => {
    dirty.current = true;
  }, [props.view, props.cursor, props.selected, props.now, props.steps]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let frame = 0;
    let width = 0;
    const seenWall = new Map<Delivery, number>();
    let lastCount = 0;
    let drawnAt = Number.NEGATIVE_INFINITY;
    let version = -1;
    /** The model version the canvas was last sized for (NaN: its box changed since). */
    let sizedFor = NaN;
    const resize = new ResizeObserver(() => {
      sizedFor = NaN;
      dirty.current = true;
    });
    resize.observe(canvas.parentElement ?? canvas);
    const inView = watchInView(canvas, (seen) => {
      if (seen) dirty.current = true;
    });

    const loop = () => {
      frame = requestAnimationFrame(loop);
      const p = latest.current;
      const v = p.sync();
      if (v !== version) {
        version = v;
        dirty.current = true;
      }
      const wall = performance.now();
      // Messages sent or dropped since the last frame start their animation now.
      const settled = p.model.settled;
      if (settled.length < lastCount) {
        seenWall.clear();
        lastCount = 0;
      }
      for (let i = Math.max(lastCount, settled.length - 300); i < settled.length; i++) {
        seenWall.set(settled[i]!, wall);
      }
      lastCount = settled.length;
      const moving: { d: Delivery; progress: number }[] = [];
      for (const [d, t0] of seenWall) {
        const progress = (wall - t0) / ANIMATION_MS;
        if (progress >= 1) seenWall.delete(d);
        else moving.push({ d, progress });
      }
      if (!dirty.current && moving.length === 0) return;
      // Out of view only its size follows its lanes, once per change of the model or its box,
      // not at every frame while it waits to be drawn.
      if (!inView.seen && sizedFor === version) return;
      if (p.busy?.() && wall - drawnAt < BUSY_DRAW_MS) return;
      const lanes = laneOrder(p.model);
      const cssWidth = canvas.parentElement?.clientWidth ?? 800;
      const cssHeight = LAYOUT.axis + lanes.length * LAYOUT.lane + 4;
      const dpr = window.devicePixelRatio || 1;
      // Its size follows its lanes even out of view: the page below it must not jump when it
      // scrolls into view (a click aimed there would land elsewhere).
      if (cssWidth !== width || canvas.height !== Math.round(cssHeight * dpr)) {
        width = cssWidth;
        canvas.width = Math.round(cssWidth * dpr);
        canvas.height = Math.round(cssHeight * dpr);
        canvas.style.width = `${cssWidth}px`;
        canvas.style.height = `${cssHeight}px`;
      }
      sizedFor = version;
      // Scrolled out of view, it is not drawn; it draws when seen again.
      if (!inView.seen) return;
      drawnAt = wall;
      dirty.current = false;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      hits.current = drawTimeline(ctx, p.model, {
        width: cssWidth,
        height: cssHeight,
        view: p.view,
        lanes,
        colour: laneColour,
        now: p.now,
        cursor: p.cursor,
        selected: p.selected,
        moving: moving.slice(-300),
        ...(p.steps ? { steps: p.steps } : {}),
      });
    };
    frame = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      inView.disconnect();
    };
  }, [canvasRef]);

  const width = () => canvasRef.current?.clientWidth ?? 800;
  const localX = (e: { clientX: number }) =>
    e.clientX - (canvasRef.current?.getBoundingClientRect().left ?? 0);
  const localY = (e: { clientY: number }) =>
    e.clientY - (canvasRef.current?.getBoundingClientRect().top ?? 0);

  const onWheel = (e: WheelEvent<HTMLCanvasElement>) => {
    props.onZoom(Math.pow(1.2, e.deltaY / 100), toTime(props.view, width(), localX(e)));
  };
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    drag.current = { x: e.clientX, view: props.view, moved: false };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    if (Math.abs(dx) > 3) d.moved = true;
    if (!d.moved) return;
    const perPx = (d.view.to - d.view.from) / Math.max(1, width() - LAYOUT.gutter - LAYOUT.pad);
    props.onView(pan(d.view, -dx * perPx));
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved) return;
    const x = localX(e);
    const y = localY(e);
    // A mark or a message end under the pointer is inspected; anywhere else travels in time.
    const seq = pickHit(hits.current, x, y, props.selected);
    if (seq !== undefined) props.onSelect(seq);
    else if (x > LAYOUT.gutter) props.onTravel(toTime(props.view, width(), x));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const span = props.view.to - props.view.from;
    const centre = props.cursor ?? (props.view.from + props.view.to) / 2;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      props.onTravel(centre + ((e.key === 'ArrowLeft' ? -1 : 1) * span) / 40);
    } else if (e.key === '+' || e.key === '=') {
      props.onZoom(0.5);
    } else if (e.key === '-') {
      props.onZoom(2);
    }
  };

  return (
    <canvas
      ref={canvasRef}
      className="timeline-canvas"
      tabIndex={0}
      role="img"
      aria-label="Timeline of the run: one lane per client and one for the broker. Arrow keys move the time-travel cursor, + and − zoom."
      data-testid="timeline-canvas"
      onWheel={onWheel}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
