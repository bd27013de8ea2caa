import type { Connection } from '../connection';
import { limitReached, type BrokerContext } from '../context';
import { deliver } from '../delivery';
import { isExpired } from '../message';
import { minQos, RC, SUBACK_FAILURE_V3, type PacketOf, type QoS } from '../packets';
import type { Session } from '../session';
import type { Subscription } from '../subscriptionTree';
import {
  isSharedFilter,
  parseSharedFilter,
  topicFilterError,
  topicMatches,
  utf8Length,
} from '../topics';

type Refusal =
  'invalid-filter' | 'not-authorized' | 'shared-unsupported' | 'limit-reached' | 'too-long';

/**
 * SUBSCRIBE: grant or refuse each filter, answer SUBACK, then send matching retained messages
 * (none on a shared subscription).
 */
export function handleSubscribe(
  ctx: BrokerContext,
  conn: Connection,
  packet: PacketOf<'subscribe'>,
): void {
  if (packet.subscriptions.length === 0) {
    // [MQTT-3.8.3-3, 3.1.1] [MQTT-3.8.3-2, 5.0] a SUBSCRIBE carries at least one filter.
    conn.fail('SUBSCRIBE with no topic filter', RC.protocolError);
    return;
  }
  const v5 = conn.protocolVersion === 5;
  if (v5 && packet.subscriptions.some((r) => r.nl === true && isSharedFilter(r.topic))) {
    // [MQTT-3.8.3-4, 5.0] No Local on a shared subscription is a Protocol Error: nothing is granted.
    conn.fail('No Local set on a shared subscription', RC.protocolError);
    return;
  }
  const subscriptionId = v5 ? firstId(packet.properties?.subscriptionIdentifier) : undefined;
  if (subscriptionId === 0) {
    // [MQTT 5.0 §3.8.2.1.2] a Subscription Identifier of 0 is a Protocol Error; it was taken for
    // "no identifier" and the subscription granted without one.
    conn.fail('SUBSCRIBE with a Subscription Identifier of 0', RC.protocolError);
    return;
  }
  const session = conn.session!;
  const granted: number[] = [];
  const retainedFor: Subscription[] = [];
  for (const request of packet.subscriptions) {
    const filter = request.topic;
    // [MQTT-4.7.1-1, 3.1.1] a 3.1.1 client's `$share/…` is the filter it names, unless the
    // profile takes it as a shared subscription as mosquitto, EMQX and AWS IoT do.
    const literal = !v5 && isSharedFilter(filter) && !ctx.profile.sharedSubscriptions311;
    const refusal = refusalOf(ctx, session, filter, literal);
    if (refusal) {
      const code = v5 ? V5_REFUSAL[refusal] : SUBACK_FAILURE_V3;
      granted.push(code);
      ctx.emit({
        type: 'subscription.refused',
        clientId: session.clientId,
        filter,
        code,
        reason: refusal,
      });
      continue;
    }
    // Maximum QoS (AWS: 1): a QoS 2 subscription is granted QoS 1.
    const qos = minQos(request.qos as QoS, ctx.profile.maxQos);
    const replaced = session.subscriptions.has(filter);
    const sub: Subscription = {
      filter,
      qos,
      noLocal: v5 && request.nl === true,
      retainAsPublished: v5 && request.rap === true,
      retainHandling: (v5 ? (request.rh ?? 0) : 0) as 0 | 1 | 2,
      ...(subscriptionId ? { subscriptionId } : {}),
      ...(literal ? { literal: true as const } : {}),
    };
    const previous = session.subscriptions.get(filter);
    // The same `$share/…` once as a group (MQTT 5) and now literal (3.1.1), or the other way.
    if (previous && (previous.literal === true) !== literal) {
      ctx.tree.remove(session.clientId, filter, previous.literal === true);
    }
    session.subscriptions.set(filter, sub);
    ctx.tree.add(session.clientId, sub);
    granted.push(qos);
    ctx.emit({
      type: 'subscription.added',
      clientId: session.clientId,
      filter,
      requestedQos: request.qos as QoS,
      grantedQos: qos,
      noLocal: sub.noLocal,
      retainAsPublished: sub.retainAsPublished,
      retainHandling: sub.retainHandling,
      replaced,
    });
    // [MQTT 5.0 §4.8.2] a new shared subscription gets no retained messages.
    if (isSharedFilter(filter) && !literal) continue;
    // [MQTT-3.3.1-9, 5.0] [MQTT-3.3.1-10, 5.0] [MQTT-3.3.1-6, 3.1.1] retained messages on a new subscription (Retain Handling 0, or 1 if new).
    if (sub.retainHandling === 0 || (sub.retainHandling === 1 && !replaced)) retainedFor.push(sub);
  }
  conn.send({ cmd: 'suback', messageId: packet.messageId, granted });
  for (const sub of retainedFor) sendRetained(ctx, session, sub);
}

const V5_REFUSAL: Record<Refusal, number> = {
  'invalid-filter': RC.topicFilterInvalid,
  'not-authorized': RC.notAuthorized,
  'shared-unsupported': RC.sharedSubscriptionsNotSupported,
  'limit-reached': RC.quotaExceeded,
  'too-long': RC.topicFilterInvalid,
};

function refusalOf(
  ctx: BrokerContext,
  session: Session,
  filter: string,
  literal: boolean,
): Refusal | undefined {
  if (topicFilterError(filter)) return 'invalid-filter';
  const length = utf8Length(filter);
  if (length > ctx.profile.maxTopicLength) {
    limitReached(ctx, 'topic-length', length, ctx.profile.maxTopicLength, session.clientId);
    return 'too-long';
  }
  let routed = filter;
  if (isSharedFilter(filter) && !literal) {
    if (!ctx.profile.sharedSubscriptions) return 'shared-unsupported';
    const shared = parseSharedFilter(filter);
    // [MQTT-4.8.2-1] [MQTT-4.8.2-2] a ShareName, without '/', '+' or '#', then '/' and a filter.
    if (!shared) return 'invalid-filter';
    routed = shared.filter;
  }
  // An authorization rule denies the filter: SUBACK 0x80 (3.1.1) / 0x87 (5.0).
  if (ctx.access.denySubscribe.some((deny) => deny === routed || topicMatches(deny, routed))) {
    return 'not-authorized';
  }
  if (
    !session.subscriptions.has(filter) &&
    session.subscriptions.size >= ctx.profile.subscriptionLimit
  ) {
    const max = ctx.profile.subscriptionLimit;
    limitReached(ctx, 'subscriptions', session.subscriptions.size + 1, max, session.clientId);
    return 'limit-reached';
  }
  return undefined;
}

function sendRetained(ctx: BrokerContext, session: Session, sub: Subscription): void {
  const now = ctx.clock.now();
  for (const message of [...ctx.retained.values()]) {
    if (!topicMatches(sub.filter, message.topic)) continue;
    if (isExpired(message, now)) {
      // [MQTT-3.3.2-5] a retained message whose expiry has passed is not sent, and goes.
      ctx.retained.delete(message.topic);
      ctx.emit({ type: 'retained.cleared', topic: message.topic });
      continue;
    }
    const qos = minQos(minQos(message.qos, sub.qos), ctx.profile.maxQos);
    ctx.emit({ type: 'message.routed', msgId: message.id, clientId: session.clientId, qos });
    deliver(ctx, session, {
      message,
      qos,
      retain: true,
      ...(sub.subscriptionId ? { subscriptionIds: [sub.subscriptionId] } : {}),
    });
  }
}

function firstId(value: number | number[] | undefined): number | undefined {
  return Array.isArray(value) ? value[0] : value;
}
