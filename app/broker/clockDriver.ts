import type { TimerKind, VirtualClock } from './clock';
import type { WallTime } from './time';

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 3600;
/**
 * The most wall time (ms) made up after one hold or stop: the milliseconds a round trip to the
 * page takes, and the stalls of a busy page (a few hundred ms on a loaded machine), are made up
 * in full, so 1× stays 1× of wall time while messages flow; a page that stalled for longer
 * (hidden, say) lets simulated time slip rather than leap.
 */
export const MAX_CATCH_UP_MS = 1000;

/** The timers worth jumping to: keep-alive pings and checks are not what a person waits for. */
export const SESSION_TIMERS: readonly TimerKind[] = [
  'replay',
  'session-expiry',
  'message-expiry',
  'will-delay',
];

export interface ClockDriverOptions {
  /**
   * Timer kinds after which the driver stops and waits for `resume()`: a host whose clients
   * run elsewhere (the page, while the broker runs in a worker) lets them act at that instant
   * before time goes on, so a healthy client's ping is never late at any speed.
   */
  stopAfter?: readonly TimerKind[];
  /**
   * Start paused. (Pausing a running driver first moves it by the wall time since it was made:
   * a fraction of a millisecond that made a scenario's replay differ from one page to another.)
   */
  paused?: boolean;
}

/**
 * Runs a VirtualClock against wall time: real speed, faster (up to 3600×), paused, or a jump
 * to the next timed event. The host calls `tick()` from its own loop (a worker interval, an
 * animation frame); the driver never schedules anything itself.
 */
export class ClockDriver {
  private speedFactor = 1;
  private paused = false;
  private blocked = false;
  private held = false;
  private lastWall: number;
  private target: number;
  private readonly stopAfter: readonly TimerKind[] | undefined;
  /** Where a paced run stops and pauses (see `playUntil`). */
  private limit: number | undefined;
  /** A paced run skips stretches with nothing due for longer than this, in wall ms. */
  private quiet: number | undefined;
  /** The event a run waits for has come: it stops there (see `playUntil`, `runTo`). */
  private until: (() => boolean) | undefined;
  /**
   * A run of `runTo` or `playUntil` (a scenario step) is under way: time stops after every
   * timer that sent the clients bytes, until they have them, so that they answer at that
   * instant and the step's events are the same at any pace. (Free play stops only between
   * ticks: at 3600× a tick holds many replay steps, and the clients answer them together.)
   */
  private stepping = false;
  /** Wall time spent held or blocked while playing, to be made up when time goes on. */
  private owed = 0;
  /**
   * Simulated time made up is being run: it too stops after every timer that sent the clients
   * bytes, so that a stall of the page is not followed by a burst of what it missed (a replay's
   * steps, 100 ms apart, arriving at once).
   */
  private catchingUp = false;

  constructor(
    private readonly clock: VirtualClock,
    private readonly wallNow: () => WallTime,
    options: ClockDriverOptions = {},
  ) {
    this.lastWall = wallNow();
    this.target = clock.now();
    this.stopAfter = options.stopAfter;
    this.paused = options.paused ?? false;
  }

  get speed(): number {
    return this.speedFactor;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Waiting for `resume()` after a stop-after timer fired, or held by the host. */
  get isBlocked(): boolean {
    return this.blocked || this.held;
  }

  /**
   * Holds time still while the host's clients have not caught up (bytes on their way to
   * them); wall time passes, simulated time does not. Releasing goes on to the target.
   */
  hold(held: boolean): void {
    if (this.held === held) return;
    this.held = held;
    if (!held && !this.blocked) this.goOn();
  }

  /** Sets the speed; returns an error message for a value outside [0.1, 3600]. */
  setSpeed(speed: number): string | undefined {
    if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
      return `speed must be between ${MIN_SPEED} and ${MAX_SPEED}, got ${String(speed)}`;
    }
    this.tick();
    this.speedFactor = speed;
    return undefined;
  }

  pause(): void {
    this.tick();
    this.paused = true;
    this.limit = undefined;
    this.quiet = undefined;
    this.endRun();
    this.owed = 0;
    this.catchingUp = false;
    this.target = this.clock.now();
  }

  play(): void {
    if (!this.paused) return;
    this.lastWall = this.wallNow();
    this.owed = 0;
    this.paused = false;
  }

  /** Advances simulated time by the wall time elapsed since the last tick, times the speed. */
  tick(): void {
    const wall = this.wallNow();
    const elapsed = Math.max(0, wall - this.lastWall);
    this.lastWall = wall;
    // While blocked, simulated time waits for the clients to catch up; the wall time it waited
    // is made up afterwards (up to MAX_CATCH_UP_MS), so the clock keeps to its speed.
    if (this.blocked || this.held) {
      if (!this.paused) this.owed += elapsed;
      return;
    }
    if (!this.paused) {
      const made = Math.min(this.owed, MAX_CATCH_UP_MS);
      this.owed = 0;
      if (made > 0) this.catchingUp = true;
      const run = elapsed + made;
      if (run > 0) this.target = Math.max(this.target, this.clock.now()) + run * this.speedFactor;
      if (this.limit !== undefined && this.quiet !== undefined) {
        // Nothing due for a while (at this speed): go straight to the next thing that is.
        const due = Math.min(this.clock.nextTimerAt() ?? Infinity, this.limit);
        if (due - this.target > this.quiet * this.speedFactor) this.target = due;
      }
    }
    // A paced run goes no further than its limit (and pauses there: see `advance`).
    if (this.limit !== undefined && this.target > this.limit) this.target = this.limit;
    this.advance();
  }

  /** The clients caught up: time goes on towards where it was headed. */
  resume(): void {
    if (!this.blocked) return;
    this.blocked = false;
    if (!this.held) this.goOn();
  }

  /**
   * Jumps straight to the next session timer (replay step, expiry, will delay), or to `also`
   * (a deadline the host knows of) if that comes first and is ahead; false if there is none.
   */
  jumpToNext(kinds: readonly TimerKind[] = SESSION_TIMERS, also?: number): boolean {
    if (!this.isBlocked) this.tick();
    const timer = this.clock.nextTimerAt(kinds);
    const extra = also !== undefined && also > this.clock.now() ? also : undefined;
    const next = timer === undefined ? extra : extra === undefined ? timer : Math.min(timer, extra);
    if (next === undefined) return false;
    // A paced step goes no further than its limit, a jump included.
    this.target = Math.max(
      this.target,
      this.limit === undefined ? next : Math.min(next, this.limit),
    );
    if (!this.isBlocked) this.advance();
    return true;
  }

  /**
   * Heads for `target` at once, whatever the speed (stopping after client timers as usual);
   * with `until`, it stops as soon as that says the awaited event has come (checked after each
   * timer, and before time moves on from an instant). Returns where it is headed.
   */
  runTo(target: number, until?: () => boolean): number {
    this.until = until;
    this.stepping = true;
    this.target = Math.max(this.target, target);
    if (!this.isBlocked) this.advance();
    return this.target;
  }

  /**
   * Plays at the current speed up to `target` and pauses exactly there: a scenario's step
   * shown at the pace of the clock. With `until`, it pauses earlier, at the awaited event, as
   * `runTo` stops; until then it plays on through every timer, never pausing on the way. With
   * `quietMs`, a stretch in which no timer is due for longer than that much wall time (at the
   * current speed) is skipped, so an hour's wait for an expiry does not take an hour while a
   * replay still plays at 10 per second. The events are the same either way.
   */
  playUntil(target: number, until?: () => boolean, quietMs?: number): number {
    if (target <= this.clock.now()) {
      // Already there (the clock played on while the step was asked for): the step ends here,
      // paused, as it would on arrival; a runner waiting for the pause must not wait forever.
      this.pause();
      return this.clock.now();
    }
    this.limit = target;
    this.quiet = quietMs;
    this.until = until;
    this.stepping = true;
    this.play();
    return target;
  }

  /** After a hold or a stop: the wall time it took is owed, then time goes on. */
  private goOn(): void {
    const wall = this.wallNow();
    if (!this.paused) this.owed += Math.max(0, wall - this.lastWall);
    this.lastWall = wall;
    this.tick();
  }

  private advance(): void {
    if (this.until?.()) return this.arrive();
    let stoppedBy: TimerKind | undefined;
    const stop = (kind: TimerKind): boolean => {
      if (this.stopAfter?.includes(kind)) stoppedBy = kind;
      const exact = this.stepping || this.catchingUp;
      return stoppedBy !== undefined || (exact && this.held) || !!this.until?.();
    };
    if (this.clock.advanceTo(this.target, stop)) {
      this.catchingUp = false;
      // A paced run ends exactly at its limit, paused there; one that is not paced is over
      // once it reaches its target.
      if (this.limit !== undefined && this.clock.now() >= this.limit) this.arrive();
      else if (this.limit === undefined && this.clock.now() >= this.target) this.endRun();
      return;
    }
    if (stoppedBy !== undefined) this.blocked = true;
    if (this.until?.()) this.arrive();
  }

  /** The awaited event came: time stops at this instant (paused, when the run was paced). */
  private arrive(): void {
    this.endRun();
    this.target = this.clock.now();
    if (this.limit !== undefined) {
      this.limit = undefined;
      this.quiet = undefined;
      this.paused = true;
    }
  }

  private endRun(): void {
    this.until = undefined;
    this.stepping = false;
  }
}
