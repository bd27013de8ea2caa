import type { TimerKind, VirtualClock } from './clock';
import type { WallTime } from './time';

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 3600;

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
    if (!held && !this.blocked) {
      this.lastWall = this.wallNow();
      this.advance();
    }
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
    this.target = this.clock.now();
  }

  play(): void {
    if (!this.paused) return;
    this.lastWall = this.wallNow();
    this.paused = false;
  }

  /** Advances simulated time by the wall time elapsed since the last tick, times the speed. */
  tick(): void {
    const wall = this.wallNow();
    const elapsed = Math.max(0, wall - this.lastWall);
    this.lastWall = wall;
    // While blocked, wall time passes without simulated time: the clients are catching up.
    if (this.blocked || this.held) return;
    if (!this.paused && elapsed > 0)
      this.target = Math.max(this.target, this.clock.now()) + elapsed * this.speedFactor;
    if (!this.paused && this.limit !== undefined && this.quiet !== undefined) {
      // Nothing due for a while (at this speed): go straight to the next thing that is.
      const due = Math.min(this.clock.nextTimerAt() ?? Infinity, this.limit);
      if (due - this.target > this.quiet * this.speedFactor) this.target = due;
    }
    if (this.limit !== undefined && this.target >= this.limit) {
      // A paced run ends exactly at its limit, paused there.
      this.target = this.limit;
      this.limit = undefined;
      this.quiet = undefined;
      this.paused = true;
    }
    this.advance();
  }

  /** The clients caught up: time goes on towards where it was headed. */
  resume(): void {
    if (!this.blocked) return;
    this.blocked = false;
    this.lastWall = this.wallNow();
    if (!this.held) this.advance();
  }

  /** Jumps straight to the next session timer (replay step, expiry, will delay); false if none. */
  jumpToNext(kinds: readonly TimerKind[] = SESSION_TIMERS): boolean {
    if (!this.isBlocked) this.tick();
    const next = this.clock.nextTimerAt(kinds);
    if (next === undefined) return false;
    this.target = Math.max(this.target, next);
    if (!this.isBlocked) this.advance();
    return true;
  }

  /**
   * Heads for `target` at once, whatever the speed (stopping after client timers as usual);
   * with `kinds`, no further than the next of those timers. Returns where it is headed.
   */
  runTo(target: number, kinds?: readonly TimerKind[]): number {
    const next = kinds ? this.clock.nextTimerAt(kinds) : undefined;
    const to = next !== undefined && next < target ? next : target;
    this.target = Math.max(this.target, to);
    if (!this.isBlocked) this.advance();
    return this.target;
  }

  /**
   * Plays at the current speed up to `target` (with `kinds`, no further than the next of those
   * timers) and pauses exactly there: a scenario's step shown at the pace of the clock. With
   * `quietMs`, a stretch in which no timer is due for longer than that much wall time (at the
   * current speed) is skipped, so an hour's wait for an expiry does not take an hour while a
   * replay still plays at 10 per second. The events are the same either way.
   */
  playUntil(target: number, kinds?: readonly TimerKind[], quietMs?: number): number {
    const next = kinds ? this.clock.nextTimerAt(kinds) : undefined;
    const to = next !== undefined && next < target ? next : target;
    if (to <= this.clock.now()) return this.clock.now();
    this.limit = to;
    if (quietMs === undefined) this.quiet = undefined;
    else this.quiet = quietMs;
    this.play();
    return to;
  }

  private advance(): void {
    if (!this.clock.advanceTo(this.target, this.stopAfter)) this.blocked = true;
  }
}
