/** Deliveries: sent now or stored with the reason, bounded stores, acknowledgements. */
import { drop, limitReached, type BrokerContext } from './context';
import type { StoreReason } from './events';
import type { Delivery } from './message';
import type { QoS } from './packets';
import { armMessageExpiry } from './messageExpiry';
import type { Session } from './session';
import { pump } from './replay';
import { transmit } from './transmit';

/** Sends a delivery now, or keeps it in the session with the reason why. */
export function deliver(ctx: BrokerContext, session: Session, d: Delivery): void {
  const conn = session.connection;
  if (!conn || conn.state !== 'open') {
    // [AWS-store] QoS 0 is not stored for a client that is away (unless the profile says so).
    if (d.qos === 0 && !ctx.profile.storeQos0) {
      drop(ctx, d.message.id, 'qos0-while-away', session.clientId);
      return;
    }
    store(ctx, session, d, 'client-away');
    return;
  }
  const waiting = session.queue.length > 0 || session.resendQueue.length > 0;
  // [AWS-replay] the standard profiles keep live messages behind the backlog; AWS sends them at once.
  if (waiting && (ctx.profile.liveDuringReplay === 'behind' || !session.replay)) {
    if (session.replay) d.replay = true;
    store(ctx, session, d, session.replay ? 'behind-backlog' : 'inflight-full');
    pump(ctx, session);
    return;
  }
  if (d.qos > 0 && session.inflight.size >= inflightWindow(ctx, session)) {
    store(ctx, session, d, 'inflight-full');
    return;
  }
  transmit(ctx, session, d);
}

/** [MQTT-4.9.0-*] messages in flight are bounded by the profile and the client's Receive Maximum. */
export function inflightWindow(ctx: BrokerContext, session: Session): number {
  const clientMax = session.connection?.clientReceiveMaximum ?? 65_535;
  return Math.min(ctx.profile.inflightLimit, clientMax);
}

/**
 * Adds a delivery to the session's store, bounded by the profile's queue limit and by the
 * messages held over all sessions together.
 */
export function store(ctx: BrokerContext, s: Session, d: Delivery, reason: StoreReason): boolean {
  const totalLimit = ctx.profile.totalStoredLimit;
  if (Number.isFinite(totalLimit)) {
    const held = ctx.queued.count;
    if (held >= totalLimit) {
      if (!ctx.storeFull.reported) {
        ctx.storeFull.reported = true;
        limitReached(ctx, 'broker-store', held + 1, totalLimit, s.clientId);
      }
      drop(ctx, d.message.id, 'broker-store-full', s.clientId);
      return false;
    }
    ctx.storeFull.reported = false;
  }
  if (s.queue.length >= ctx.profile.queueLimit) {
    if (!s.storeFullReported) {
      s.storeFullReported = true;
      limitReached(ctx, 'session-store', s.queue.length + 1, ctx.profile.queueLimit, s.clientId);
    }
    if (ctx.profile.queueOverflow === 'drop-new' || s.queue.length === 0) {
      drop(ctx, d.message.id, 'queue-full', s.clientId);
      return false;
    }
    const evicted = s.queue.shift()!;
    drop(ctx, evicted.message.id, 'oldest-evicted', s.clientId);
  } else {
    s.storeFullReported = false;
  }
  s.queue.push(d);
  ctx.stats.stored++;
  ctx.emit({
    type: 'message.stored',
    msgId: d.message.id,
    clientId: s.clientId,
    reason,
    queued: s.queue.length,
  });
  if (d.message.expiresAt !== undefined) armMessageExpiry(ctx, s);
  return true;
}

/** A PUBACK (QoS 1) or PUBCOMP (QoS 2) ends a delivery. */
export function acknowledge(ctx: BrokerContext, s: Session, packetId: number, qos: QoS): boolean {
  const d = s.inflight.get(packetId);
  if (!d || d.qos !== qos) return false;
  s.inflight.delete(packetId);
  ctx.stats.acknowledged++;
  ctx.emit({
    type: 'message.acknowledged',
    msgId: d.message.id,
    clientId: s.clientId,
    packetId,
    qos,
  });
  pump(ctx, s);
  return true;
}

/** An MQTT 5 client refused a message (PUBACK/PUBREC reason ≥ 0x80): it is done with it. */
export function rejectDelivery(ctx: BrokerContext, s: Session, packetId: number): void {
  const d = s.inflight.get(packetId);
  if (!d) return;
  s.inflight.delete(packetId);
  drop(ctx, d.message.id, 'rejected-by-client', s.clientId);
  pump(ctx, s);
}
