import type { Clock, TimerHandle, TimerKind } from '../../broker/clock';

/** More broker timers than this firing at one simulated instant is a livelock. */
const LIVELOCK_FIRINGS = 100_000;

/**
 * Wraps the clock given to a broker and counts the broker's live timers by kind, so that a
 * soak can tell the timers the live state justifies from timers that were never cancelled.
 */
export class CountingClock implements Clock {
  private readonly live = new Map<TimerHandle, TimerKind>();
  private lastFiredAt = -1;
  private firedAtOnce = 0;

  constructor(private readonly inner: Clock) {}

  now() {
    return this.inner.now();
  }

  setTimeout(fn: () => void, delayMs: number, kind: TimerKind = 'other'): TimerHandle {
    const handle = this.inner.setTimeout(
      () => {
        this.live.delete(handle);
        this.watchForLivelock(kind);
        fn();
      },
      delayMs,
      kind,
    );
    this.live.set(handle, kind);
    return handle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.live.delete(handle);
    this.inner.clearTimeout(handle);
  }

  /** Timers that keep firing at one instant mean time can no longer move: fail, don't hang. */
  private watchForLivelock(kind: TimerKind): void {
    const now = this.inner.now();
    if (now !== this.lastFiredAt) {
      this.lastFiredAt = now;
      this.firedAtOnce = 0;
    } else if (++this.firedAtOnce > LIVELOCK_FIRINGS) {
      throw new Error(`livelock: broker timers (${kind}) fire at t=${now} ms without end`);
    }
  }

  /** Live broker timers by kind (kinds with none are left out). */
  byKind(): Partial<Record<TimerKind, number>> {
    const counts: Partial<Record<TimerKind, number>> = {};
    for (const kind of this.live.values()) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  }

  get size(): number {
    return this.live.size;
  }
}
