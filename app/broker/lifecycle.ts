import type { Connection } from './connection';
import { drop, type BrokerContext } from './context';
import { stopReplay } from './replay';
import type { CloseReason, SessionDiscardReason } from './events';
import { disarmMessageExpiry } from './messageExpiry';
import type { Session } from './session';
import { addMs } from './time';
import { cancelPendingWill, flushPendingWill, releaseWill } from './will';

/**
 * What happens to a session when its connection ends, in named steps: detach, Will, then
 * either discard (nothing to keep) or keep the session and start its expiry.
 */
export function connectionEnded(ctx: BrokerContext, conn: Connection, reason: CloseReason): void {
  const session = conn.session;
  if (!session || session.connection !== conn) return;
  detach(ctx, session);
  // [MQTT-3.1.2-8, 3.1.1/5.0] transport loss, keep-alive timeout, protocol error, takeover: the Will goes.
  const will = conn.will;
  conn.will = undefined;
  if (will) releaseWill(ctx, session, will);
  if (session.expiry === 0) {
    // [MQTT-3.1.2-6, 3.1.1] a clean session lives only as long as its connection.
    discardSession(ctx, session, 'connection-ended');
    return;
  }
  keepStored(ctx, session);
  dropQos0(ctx, session);
  // [MQTT-3.1.4-2, 3.1.1] [MQTT-3.1.4-3, 5.0] on takeover the session passes straight to the new connection.
  if (reason === 'takeover') return;
  scheduleExpiry(ctx, session);
}

function detach(ctx: BrokerContext, session: Session): void {
  session.connection = undefined;
  stopReplay(ctx, session);
  // Resends not yet sent go back among the in-flight ones: they are still unacknowledged.
  session.resendQueue = [];
}

/**
 * [AWS-store] QoS 0 is not kept for a client that is away: what was queued behind a full
 * in-flight window or a backlog while it was connected goes, counted, when it leaves.
 */
function dropQos0(ctx: BrokerContext, session: Session): void {
  if (ctx.profile.storeQos0) return;
  const dropped = session.queue.filter((d) => d.qos !== 0);
  for (const d of dropped) drop(ctx, d.message.id, 'qos0-while-away', session.clientId);
}

/** [AWS-store] (a): messages sent but not acknowledged when the client went stay stored. */
function keepStored(ctx: BrokerContext, session: Session): void {
  for (const d of session.inflight.values()) {
    if (d.stage !== 'publish') continue;
    d.resend = true;
    ctx.emit({
      type: 'message.stored',
      msgId: d.message.id,
      clientId: session.clientId,
      reason: 'unacknowledged',
      queued: session.queue.length,
    });
  }
}

/**
 * [AWS-expiry] the session expires `expiry` seconds after the broker saw the connection end,
 * plus the profile's extra delay (AWS: up to 30 minutes, drawn from the seeded generator).
 */
export function scheduleExpiry(ctx: BrokerContext, session: Session): void {
  ctx.clock.clearTimeout(session.expiryTimer);
  session.expiryTimer = undefined;
  session.expiresAt = undefined;
  if (!Number.isFinite(session.expiry)) return;
  const now = ctx.clock.now();
  const nominal = addMs(now, session.expiry * 1000);
  const jitterMs = ctx.profile.expiryJitter * 1000;
  const extra = jitterMs > 0 ? Math.floor(ctx.random() * (jitterMs + 1)) : 0;
  const actual = addMs(nominal, extra);
  session.expiresAt = { nominal, actual };
  session.expiryTimer = ctx.clock.setTimeout(
    () => ctx.run(() => expireSession(ctx, session)),
    actual - now,
    'session-expiry',
  );
  ctx.emit({
    type: 'session.expiry-scheduled',
    clientId: session.clientId,
    nominalAt: nominal,
    actualAt: actual,
  });
}

/** The session is resumed: its expiry and any delayed Will are off. */
export function cancelExpiry(ctx: BrokerContext, session: Session): void {
  ctx.clock.clearTimeout(session.expiryTimer);
  session.expiryTimer = undefined;
  session.expiresAt = undefined;
  cancelPendingWill(ctx, session);
}

function expireSession(ctx: BrokerContext, session: Session): void {
  if (ctx.sessions.get(session.clientId) !== session || session.connected) return;
  session.expiryTimer = undefined;
  flushPendingWill(session);
  const discarded = removeSession(ctx, session, 'session-expired');
  ctx.emit({ type: 'session.expired', clientId: session.clientId, discardedMessages: discarded });
}

/** Throws a session away (clean start, end of a clean session, protocol change). */
export function discardSession(
  ctx: BrokerContext,
  session: Session,
  reason: SessionDiscardReason,
): void {
  ctx.clock.clearTimeout(session.expiryTimer);
  flushPendingWill(session);
  const discarded = removeSession(ctx, session, 'session-discarded');
  ctx.emit({
    type: 'session.discarded',
    clientId: session.clientId,
    reason,
    discardedMessages: discarded,
  });
}

/** Drops every stored message (counted, with the reason) and every subscription. */
function removeSession(
  ctx: BrokerContext,
  session: Session,
  why: 'session-expired' | 'session-discarded',
): number {
  const messages = [...session.inflight.values(), ...session.queue];
  for (const d of messages) {
    if (d.stage !== 'pubrel') drop(ctx, d.message.id, why, session.clientId);
  }
  session.inflight.clear();
  session.queue.clear();
  session.resendQueue = [];
  disarmMessageExpiry(ctx, session);
  for (const [filter, sub] of session.subscriptions) {
    ctx.tree.remove(session.clientId, filter, sub.literal === true);
    ctx.emit({
      type: 'subscription.removed',
      clientId: session.clientId,
      filter,
      reason: 'session-ended',
    });
  }
  session.subscriptions.clear();
  ctx.sessions.delete(session.clientId);
  return messages.filter((d) => d.stage !== 'pubrel').length;
}
