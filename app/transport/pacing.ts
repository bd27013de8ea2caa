/**
 * How the page spreads its work over frames: what the worker sends, and a burst a client
 * publishes "at once", are taken in slices that leave every frame room to render.
 */
export interface Pacing {
  /** Work begins after none: if no frame started lately, it has a budget of its own from now. */
  start(): void;
  /** Whether the work running now may go on in this frame. */
  hasTime(): boolean;
  /** Runs `fn` in a task of its own: at once if the frame has room, after the next frame if not. */
  later(fn: () => void): void;
  /** Runs `fn` once the task running now and its microtasks are done. */
  soon(fn: () => void): void;
  /**
   * Whether each client's data gets a task of its own: mqtt.js finishes a chunk in microtasks
   * after the call that hands it over, so its time is measured only at a task boundary.
   */
  readonly stepwise: boolean;
}

/** No pacing: everything at once, in the calling task (Node: the tests and the scenario command). */
export const IMMEDIATE: Pacing = {
  start: () => {},
  hasTime: () => true,
  later: (fn) => fn(),
  soon: (fn) => fn(),
  stepwise: false,
};

/** Milliseconds of a frame (from its animation-frame callback) the page's work may take. */
export const FRAME_BUDGET_MS = 11;
/**
 * The work gets at least this much of every frame, however long the frame took to draw: a page
 * slow to draw goes on taking in what the broker sends, if at fewer frames a second.
 */
const MIN_SLICE_MS = 2;
/** The longest wait for a frame before going on without one (a stalled or hidden page). */
const FRAME_WAIT_MS = 50;
/**
 * No frame for this long: the page is not drawing (it was idle), so work that comes now has a
 * budget of its own from now instead of one counted from a frame long gone.
 */
const FRAMES_STOPPED_MS = 34;

/** What frame pacing needs of the browser (a test passes its own). */
export interface FrameHost {
  now(): number;
  /** `fn` gets the frame's start time (on the `now` clock), as requestAnimationFrame gives it. */
  requestFrame(fn: (frameStart: number) => void): void;
  /** Runs `fn` in a task of its own, after the tasks already queued. */
  postTask(fn: () => void): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

function browserHost(): FrameHost {
  const tasks: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => tasks.shift()?.();
  return {
    now: () => performance.now(),
    requestFrame: (fn) => requestAnimationFrame(fn),
    postTask(fn) {
      tasks.push(fn);
      channel.port2.postMessage(null);
    },
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/**
 * Pacing by animation frames: work runs in tasks (a MessageChannel, so no timer clamping) until
 * FRAME_BUDGET_MS after the last frame started, then waits for the next frame. A page with
 * nothing to do starts a fresh budget when work comes, so a lone message is never held back.
 *
 * While there is work about, a frame watcher notes every frame, not only those the work waited
 * for: a batch from the worker that comes late in a frame then gets what is left of that
 * frame's budget, never a fresh one that runs past the next frame.
 */
export function framePacing(budgetMs = FRAME_BUDGET_MS, host: FrameHost = browserHost()): Pacing {
  const task = host.postTask;
  let frameAt = -Infinity;
  /** When work started after the page had none, if after the last frame. */
  let startedAt = -Infinity;
  /** When the first task after the last frame ran (NaN until it has). */
  let sliceAt = NaN;
  let waiting: (() => void)[] = [];
  let fallback: unknown;
  /** Work ran since the last frame: the watcher goes on to the next one. */
  let busy = false;
  let watching = false;
  const watch = () => {
    if (watching) return;
    watching = true;
    host.requestFrame((frameStart) => {
      watching = false;
      frame(frameStart);
    });
  };
  /**
   * A frame began at `frameStart`: the budget counts from there, not from when this callback
   * runs, after the canvases' callbacks that came before it have drawn.
   */
  const frame = (frameStart: number) => {
    frameAt = frameStart;
    sliceAt = NaN;
    if (fallback !== undefined) host.clearTimer(fallback);
    fallback = undefined;
    const run = waiting;
    waiting = [];
    if (busy || run.length > 0) watch();
    busy = false;
    // After the frame is drawn: a task queued from the frame's callback runs once it is.
    for (const fn of run) task(fn);
  };
  const hasTime = () => {
    busy = true;
    const now = host.now();
    if (Number.isNaN(sliceAt)) sliceAt = now;
    return now - Math.max(frameAt, startedAt) < budgetMs || now - sliceAt < MIN_SLICE_MS;
  };
  return {
    start() {
      const now = host.now();
      if (now - Math.max(frameAt, startedAt) > FRAMES_STOPPED_MS) startedAt = now;
      busy = true;
      watch();
    },
    hasTime,
    later(fn) {
      if (hasTime()) return task(fn);
      waiting.push(fn);
      if (waiting.length > 1) return;
      watch();
      fallback = host.setTimer(() => {
        // No frame came (a hidden page gets none): go on with a budget of its own.
        fallback = undefined;
        startedAt = host.now();
        frame(startedAt);
      }, FRAME_WAIT_MS);
    },
    soon: task,
    stepwise: true,
  };
}
