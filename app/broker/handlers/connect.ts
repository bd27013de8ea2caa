import type { Connection, WillSpec } from '../connection';
import { limitReached, type BrokerContext } from '../context';
import { pump, startReplay } from '../replay';
import { cancelExpiry, discardSession } from '../lifecycle';
import { connectFieldsLength } from '../codec';
import { CONNACK_V3, RC, type PacketOf, type ProtocolVersion, type QoS } from '../packets';
import { Session } from '../session';
import { topicNameError, utf8Length } from '../topics';

const NEVER_SEI = 0xffffffff;

/**
 * CONNECT, as named steps: check, settle the client id, take over an earlier connection,
 * find or create the session, answer CONNACK, then resume what the session holds.
 */
export function handleConnect(
  ctx: BrokerContext,
  conn: Connection,
  packet: PacketOf<'connect'>,
): void {
  if (conn.state !== 'awaiting-connect') {
    // [MQTT-3.1.0-2, 3.1.1/5.0] a second CONNECT is a protocol violation.
    conn.fail('second CONNECT on one connection', RC.protocolError);
    return;
  }
  const version = (packet.protocolVersion ?? 4) as ProtocolVersion;
  const malformed = malformedConnect(packet, version);
  if (malformed !== undefined) {
    // [MQTT-3.1.4-1, 3.1.1/5.0] a CONNECT that does not conform is closed without CONNACK.
    conn.fail(`malformed CONNECT: ${malformed}`, RC.malformedPacket);
    return;
  }
  conn.protocolVersion = version;
  const clean = packet.clean !== false;
  const props = packet.properties ?? {};
  const requestedSei = version === 5 ? (props.sessionExpiryInterval ?? null) : null;

  let clientId = packet.clientId;
  let assignedClientId: string | undefined;
  ctx.emit({
    type: 'connect.received',
    connId: conn.id,
    clientId,
    protocolVersion: version,
    clean,
    keepalive: packet.keepalive ?? 0,
    sessionExpiry: requestedSei,
    ...(packet.will
      ? {
          will: {
            topic: packet.will.topic,
            qos: (packet.will.qos ?? 0) as QoS,
            retain: packet.will.retain ?? false,
            delay: packet.will.properties?.willDelayInterval ?? 0,
          },
        }
      : {}),
  });

  // Step 1: refusals that end the connection before any session is touched.
  const refusal = checkConnect(ctx, packet, version, clean);
  if (refusal !== undefined) {
    refuse(ctx, conn, clientId, refusal);
    return;
  }
  if (clientId === '') {
    // 3.1.1 with cleanSession=1, or 5.0 (returned as Assigned Client Identifier).
    // [MQTT-3.1.3-6, 3.1.1/5.0] [MQTT-3.2.2-16] one no other session uses (nextClientId skips those).
    clientId = ctx.nextClientId();
    if (version === 5) assignedClientId = clientId;
  }
  conn.clientId = clientId;
  conn.requestedSessionExpiry = requestedSei ?? 0;

  // Step 2: the figures this connection will live by.
  const expiry = sessionExpiryFor(ctx, version, clean, requestedSei);
  const keepalive = keepaliveFor(ctx, packet.keepalive ?? 0);
  if (version === 5) {
    conn.clientReceiveMaximum = props.receiveMaximum ?? 65_535;
    conn.clientMaxPacketSize = props.maximumPacketSize ?? Number.POSITIVE_INFINITY;
    // [MQTT-3.1.2-27] absent or 0: the broker sends this client no Topic Alias.
    if (ctx.profile.assignTopicAliases) conn.outboundAliasMaximum = props.topicAliasMaximum ?? 0;
  }

  // Step 3: [MQTT-3.1.4-2, 3.1.1] [MQTT-3.1.4-3, 5.0] a connection already using this client id is closed (takeover).
  let session = ctx.sessions.get(clientId);
  const earlier = session?.connection;
  if (earlier) {
    ctx.emit({ type: 'takeover', clientId, oldConnId: earlier.id, newConnId: conn.id });
    if (earlier.protocolVersion === 5) {
      earlier.send({ cmd: 'disconnect', reasonCode: RC.sessionTakenOver });
    }
    earlier.close('takeover');
    // Closing the earlier connection may have ended its session (a clean one): look again.
    session = ctx.sessions.get(clientId);
  }

  // Step 4: find or create the session.
  if (session && clean) {
    // [MQTT-3.1.2-6, 3.1.1] [MQTT-3.1.2-4, 5.0] cleanSession=1 / Clean Start=1 discards any earlier session.
    discardSession(ctx, session, 'clean-start');
    session = undefined;
  } else if (
    session &&
    session.protocolVersion !== version &&
    !ctx.profile.sessionsAcrossVersions
  ) {
    // [AWS-versions] persistent sessions do not carry across protocol versions.
    discardSession(ctx, session, 'protocol-version-changed');
    session = undefined;
  }
  // [MQTT-3.1.2-4, 3.1.1] [MQTT-3.1.2-5, 5.0] cleanSession=0: resume the session of this client id if one exists.
  const sessionPresent = session !== undefined;
  if (session) {
    cancelExpiry(ctx, session);
    session.expiry = expiry;
    session.protocolVersion = version;
  } else {
    session = new Session(clientId, version, expiry, ctx.queued);
    ctx.sessions.set(clientId, session);
    ctx.emit({
      type: 'session.created',
      clientId,
      persistent: expiry > 0,
      expiry: Number.isFinite(expiry) ? expiry : null,
    });
  }
  session.connection = conn;
  conn.session = session;
  conn.state = 'open';
  conn.will = willOf(ctx, packet);

  // Step 5: CONNACK. [MQTT-3.2.2-1..3, 3.1.1] [MQTT-3.2.2-2..3, 5.0] sessionPresent only when a stored session was resumed.
  sendConnack(ctx, conn, {
    sessionPresent,
    expiry,
    requestedSei,
    keepalive,
    requestedKeepalive: packet.keepalive ?? 0,
    ...(assignedClientId ? { assignedClientId } : {}),
  });
  conn.startKeepalive(keepalive);

  // Step 6: resume. [AWS-subs] subscriptions are active again at once (they never left the tree).
  if (sessionPresent) {
    ctx.emit({
      type: 'session.resumed',
      clientId,
      stored: session.queue.length,
      inflight: session.inflight.size,
      subscriptions: session.subscriptions.size,
    });
    resume(ctx, session);
  }
}

/**
 * What makes this CONNECT malformed, among what mqtt-packet parses as given: Will QoS 3
 * [MQTT-3.1.2-14, 3.1.1] [MQTT-3.1.2-12, 5.0]; another protocol name than "MQTT" for level 4 or 5; in 3.1.1 a Password without a User Name [MQTT-3.1.2-22, 3.1.1], a Will Topic
 * that is not a Topic Name (MQTT 5 answers that with CONNACK 0x90 in `checkConnect`): it
 * would have been published with a wildcard or empty topic; and bytes after the last field
 * the flags announce.
 */
function malformedConnect(
  packet: PacketOf<'connect'>,
  version: ProtocolVersion,
): string | undefined {
  if (packet.will && (packet.will.qos ?? 0) > 2) return 'Will QoS 3';
  // [MQTT-3.1.2-1, 3.1.1/5.0] levels 4 and 5 are named "MQTT" ("MQIsdp" is MQTT 3.1, level 3).
  if (version !== 3 && packet.protocolId !== 'MQTT')
    return `protocol name ${String(packet.protocolId)} with level ${version}`;
  if (version === 5) return undefined;
  if (packet.password !== undefined && packet.username === undefined)
    return 'a password but no user name';
  const willTopic = packet.will ? topicNameError(packet.will.topic) : undefined;
  if (willTopic !== undefined) return `Will ${willTopic}`;
  // [MQTT-3.1.4-1] mqtt-packet reads the fields the flags name and ignores bytes after them:
  // a User Name or Password whose flag is 0 [MQTT-3.1.2-18] [MQTT-3.1.2-20] would pass.
  const extra = packet.length === undefined ? 0 : packet.length - connectFieldsLength(packet);
  return extra > 0 ? `${extra} byte(s) after the fields its flags announce` : undefined;
}

/** The CONNACK code that refuses this CONNECT, or undefined to accept it. */
function checkConnect(
  ctx: BrokerContext,
  packet: PacketOf<'connect'>,
  version: ProtocolVersion,
  clean: boolean,
): number | undefined {
  // [MQTT-3.1.2-2, 3.1.1/5.0] mqtt-packet takes levels 0x83-0x85 for 3-5 with a "bridge" bit: unsupported.
  if ((packet as { bridgeMode?: boolean }).bridgeMode)
    return version === 5 ? RC.unsupportedProtocolVersion : CONNACK_V3.unacceptableProtocol;
  if (packet.clientId === '' && version !== 5 && !clean) {
    // [MQTT-3.1.3-8, 3.1.1] a zero-length client id with cleanSession=0 is refused (0x02).
    return CONNACK_V3.identifierRejected;
  }
  const willTopic = packet.will ? utf8Length(packet.will.topic) : 0;
  if (willTopic > ctx.profile.maxTopicLength) {
    // The topic-length bound holds for a Will's topic too (3.1.1 has no better code than 0x05).
    limitReached(ctx, 'topic-length', willTopic, ctx.profile.maxTopicLength, packet.clientId);
    return version === 5 ? RC.topicNameInvalid : CONNACK_V3.notAuthorized;
  }
  if (version !== 5) return undefined;
  // [MQTT-4.12.0-1] no enhanced authentication is supported: any method is refused (0x8C).
  if (packet.properties?.authenticationMethod !== undefined) return RC.badAuthenticationMethod;
  // [MQTT-3.1.4-1] Authentication Data without an Authentication Method is a Protocol Error.
  if (packet.properties?.authenticationData !== undefined) return RC.protocolError;
  if (packet.will) {
    if ((packet.will.qos ?? 0) > ctx.profile.maxQos) return RC.qosNotSupported;
    if (topicNameError(packet.will.topic)) return RC.topicNameInvalid;
    const responseTopic = packet.will.properties?.responseTopic;
    // [MQTT-3.3.2-14] the Will's Response Topic is a topic name too: no wildcards.
    if (responseTopic !== undefined && topicNameError(responseTopic)) return RC.protocolError;
  }
  if (packet.properties?.receiveMaximum === 0) return RC.protocolError;
  if (packet.properties?.maximumPacketSize === 0) return RC.protocolError;
  return undefined;
}

function refuse(ctx: BrokerContext, conn: Connection, clientId: string, code: number): void {
  const v5 = conn.protocolVersion === 5;
  conn.send(
    v5
      ? { cmd: 'connack', sessionPresent: false, reasonCode: code }
      : { cmd: 'connack', sessionPresent: false, returnCode: code },
  );
  ctx.emit({
    type: 'connack.sent',
    connId: conn.id,
    clientId,
    protocolVersion: conn.protocolVersion,
    sessionPresent: false,
    code,
    sessionExpiry: 0,
    keepalive: 0,
  });
  conn.close('connect-refused');
}

/**
 * Seconds the session outlives the connection. 3.1.1: cleanSession decides, the profile sets
 * the time. 5.0: the Session Expiry Interval (absent = 0), capped by the profile.
 */
function sessionExpiryFor(
  ctx: BrokerContext,
  version: ProtocolVersion,
  clean: boolean,
  requestedSei: number | null,
): number {
  if (version !== 5) return clean ? 0 : ctx.profile.sessionExpiryV3;
  const sei = requestedSei ?? 0;
  const wanted = sei === NEVER_SEI ? Number.POSITIVE_INFINITY : sei;
  return Math.min(wanted, ctx.profile.maxSessionExpiry);
}

/**
 * The keep-alive the broker holds the client to. 0 turns the check off, unless the profile
 * enforces a maximum below the protocol's (AWS: 1200 s), which then applies to 0 as well.
 */
function keepaliveFor(ctx: BrokerContext, requested: number): number {
  const max = ctx.profile.maxKeepAlive;
  const enforced = Number.isFinite(max) && max < 65_535;
  if (requested === 0) return enforced ? max : 0;
  return requested > max ? max : requested;
}

function willOf(ctx: BrokerContext, packet: PacketOf<'connect'>): WillSpec | undefined {
  const w = packet.will;
  if (!w) return undefined;
  const payload = typeof w.payload === 'string' ? new TextEncoder().encode(w.payload) : w.payload;
  const qos = Math.min(w.qos ?? 0, ctx.profile.maxQos) as QoS;
  return {
    topic: w.topic,
    payload,
    qos,
    retain: w.retain ?? false,
    delay: w.properties?.willDelayInterval ?? 0,
    ...(w.properties ? { properties: w.properties as WillSpec['properties'] } : {}),
  };
}

interface ConnackInput {
  sessionPresent: boolean;
  expiry: number;
  requestedSei: number | null;
  keepalive: number;
  requestedKeepalive: number;
  assignedClientId?: string;
}

/**
 * CONNACK for an accepted CONNECT. What an MQTT 5 one never carries, on purpose: Server
 * Reference (§4.11: this broker never redirects; a profile that did would refuse with 0x9C or
 * 0x9D and name the server), Response Information (none is offered, asked for or not
 * [MQTT-3.1.2-28]), Authentication Method (none is supported [MQTT-4.12.0-6]), and Reason
 * String or User Properties (so never past the client's Maximum Packet Size [MQTT-3.2.2-19]).
 */
function sendConnack(ctx: BrokerContext, conn: Connection, c: ConnackInput): void {
  const clientId = conn.clientId!;
  if (conn.protocolVersion === 5) {
    const properties: Record<string, unknown> = {
      retainAvailable: true,
      wildcardSubscriptionAvailable: true,
      subscriptionIdentifiersAvailable: true,
      // [MQTT 5.0 §3.2.2.3.18] Shared Subscription Available, from the profile.
      sharedSubscriptionAvailable: ctx.profile.sharedSubscriptions,
      // [MQTT-3.2.2-17] the aliases the client may use; 0 offers none.
      topicAliasMaximum: ctx.profile.topicAliasMaximum,
    };
    const granted = Number.isFinite(c.expiry) ? c.expiry : NEVER_SEI;
    // [MQTT-3.2.2-*] a Session Expiry Interval the broker lowered is returned in CONNACK.
    if (c.requestedSei !== null && granted !== c.requestedSei)
      properties.sessionExpiryInterval = granted;
    if (ctx.profile.receiveMaximum < 65_535) properties.receiveMaximum = ctx.profile.receiveMaximum;
    if (ctx.profile.maxQos < 2) properties.maximumQoS = ctx.profile.maxQos;
    if (ctx.profile.maxPacketSize < 268_435_455)
      properties.maximumPacketSize = ctx.profile.maxPacketSize;
    if (c.keepalive !== c.requestedKeepalive) properties.serverKeepAlive = c.keepalive;
    if (c.assignedClientId) properties.assignedClientIdentifier = c.assignedClientId;
    conn.send({
      cmd: 'connack',
      sessionPresent: c.sessionPresent,
      reasonCode: RC.success,
      properties,
    });
  } else {
    conn.send({
      cmd: 'connack',
      sessionPresent: c.sessionPresent,
      returnCode: CONNACK_V3.accepted,
    });
  }
  ctx.emit({
    type: 'connack.sent',
    connId: conn.id,
    clientId,
    protocolVersion: conn.protocolVersion,
    sessionPresent: c.sessionPresent,
    code: 0,
    sessionExpiry: Number.isFinite(c.expiry) ? c.expiry : null,
    keepalive: c.keepalive,
    ...(c.assignedClientId ? { assignedClientId: c.assignedClientId } : {}),
  });
}

/**
 * [MQTT-4.4.0-1, 3.1.1/5.0] on resume, unacknowledged messages go again first (PUBRELs at once), then
 * the stored ones, paced by [AWS-replay].
 */
function resume(ctx: BrokerContext, session: Session): void {
  const conn = session.connection!;
  for (const [packetId, d] of session.inflight) {
    if (d.stage === 'pubrel') conn.send({ cmd: 'pubrel', messageId: packetId });
  }
  session.resendQueue = [...session.inflight.values()].filter((d) => d.stage === 'publish');
  for (const d of session.resendQueue) d.resend = true;
  if (session.resendQueue.length + session.queue.length > 0) startReplay(ctx, session);
  else pump(ctx, session);
}
