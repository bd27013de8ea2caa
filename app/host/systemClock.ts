import { simTime, type Clock, type SimTime } from '../broker';
import type { TimerHandle } from '../broker/clock';

/** Node's timers overflow past 2^31 − 1 ms (about 24.8 days) and would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** A real-time clock that can also cancel every timer it still holds. */
export interface SystemClock extends Clock {
  /** Timers armed and not yet fired or cleared. */
  pending(): number;
  /** Cancels every pending timer: the host is shutting down. */
  dispose(): void;
}

/**
 * The broker's clock in real time: `now` is milliseconds since the clock was made
 * (the global performance.now, which never jumps with the wall clock), read once per turn of
 * the event loop, and timers are Node's.
 * A timer never fires before its time as `now` sees it (Node may wake a fraction of a
 * millisecond early; the remainder is waited again), so a session expiry is never shorter than
 * asked and a replay slot never opens early. Delays longer than Node allows are chained.
 */
export function createSystemClock(): SystemClock {
  const origin = performance.now();
  const timers = new Map<TimerHandle, NodeJS.Timeout>();
  let ids = 0;
  const elapsed = () => performance.now() - origin;
  // The time read once in a turn of the event loop is the time of that whole turn, as on the
  // virtual clock: the broker reads it for every event, and a read costs about 50 ns.
  let turnTime: number | undefined;
  const endTurn = () => {
    turnTime = undefined;
  };
  const now = (): number => {
    if (turnTime === undefined) {
      turnTime = elapsed();
      process.nextTick(endTurn);
    }
    return turnTime;
  };

  function arm(id: TimerHandle, fn: () => void, dueAt: number): void {
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(dueAt - elapsed())));
    timers.set(
      id,
      setTimeout(() => {
        if (!timers.has(id)) return;
        const at = elapsed();
        if (at < dueAt) {
          arm(id, fn, dueAt);
          return;
        }
        timers.delete(id);
        // The callback sees a time at or after its due time.
        if (turnTime === undefined) process.nextTick(endTurn);
        turnTime = at;
        fn();
      }, wait),
    );
  }

  return {
    now: (): SimTime => simTime(now()),
    setTimeout(fn, delayMs) {
      const id = ++ids;
      const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
      // From the turn's time: a deadline computed by the broker from now() is met, never early.
      arm(id, fn, now() + delay);
      return id;
    },
    clearTimeout(handle) {
      if (handle === undefined) return;
      const timer = timers.get(handle);
      if (timer === undefined) return;
      clearTimeout(timer);
      timers.delete(handle);
    },
    pending: () => timers.size,
    dispose() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
