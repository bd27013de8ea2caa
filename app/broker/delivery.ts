import { toBuffer } from './codec';
import type { Connection } from './connection';
import { drop, limitReached, type BrokerContext } from './context';
import type { StoreReason } from './events';
import { isExpired, type Delivery, type Message } from './message';
import { minQos, type Packet, type PacketOf, type QoS } from './packets';
import { armMessageExpiry } from './messageExpiry';
import type { Session } from './session';
import type { ShareGroup } from './subscriptionTree';
import { addMs } from './time';
import { topicMatches } from './topics';

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
 * exactly; a connected member is preferred, and when none is, the next away member's session
 * stores it (as any message for a client away: QoS 0 only if the profile stores QoS 0).
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
  for (let k = 0; k < members.length; k++) {
    const i = (start + k) % members.length;
    if (ctx.sessions.get(members[i]![0])?.connection?.state === 'open') {
      chosen = i;
      break;
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

/**
 * Sends what the session holds, in order, as far as the in-flight window and the replay pace
 * allow. Called on resume, on every acknowledgement and when a pacing slot opens.
 */
export function pump(ctx: BrokerContext, s: Session): void {
  const conn = s.connection;
  if (!conn || conn.state !== 'open') return;
  const rate = ctx.profile.replayRate;
  for (;;) {
    if (s.connection !== conn || conn.state !== 'open') break;
    const fromResend = s.resendQueue.length > 0;
    const d = fromResend ? s.resendQueue[0] : s.queue.peek();
    if (!d) break;
    if (fromResend && (s.inflight.get(d.packetId!) !== d || d.stage !== 'publish')) {
      // Acknowledged (or released) while it waited for its paced resend: nothing to resend.
      s.resendQueue.shift();
      continue;
    }
    const now = ctx.clock.now();
    if (!fromResend) {
      // [MQTT-3.3.2-5] a message whose expiry has passed is dropped, not delivered.
      if (isExpired(d.message, now)) {
        s.queue.shift();
        drop(ctx, d.message.id, 'expired', s.clientId);
        continue;
      }
      if (d.qos > 0 && s.inflight.size >= inflightWindow(ctx, s)) break;
    } else if (resendWindowFull(ctx, s)) {
      // [MQTT-4.9.0-2] a resend counts against this connection's window like a first send:
      // a client back with a smaller Receive Maximum gets no more than that many at once.
      break;
    }
    // [AWS-replay] stored messages go out at most `replayRate` per second.
    const replay = s.replay;
    if (d.replay && replay && rate > 0 && now < replay.nextSlotAt) {
      if (replay.timer === undefined) {
        replay.timer = ctx.clock.setTimeout(
          () =>
            ctx.run(() => {
              replay.timer = undefined;
              pump(ctx, s);
            }),
          replay.nextSlotAt - now,
          'replay',
        );
        ctx.emit({
          type: 'replay.paced',
          clientId: s.clientId,
          sent: replay.sent,
          remaining: s.queue.length + s.resendQueue.length,
          nextAt: replay.nextSlotAt,
        });
      }
      break;
    }
    if (fromResend) s.resendQueue.shift();
    else s.queue.shift();
    transmit(ctx, s, d);
    if (d.replay && replay) {
      replay.sent++;
      if (rate > 0) replay.nextSlotAt = addMs(now, 1000 / rate);
    }
  }
  finishReplayIfDrained(ctx, s);
}

/**
 * Whether the messages already sent (or sent again) on this connection fill its window. The
 * in-flight map also holds those still waiting for their resend; they are counted out only
 * when the map alone would fill the window, so a large resume stays linear.
 */
function resendWindowFull(ctx: BrokerContext, s: Session): boolean {
  const window = inflightWindow(ctx, s);
  if (s.inflight.size < window) return false;
  let waiting = 0;
  for (const d of s.resendQueue) {
    if (s.inflight.get(d.packetId!) === d && d.stage === 'publish') waiting++;
  }
  return s.inflight.size - waiting >= window;
}

/** Starts the drain of a resumed session's backlog (resends first, then the store). */
export function startReplay(ctx: BrokerContext, s: Session): void {
  const backlog = s.resendQueue.length + s.queue.length;
  if (backlog === 0) return;
  for (const d of s.resendQueue) d.replay = true;
  for (const d of s.queue) d.replay = true;
  const now = ctx.clock.now();
  s.replay = { startedAt: now, backlog, sent: 0, nextSlotAt: now };
  ctx.emit({
    type: 'replay.started',
    clientId: s.clientId,
    backlog,
    ratePerSecond: ctx.profile.replayRate,
  });
  pump(ctx, s);
}

/** Stops pacing when the connection ends; what was not sent stays stored. */
export function stopReplay(ctx: BrokerContext, s: Session): void {
  if (!s.replay) return;
  ctx.clock.clearTimeout(s.replay.timer);
  s.replay = undefined;
}

function finishReplayIfDrained(ctx: BrokerContext, s: Session): void {
  const replay = s.replay;
  if (!replay || s.queue.length > 0 || s.resendQueue.length > 0) return;
  ctx.clock.clearTimeout(replay.timer);
  s.replay = undefined;
  ctx.emit({
    type: 'replay.finished',
    clientId: s.clientId,
    sent: replay.sent,
    durationMs: ctx.clock.now() - replay.startedAt,
  });
}

/** Writes one PUBLISH to the session's client and tracks it until acknowledged. */
export function transmit(ctx: BrokerContext, s: Session, d: Delivery): void {
  const conn = s.connection!;
  const m = d.message;
  let dup = false;
  let previousPacketId: number | undefined;
  if (d.qos > 0) {
    if (d.resend && d.packetId !== undefined) {
      // [MQTT-4.4.0-1] the standard resends with its packet id and DUP=1; AWS sends it afresh.
      if (ctx.profile.resendAs === 'dup') dup = true;
      else {
        previousPacketId = d.packetId;
        s.inflight.delete(d.packetId);
        d.packetId = s.allocatePacketId();
      }
    } else {
      d.packetId = s.allocatePacketId();
    }
    d.stage = 'publish';
  }
  const alias = outboundAlias(conn, m.topic);
  let properties = conn.protocolVersion === 5 ? publishProperties(ctx, d) : undefined;
  if (alias) properties = { ...properties, topicAlias: alias.value };
  // A topic the client has an alias for goes as the alias alone; it maps it [MQTT-3.3.2-10].
  const topic = alias?.known ? '' : m.topic;
  // A client without aliases keeps the shared QoS 0 bytes; one with them gets its own packet.
  const bytes =
    d.qos === 0 && !properties
      ? qos0Bytes(conn, m, d.retain)
      : conn.encode(publishPacket(m, topic, d.qos, d.retain, dup, d.packetId, properties));
  if (!bytes) {
    if (previousPacketId !== undefined) d.packetId = previousPacketId;
    if (d.packetId !== undefined) s.inflight.delete(d.packetId);
    drop(ctx, m.id, 'encode-failed', s.clientId);
    return;
  }
  if (bytes.length > conn.clientMaxPacketSize) {
    // [MQTT-3.1.2-25] never send a client a packet larger than its Maximum Packet Size.
    if (d.packetId !== undefined) s.inflight.delete(d.packetId);
    drop(ctx, m.id, 'too-large-for-client', s.clientId);
    return;
  }
  conn.write('publish', bytes);
  // Only a PUBLISH that went out sets the alias: a dropped one never told the client.
  if (alias && !alias.known) conn.outboundAliases.set(m.topic, alias.value);
  const aliasFields = alias ? { topicAlias: alias.value, topicAliasOnly: alias.known } : {};
  if (d.qos > 0) s.inflight.set(d.packetId!, d);
  if (d.resend) {
    ctx.stats.resent++;
    ctx.emit({
      type: 'message.resent',
      msgId: m.id,
      clientId: s.clientId,
      packetId: d.packetId!,
      previousPacketId: previousPacketId ?? d.packetId!,
      dup,
      ...aliasFields,
    });
  } else {
    ctx.stats.sent++;
    ctx.emit({
      type: 'message.sent',
      msgId: m.id,
      clientId: s.clientId,
      ...(d.qos > 0 ? { packetId: d.packetId! } : {}),
      qos: d.qos,
      retain: d.retain,
      replay: d.replay === true,
      ...aliasFields,
    });
  }
}

/**
 * The alias the broker puts on a PUBLISH of `topic` to this client, if any: the one the topic
 * already has (`known`: the topic itself is left out), else the next free one while the
 * client's Topic Alias Maximum allows [MQTT-3.1.2-26] [MQTT-3.3.2-11]. Assigned in order of
 * first use and never reused for another topic, so that the same story gives the same aliases.
 */
function outboundAlias(
  conn: Connection,
  topic: string,
): { value: number; known: boolean } | undefined {
  if (conn.outboundAliasMaximum === 0) return undefined; // [MQTT-3.1.2-27]
  const value = conn.outboundAliases.get(topic);
  if (value !== undefined) return { value, known: true };
  const next = conn.outboundAliases.size + 1;
  return next <= conn.outboundAliasMaximum ? { value: next, known: false } : undefined;
}

function publishPacket(
  m: Message,
  topic: string,
  qos: QoS,
  retain: boolean,
  dup: boolean,
  packetId: number | undefined,
  properties: Record<string, unknown> | undefined,
): Packet {
  const packet: PacketOf<'publish'> = {
    cmd: 'publish',
    topic,
    payload: toBuffer(m.payload),
    qos,
    retain,
    dup,
  };
  if (qos > 0) packet.messageId = packetId;
  if (properties) packet.properties = properties;
  return packet;
}

/**
 * A QoS 0 PUBLISH without properties is the same bytes for every subscriber of one protocol
 * version (no packet id, no DUP): a fan-out encodes it once per version and RETAIN flag, and
 * writes the same bytes to each connection (transports never change bytes written to them).
 */
let qos0Cache: { message: Message; bytes: (Uint8Array | undefined)[] } | undefined;

function qos0Bytes(conn: Connection, m: Message, retain: boolean): Uint8Array | undefined {
  if (qos0Cache?.message !== m) qos0Cache = { message: m, bytes: [] };
  const slot = conn.protocolVersion * 2 + (retain ? 1 : 0);
  return (qos0Cache.bytes[slot] ??= conn.encode(
    publishPacket(m, m.topic, 0, retain, false, 0, undefined),
  ));
}

function publishProperties(ctx: BrokerContext, d: Delivery): Record<string, unknown> | undefined {
  const m = d.message;
  // Most messages carry none of these: no object is built for them.
  if (!m.properties && m.expiresAt === undefined && !d.subscriptionIds) return undefined;
  const props: Record<string, unknown> = { ...m.properties };
  if (m.expiresAt !== undefined) {
    // [MQTT-3.3.2-6] the interval sent on is what is left of it.
    props.messageExpiryInterval = Math.max(1, Math.ceil((m.expiresAt - ctx.clock.now()) / 1000));
  }
  if (d.subscriptionIds) props.subscriptionIdentifier = d.subscriptionIds;
  return Object.keys(props).length ? props : undefined;
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
