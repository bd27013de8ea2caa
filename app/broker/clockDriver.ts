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

/**
 * Runs a VirtualClock against wall time: real speed, faster (up to 3600×), paused, or a jump
 * to the next timed event. The host calls `tick()` from its own loop (a worker interval, an
 * animation frame); the driver never schedules anything itself.
 */
export class ClockDriver {
  private speedFactor = 1;
  private paused = false;
  private lastWall: number;

  constructor(
    private readonly clock: VirtualClock,
    private readonly wallNow: () => WallTime,
  ) {
    this.lastWall = wallNow();
  }

  get speed(): number {
    return this.speedFactor;
  }

  get isPaused(): boolean {
    return this.paused;
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
  }

  play(): void {
    this.lastWall = this.wallNow();
    this.paused = false;
  }

  /** Advances simulated time by the wall time elapsed since the last tick, times the speed. */
  tick(): void {
    const wall = this.wallNow();
    const elapsed = Math.max(0, wall - this.lastWall);
    this.lastWall = wall;
    if (!this.paused && elapsed > 0) this.clock.advance(elapsed * this.speedFactor);
  }

  /** Jumps straight to the next session timer (replay step, expiry, will delay); false if none. */
  jumpToNext(kinds: readonly TimerKind[] = SESSION_TIMERS): boolean {
    this.tick();
    return this.clock.jumpToNext(kinds);
  }
}
