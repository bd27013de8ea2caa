import type { Clock, TimerHandle, TimerKind } from '../../clock';

/**
 * Wraps the clock given to a broker and counts the broker's live timers by kind, so that a
 * soak can tell the timers the live state justifies from timers that were never cancelled.
 */
export class CountingClock implements Clock {
  private readonly live = new Map<TimerHandle, TimerKind>();

  constructor(private readonly inner: Clock) {}

  now() {
    return this.inner.now();
  }

  setTimeout(fn: () => void, delayMs: number, kind: TimerKind = 'other'): TimerHandle {
    const handle = this.inner.setTimeout(
      () => {
        this.live.delete(handle);
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
