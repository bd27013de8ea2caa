import { type SimTime, simTime } from './time';

/** What kind of deadline a timer is, so a driver can jump to the next one that matters. */
export type TimerKind =
  'keepalive' | 'replay' | 'session-expiry' | 'message-expiry' | 'will-delay' | 'client' | 'other';

export type TimerHandle = number;

/**
 * The clock the broker is given. Nothing in the broker reads `Date.now()` or the global
 * timers: everything that takes time goes through this, so the same inputs give the same
 * events whether the clock is real, simulated or under test.
 */
export interface Clock {
  now(): SimTime;
  setTimeout(fn: () => void, delayMs: number, kind?: TimerKind): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  kind: TimerKind;
}

/**
 * A simulated clock: time moves only when `advanceTo` (or a driver) moves it, and timers
 * fire in (time, creation) order, which makes runs deterministic.
 */
export class VirtualClock implements Clock {
  private current = 0;
  private seq = 0;
  private readonly heap: Timer[] = [];
  private readonly live = new Map<number, Timer>();

  now(): SimTime {
    return simTime(this.current);
  }

  setTimeout(fn: () => void, delayMs: number, kind: TimerKind = 'other'): TimerHandle {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const timer: Timer = { at: this.current + delay, seq: ++this.seq, fn, kind };
    this.live.set(timer.seq, timer);
    this.push(timer);
    return timer.seq;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.live.delete(handle);
  }

  /** Number of timers still due to fire. */
  pending(): number {
    return this.live.size;
  }

  /** When the next live timer (of the given kinds, if any are named) is due. */
  nextTimerAt(kinds?: readonly TimerKind[]): SimTime | undefined {
    this.dropCancelledHead();
    if (!kinds) return this.heap[0] ? simTime(this.heap[0].at) : undefined;
    let best: number | undefined;
    for (const t of this.live.values()) {
      if (kinds.includes(t.kind) && (best === undefined || t.at < best)) best = t.at;
    }
    return best === undefined ? undefined : simTime(best);
  }

  /** The next live timer: when it is due and what kind it is. */
  peek(): { at: SimTime; kind: TimerKind } | undefined {
    this.dropCancelledHead();
    const head = this.heap[0];
    return head ? { at: simTime(head.at), kind: head.kind } : undefined;
  }

  /**
   * Moves time forward to `target`, firing every timer due on the way, in order. With
   * `stopAfter`, it stops right after firing a timer of one of those kinds (or one the function
   * says to stop after: time stays at that timer) and returns false, so that a host can let
   * another thread catch up first.
   */
  advanceTo(
    target: number,
    stopAfter?: readonly TimerKind[] | ((kind: TimerKind) => boolean),
  ): boolean {
    if (!(target >= this.current)) return true;
    for (;;) {
      this.dropCancelledHead();
      const head = this.heap[0];
      if (!head || head.at > target) break;
      this.pop();
      this.live.delete(head.seq);
      this.current = head.at;
      head.fn();
      if (typeof stopAfter === 'function' ? stopAfter(head.kind) : stopAfter?.includes(head.kind))
        return false;
    }
    this.current = target;
    return true;
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  /** Jumps to the next timer (of the given kinds) and fires it; false when there is none. */
  jumpToNext(kinds?: readonly TimerKind[]): boolean {
    const next = this.nextTimerAt(kinds);
    if (next === undefined) return false;
    this.advanceTo(next);
    return true;
  }

  private dropCancelledHead(): void {
    while (this.heap[0] && !this.live.has(this.heap[0].seq)) this.pop();
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
