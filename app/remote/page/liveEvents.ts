import type { RemoteEvent } from '../remoteEvent';

/** What the page's log must do to match the events derived now. */
export interface LogChange {
  /** The log keeps its first `from` events… */
  from: number;
  /** …and these follow them (an append when `from` is the log's length). */
  events: RemoteEvent[];
}

/**
 * The page's event log for a remote broker, kept in step with derivations of the whole run.
 * Each derivation is pure and whole (deriveEvents), so it can change what came before: a
 * message that arrives on resume tells that the broker had stored it, back when it was
 * published. The log is told the least it must change: an append while the past holds, or a
 * rewrite from the first event that differs.
 */
export class LiveEvents {
  private shown: RemoteEvent[] = [];

  /** Events the log holds now. */
  get size(): number {
    return this.shown.length;
  }

  /** What the log would have to do to match a fresh derivation (nothing is kept). */
  diff(fresh: RemoteEvent[]): LogChange | undefined {
    const old = this.shown;
    const n = Math.min(old.length, fresh.length);
    let i = 0;
    while (i < n && sameEvent(old[i]!, fresh[i]!)) i++;
    if (i === old.length && i === fresh.length) return undefined;
    return { from: i, events: fresh.slice(i) };
  }

  /** Takes a fresh derivation; returns what the log must do, or undefined when nothing. */
  next(fresh: RemoteEvent[]): LogChange | undefined {
    const change = this.diff(fresh);
    if (change) this.shown = fresh;
    return change;
  }

  reset(): void {
    this.shown = [];
  }
}

/** Two derived events say the same: every field equal (bytes by content). */
export function sameEvent(a: object, b: object): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (x === y) continue;
    if (x instanceof Uint8Array && y instanceof Uint8Array) {
      if (!sameBytes(x, y)) return false;
      continue;
    }
    if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null) {
      if (!sameEvent(x, y)) return false;
      continue;
    }
    return false;
  }
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
