import type { LimitName } from '../../broker';
import { formatClock, formatDuration } from '../../format/time';
import { storeUnknown, type LimitHit, type SessionView } from '../../store/brokerView';
import { LIMIT_LABEL } from '../../timeline/text';

/**
 * A session's expiry while its client is away, as two parts: the countdown ("in 1 h 17 min")
 * and when that is on the simulated clock, with the nominal expiry and the extra delay where
 * the profile adds one (AWS: up to 30 minutes), each said for what it is.
 */
export function expiryWording(
  expiresAt: { nominal: number; actual: number },
  now: number,
): { countdown: string; when: string } {
  const { nominal, actual } = expiresAt;
  const extra = actual - nominal;
  const at = `at ${formatClock(actual)} on the simulated clock`;
  return {
    countdown: `in ${formatDuration(actual - now)}`,
    when:
      extra > 0
        ? `${at}: the nominal expiry, ${formatClock(nominal)}, plus an extra delay of ${formatDuration(extra)}`
        : at,
  };
}

/** Limits counted in bytes; the others count things (messages, subscriptions). */
const BYTES: ReadonlySet<LimitName> = new Set([
  'packet-size',
  'client-packet-size',
  'topic-length',
]);

/**
 * A limit reached, in words that cannot be read as a sum: "a 6th where the limit is 5", "a
 * packet of 300 bytes where the limit is 200 bytes".
 */
export function limitHitWording(name: LimitName, hit: Pick<LimitHit, 'value' | 'max'>): string {
  const what = BYTES.has(name)
    ? `${hit.value} bytes where the limit is ${hit.max} bytes`
    : `a ${ordinal(hit.value)} where the limit is ${hit.max}`;
  return `${LIMIT_LABEL[name]}: ${what}`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st… */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** What a session card says of the session's store (see `storedWording`). */
export interface StoredWording {
  /** The count after "Stored"; none when the broker's store is not known. */
  count?: number;
  /** What the count is made of, or why there is none. */
  detail: string;
  /** Seen by the client: messages it had received and not acknowledged when it left. */
  unacknowledged?: string;
}

/**
 * The store of a session as its card says it. A remote broker does not say what it holds for a
 * client that is away: that is unknown until the client comes back and what arrives tells (its
 * inferred `message.stored` events exist only then, so a store seen while away is a time travel
 * after the return). What the client left unacknowledged (hold acks) it saw itself: a line of
 * its own, not a store.
 */
export function storedWording(
  s: Pick<SessionView, 'status' | 'waiting' | 'inFlight'>,
  remote: boolean,
): StoredWording {
  const parts = ` · waiting ${s.waiting}, in flight ${s.inFlight}`;
  const count = s.waiting + s.inFlight;
  if (!remote) return { count, detail: parts };
  if (!storeUnknown(s, remote)) {
    const why =
      s.status === 'away'
        ? 'inferred: they arrived when the client came back'
        : 'in flight: sent and not yet acknowledged, as the client saw';
    return { count, detail: `${parts} (${why})` };
  }
  return {
    detail:
      'unknown while the client is away: the broker does not say; what arrives on resume will tell',
    ...(s.inFlight > 0
      ? { unacknowledged: `${s.inFlight} unacknowledged when it left (observed)` }
      : {}),
  };
}
