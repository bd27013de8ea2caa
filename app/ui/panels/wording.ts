import type { LimitName } from '../../broker';
import { formatClock, formatDuration } from '../../format/time';
import type { LimitHit } from '../../store/brokerView';
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
