/** CONNACK: accepting a CONNECT with what the broker grants, or refusing it. */
import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { CONNACK_V3, NEVER_SEI, RC } from '../packets';

/** Refuses a CONNECT: CONNACK with the code, then the connection closes. */
export function refuse(ctx: BrokerContext, conn: Connection, clientId: string, code: number): void {
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

export interface ConnackInput {
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
export function sendConnack(ctx: BrokerContext, conn: Connection, c: ConnackInput): void {
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
