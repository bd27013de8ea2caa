import type { Connection } from '../connection';
import { drop, limitReached, type BrokerContext } from '../context';
import { RC, type PacketOf, type QoS } from '../packets';
import { publishMessage } from '../publish';
import { topicMatches, topicNameError, utf8Length } from '../topics';

/** PUBLISH from a client: check it, route it once, and answer per QoS [MQTT-4.3.*]. */
export function handlePublish(
  ctx: BrokerContext,
  conn: Connection,
  packet: PacketOf<'publish'>,
): void {
  const session = conn.session!;
  const qos = packet.qos as QoS;
  const v5 = conn.protocolVersion === 5;
  if (v5 && packet.properties?.subscriptionIdentifier !== undefined) {
    // [MQTT-3.3.4-6] only the broker puts Subscription Identifiers on a PUBLISH (found by fuzzing).
    conn.fail('PUBLISH from a client with a Subscription Identifier', RC.protocolError);
    return;
  }
  const responseTopic = v5 ? packet.properties?.responseTopic : undefined;
  const responseError = responseTopic === undefined ? undefined : topicNameError(responseTopic);
  if (responseError) {
    // [MQTT-3.3.2-14] a Response Topic is a topic name: no wildcards (it was passed on as it was).
    conn.fail(
      `PUBLISH with a Response Topic that is not a topic name: ${responseError}`,
      RC.protocolError,
    );
    return;
  }
  const alias = v5 ? packet.properties?.topicAlias : undefined;
  const topic = alias === undefined ? packet.topic : aliasedTopic(ctx, conn, alias, packet.topic);
  if (topic === undefined) return;
  const topicError = topicNameError(topic);
  if (topicError) {
    // [MQTT-3.3.2-1, 5.0] an empty topic needs a Topic Alias; with none on offer, the alias is at fault.
    const offered = ctx.profile.topicAliasMaximum > 0;
    let code: number = RC.topicNameInvalid;
    if (v5 && topic === '') code = offered ? RC.protocolError : RC.topicAliasInvalid;
    conn.fail(`PUBLISH ${topicError}`, code);
    return;
  }
  const topicBytes = utf8Length(topic);
  if (topicBytes > ctx.profile.maxTopicLength) {
    // A topic over the broker's bound: refused like an invalid topic (AWS closes the connection).
    limitReached(ctx, 'topic-length', topicBytes, ctx.profile.maxTopicLength, session.clientId);
    conn.fail(
      `PUBLISH topic of ${topicBytes} bytes, over the limit of ${ctx.profile.maxTopicLength}`,
      RC.topicNameInvalid,
    );
    return;
  }
  // [MQTT-3.3.2-12] a topic with an alias sets (or changes) the alias for this connection.
  if (alias !== undefined && packet.topic !== '') conn.inboundAliases.set(alias, topic);
  if (qos > ctx.profile.maxQos) {
    // Maximum QoS (AWS: 1): a QoS 2 PUBLISH is refused with DISCONNECT 0x9B [MQTT-3.2.2-11].
    conn.fail(`QoS ${qos} PUBLISH above the maximum QoS ${ctx.profile.maxQos}`, RC.qosNotSupported);
    return;
  }
  const packetId = packet.messageId ?? 0;
  if (qos === 2 && session.incomingQos2.has(packetId)) {
    // [MQTT-4.3.3-2, 3.1.1] [MQTT-4.3.3-10, 5.0] exactly once: a repeated QoS 2 PUBLISH is answered, not routed again.
    conn.send({ cmd: 'pubrec', messageId: packetId });
    return;
  }
  if ((qos === 2 || (qos === 1 && v5)) && conn.incomingQos2.size >= ctx.profile.receiveMaximum) {
    // [MQTT-3.3.4-7] [MQTT-4.9.0-2] more publishes in flight from the client than our Receive
    // Maximum. The quota counts QoS 1 and QoS 2 together, but a QoS 1 PUBLISH is acknowledged
    // before the next packet is read, so QoS 1 alone never piles up: what can is QoS 2 waiting
    // for PUBREL, and a QoS 1 or 2 PUBLISH on top of a full quota of those exceeds it. The quota
    // is the connection's (MQTT 5.0 §4.9: not kept across connections), so flows left from an
    // earlier one do not count.
    const what = qos === 1 ? 'a QoS 1 publish over' : 'more QoS 2 publishes than';
    conn.fail(`${what} Receive Maximum in flight`, RC.receiveMaximumExceeded);
    return;
  }
  if (qos === 2 && !v5 && session.incomingQos2.size >= ctx.profile.receiveMaximum) {
    // 3.1.1 has no Receive Maximum: the profile's figure bounds the session's QoS 2 flows awaiting
    // PUBREL, which outlive connections (closing, as 3.1.1 has no reason codes). An MQTT 5
    // session's are bounded per connection above, and by the 65,535 packet ids over all.
    conn.fail(
      'more QoS 2 publishes awaiting PUBREL than the profile allows',
      RC.receiveMaximumExceeded,
    );
    return;
  }
  const code = accept(ctx, session.clientId, packet, topic, qos, v5);
  if (qos === 0) return;
  if (qos === 2 && code < 0x80) {
    session.incomingQos2.add(packetId);
    conn.incomingQos2.add(packetId);
  }
  const cmd = qos === 1 ? 'puback' : 'pubrec';
  conn.send(
    v5 && code !== RC.success
      ? { cmd, messageId: packetId, reasonCode: code }
      : { cmd, messageId: packetId },
  );
}

/**
 * The topic a PUBLISH with a Topic Alias names, or undefined after closing the connection for
 * an alias out of range or unknown. The packet's own topic, when it has one, is checked by the
 * caller before the alias is set.
 */
function aliasedTopic(
  ctx: BrokerContext,
  conn: Connection,
  alias: number,
  topic: string,
): string | undefined {
  const max = ctx.profile.topicAliasMaximum;
  if (alias === 0 || alias > max) {
    // [MQTT-3.3.2-8] 0 is never an alias; [MQTT-3.2.2-17] [MQTT-3.3.2-9] nor one above our maximum.
    const offer = max === 0 ? 'this broker offers none' : `this broker offers 1..${max}`;
    conn.fail(`PUBLISH with Topic Alias ${alias}; ${offer}`, RC.topicAliasInvalid);
    return undefined;
  }
  if (topic !== '') return topic;
  const known = conn.inboundAliases.get(alias);
  if (known === undefined) {
    // An alias used before any PUBLISH on this connection set it [MQTT-3.3.2-7].
    conn.fail(`PUBLISH with Topic Alias ${alias}, not set on this connection`, RC.protocolError);
  }
  return known;
}

/** Publishes the message unless a rule denies it; returns the reason code for the ack. */
function accept(
  ctx: BrokerContext,
  clientId: string,
  packet: PacketOf<'publish'>,
  topic: string,
  qos: QoS,
  v5: boolean,
): number {
  const payload = toBytes(packet.payload);
  const props = v5 ? packet.properties : undefined;
  const alias = props?.topicAlias === undefined ? {} : { topicAlias: props.topicAlias };
  if (ctx.access.denyPublish.some((f) => topicMatches(f, topic))) {
    // An authorization rule denies the publish: it is recorded, dropped and counted.
    const msgId = ctx.nextMessageId();
    ctx.emit({
      type: 'message.published',
      msgId,
      clientId,
      topic,
      qos,
      retain: packet.retain,
      payload,
      ...alias,
    });
    drop(ctx, msgId, 'not-authorized', clientId);
    return RC.notAuthorized;
  }
  const { routed } = publishMessage(ctx, {
    publisher: clientId,
    topic,
    payload,
    qos,
    retain: packet.retain,
    ...(props?.messageExpiryInterval ? { messageExpiry: props.messageExpiryInterval } : {}),
    ...(props ? { properties: props } : {}),
    ...alias,
  });
  return routed === 0 ? RC.noMatchingSubscribers : RC.success;
}

/**
 * The payload as bytes of its own: the parser hands out views into the chunk it read, and
 * keeping a view would keep (and, across a worker, copy) the whole chunk.
 */
function toBytes(payload: string | Uint8Array): Uint8Array {
  if (typeof payload === 'string') return new TextEncoder().encode(payload);
  return payload.byteLength === payload.buffer.byteLength ? payload : new Uint8Array(payload);
}
