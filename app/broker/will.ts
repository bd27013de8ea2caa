import type { WillSpec } from './connection';
import type { BrokerContext } from './context';
import { publishMessage } from './publish';
import type { Session } from './session';
import { addMs } from './time';

/**
 * [MQTT-3.1.2-8, 3.1.1/5.0] a connection that ends without DISCONNECT publishes its Will. With a Will
 * Delay Interval (MQTT 5) it waits, and goes at whichever comes first: the delay or the end
 * of the session [MQTT-3.1.3-9, 5.0]; a reconnect in time cancels it.
 */
export function releaseWill(ctx: BrokerContext, session: Session, will: WillSpec): void {
  const delayMs = Math.min(will.delay, session.expiry) * 1000;
  if (delayMs <= 0) {
    publishWill(ctx, session.clientId, will);
    return;
  }
  const fire = () => {
    if (session.pendingWill?.fire !== fire) return;
    ctx.clock.clearTimeout(session.pendingWill.timer);
    session.pendingWill = undefined;
    publishWill(ctx, session.clientId, will);
  };
  const timer = ctx.clock.setTimeout(() => ctx.run(fire), delayMs, 'will-delay');
  session.pendingWill = { timer, topic: will.topic, fire };
  ctx.emit({
    type: 'will.scheduled',
    clientId: session.clientId,
    topic: will.topic,
    dueAt: addMs(ctx.clock.now(), delayMs),
  });
}

/** A reconnect before the Will Delay Interval ran out: the will is not sent. */
export function cancelPendingWill(ctx: BrokerContext, session: Session): void {
  const pending = session.pendingWill;
  if (!pending) return;
  ctx.clock.clearTimeout(pending.timer);
  session.pendingWill = undefined;
  ctx.emit({ type: 'will.cancelled', clientId: session.clientId, topic: pending.topic });
}

/** The session ends: a will still waiting goes now. */
export function flushPendingWill(session: Session): void {
  session.pendingWill?.fire();
}

function publishWill(ctx: BrokerContext, clientId: string, will: WillSpec): void {
  const { message } = publishMessage(ctx, {
    publisher: clientId,
    topic: will.topic,
    payload: will.payload,
    qos: will.qos,
    retain: will.retain,
    ...(will.properties?.messageExpiryInterval
      ? { messageExpiry: will.properties.messageExpiryInterval }
      : {}),
    ...(will.properties ? { properties: will.properties } : {}),
    will: true,
  });
  ctx.emit({ type: 'will.published', clientId, topic: will.topic, msgId: message.id });
}
