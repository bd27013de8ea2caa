/**
 * Simulated and wall-clock time are different things: the playground can run a 1-hour
 * session expiry in seconds of wall time. Branded types keep the two from being mixed up
 * (Perfetto's base/time.ts does the same).
 */
export type SimTime = number & { readonly __brand: 'SimTime' };
export type WallTime = number & { readonly __brand: 'WallTime' };

/** Milliseconds of simulated time since the broker's clock started. */
export const simTime = (ms: number): SimTime => ms as SimTime;
/** Milliseconds of wall-clock time from an arbitrary origin. */
export const wallTime = (ms: number): WallTime => ms as WallTime;

/** Adds a duration in milliseconds to a simulated instant. */
export const addMs = (t: SimTime, ms: number): SimTime => (t + ms) as SimTime;

/** A duration in seconds, or `never` for one that does not end. */
export type Seconds = number;
export const NEVER = Number.POSITIVE_INFINITY;
