import { drop, type BrokerContext } from './context';
import { isExpired } from './message';
import type { Session } from './session';

/**
 * [MQTT-3.3.2-5] a stored message whose Message Expiry Interval passes while its client is
 * away is dropped at that moment (so the timeline shows it), not when the client returns.
 * One timer per session, set for the earliest expiry in its store.
 */
export function armMessageExpiry(ctx: BrokerContext, s: Session): void {
  let earliest = Number.POSITIVE_INFINITY;
  for (const d of s.queue) {
    const at = d.message.expiresAt;
    if (at !== undefined && at < earliest) earliest = at;
  }
  if (earliest === s.messageExpiryAt) return;
  ctx.clock.clearTimeout(s.messageExpiryTimer);
  s.messageExpiryTimer = undefined;
  s.messageExpiryAt = undefined;
  if (!Number.isFinite(earliest)) return;
  s.messageExpiryAt = earliest;
  s.messageExpiryTimer = ctx.clock.setTimeout(
    () =>
      ctx.run(() => {
        s.messageExpiryTimer = undefined;
        s.messageExpiryAt = undefined;
        dropExpired(ctx, s);
        armMessageExpiry(ctx, s);
      }),
    earliest - ctx.clock.now(),
    'message-expiry',
  );
}

function dropExpired(ctx: BrokerContext, s: Session): void {
  const now = ctx.clock.now();
  const removed = s.queue.filter((d) => !isExpired(d.message, now));
  for (const d of removed) drop(ctx, d.message.id, 'expired', s.clientId);
}

/** Stops the session's message-expiry timer (the session is gone). */
export function disarmMessageExpiry(ctx: BrokerContext, s: Session): void {
  ctx.clock.clearTimeout(s.messageExpiryTimer);
  s.messageExpiryTimer = undefined;
  s.messageExpiryAt = undefined;
}
