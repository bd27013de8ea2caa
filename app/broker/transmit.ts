/** Writing a PUBLISH to a client: packet ids, DUP, Topic Aliases, QoS 0 encoded once. */
import { toBuffer } from './codec';
import type { Connection } from './connection';
import { drop, type BrokerContext } from './context';
import type { Delivery, Message } from './message';
import type { Packet, PacketOf, QoS } from './packets';
import type { Session } from './session';
import { inWireOrder } from './userPropertyOrder';

/** Writes one PUBLISH to the session's client and tracks it until acknowledged. */
export function transmit(ctx: BrokerContext, s: Session, d: Delivery): void {
  const conn = s.connection!;
  const m = d.message;
  let dup = false;
  let previousPacketId: number | undefined;
  if (d.qos > 0) {
    if (d.resend && d.packetId !== undefined) {
      // [MQTT-4.4.0-1, 3.1.1/5.0] the standard resends with its packet id and DUP=1; AWS sends it afresh.
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
  const encoded =
    d.qos === 0 && !properties
      ? qos0Bytes(conn, m, d.retain)
      : conn.encode(publishPacket(m, topic, d.qos, d.retain, dup, d.packetId, properties));
  // [MQTT-3.3.2-18] User Properties go on in the order they came (mqtt-packet's object form
  // can reorder them).
  const up = properties?.userProperties;
  const bytes = encoded && up ? inWireOrder(encoded, up) : encoded;
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
