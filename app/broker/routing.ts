/** Routing: which sessions a published message goes to (shared groups: one member each). */
import { drop, type BrokerContext } from './context';
import type { Delivery, Message } from './message';
import { minQos, type QoS } from './packets';
import type { ShareGroup } from './subscriptionTree';
import { topicMatches } from './topics';
import { deliver, inflightWindow } from './delivery';
import type { Session } from './session';

interface Target {
  qos: QoS;
  retainAsPublished: boolean;
  subscriptionIds?: number[];
}

/**
 * Routes a published message to every session with a matching subscription. A session with
 * several matching filters gets it once, at the highest granted QoS; each matching shared
 * group gives it to one of its members besides. Returns how many deliveries it made.
 */
export function route(ctx: BrokerContext, message: Message): number {
  const targets = new Map<string, Target>();
  const groups: ShareGroup[] = [];
  ctx.tree.match(
    message.topic,
    (clientId, sub) => {
      if (sub.noLocal && clientId === message.publisher) return;
      const prev = targets.get(clientId);
      if (!prev) {
        targets.set(clientId, {
          qos: sub.qos,
          retainAsPublished: sub.retainAsPublished,
          ...(sub.subscriptionId ? { subscriptionIds: [sub.subscriptionId] } : {}),
        });
        return;
      }
      if (sub.qos > prev.qos) prev.qos = sub.qos;
      prev.retainAsPublished ||= sub.retainAsPublished;
      if (sub.subscriptionId) (prev.subscriptionIds ??= []).push(sub.subscriptionId);
    },
    (group) => groups.push(group),
  );
  if (targets.size === 0 && groups.length === 0) {
    drop(ctx, message.id, 'no-subscriber');
    return 0;
  }
  // A denied filter also keeps its topics from wider subscriptions (`#` must not leak them).
  const denied = ctx.access.denySubscribe.some((f) => topicMatches(f, message.topic));
  for (const [clientId, t] of targets) {
    const session = ctx.sessions.get(clientId);
    if (!session) continue;
    if (denied) {
      drop(ctx, message.id, 'not-authorized', clientId);
      continue;
    }
    const qos = minQos(minQos(message.qos, t.qos), ctx.profile.maxQos);
    ctx.emit({ type: 'message.routed', msgId: message.id, clientId, qos });
    const delivery: Delivery = { message, qos, retain: t.retainAsPublished && message.retain };
    if (t.subscriptionIds) delivery.subscriptionIds = t.subscriptionIds;
    deliver(ctx, session, delivery);
  }
  for (const group of groups) routeShared(ctx, message, group, denied);
  return targets.size + groups.length;
}

/**
 * [MQTT 5.0 §4.8.2] one member of a shared group gets the message, on top of any non-shared
 * subscription (its own included). Round-robin in the order members joined, so a run replays
 * exactly. A connected member that can take it now (nothing waiting, room in its in-flight
 * window) comes first, then any connected member (it waits in that member's store), and when
 * none is connected, the next away member's session stores it (as any message for a client
 * away: QoS 0 only if the profile stores QoS 0).
 */
function routeShared(
  ctx: BrokerContext,
  message: Message,
  group: ShareGroup,
  denied: boolean,
): void {
  const members = [...group.members];
  const start = group.next % members.length;
  let chosen = start;
  let best = 0; // 0 away, 1 connected, 2 connected with room
  for (let k = 0; k < members.length && best < 2; k++) {
    const i = (start + k) % members.length;
    const rank = readiness(ctx, ctx.sessions.get(members[i]![0]), message.qos);
    if (rank > best) {
      best = rank;
      chosen = i;
    }
  }
  group.next = chosen + 1;
  const [clientId, sub] = members[chosen]!;
  const session = ctx.sessions.get(clientId);
  if (!session) return;
  if (denied) {
    drop(ctx, message.id, 'not-authorized', clientId);
    return;
  }
  const qos = minQos(minQos(message.qos, sub.qos), ctx.profile.maxQos); // [MQTT-4.8.2-3]
  ctx.emit({
    type: 'message.routed',
    msgId: message.id,
    clientId,
    qos,
    shareFilter: group.shareFilter,
  });
  const delivery: Delivery = { message, qos, retain: sub.retainAsPublished && message.retain };
  if (sub.subscriptionId) delivery.subscriptionIds = [sub.subscriptionId];
  deliver(ctx, session, delivery);
}

/** 2: connected and able to send at once; 1: connected but busy (a backlog, a full window); 0: away. */
function readiness(ctx: BrokerContext, s: Session | undefined, qos: QoS): number {
  if (s?.connection?.state !== 'open') return 0;
  const idle = s.queue.length === 0 && s.resendQueue.length === 0;
  // QoS 0 takes no place in the in-flight window.
  return idle && (qos === 0 || s.inflight.size < inflightWindow(ctx, s)) ? 2 : 1;
}
