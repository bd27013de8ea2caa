import type { Connection, WillSpec } from '../connection';
import type { BrokerContext } from '../context';
import { pump, startReplay } from '../replay';
import { cancelExpiry, discardSession } from '../lifecycle';
import { NEVER_SEI, RC, type PacketOf, type ProtocolVersion, type QoS } from '../packets';
import { Session } from '../session';
import { refuse, sendConnack } from './connack';
import { checkConnect, malformedConnect } from './connectChecks';

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
    // willOnTakeover 'if-session-ends' (mosquitto 2.0): the session goes on with the new
    // connection, so the old one's Will is dropped, not published.
    if (ctx.profile.willOnTakeover === 'if-session-ends' && session!.expiry > 0 && !clean) {
      earlier.will = undefined;
    }
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
