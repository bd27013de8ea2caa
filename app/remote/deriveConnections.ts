import type { CloseReason } from '../broker';
import type { PacketOf } from '../broker/packets';
import type { ConnView, Derivation } from './derive';
import { messageKey, toBytes } from './messages';
import type { CloseCause } from './observation';

// A connection's life as its client saw it: the CONNECT it sent, the CONNACK it got (and what
// that says of the session), and how it ended.

/** The CONNECT as sent: the Clean Start and Session Expiry the broker was asked for. */
export function connectSent(d: Derivation, c: ConnView, p: PacketOf<'connect'>, at: number): void {
  c.clean = p.clean ?? false;
  c.sei = p.properties?.sessionExpiryInterval ?? null;
  const will = p.will;
  if (will) {
    const topic = d.naming.scenarioTopic(will.topic);
    d.wills.set(messageKey(topic, toBytes(will.payload)), c.clientId);
  }
  d.sink.emit(
    {
      type: 'connect.received',
      connId: c.conn,
      clientId: c.clientId,
      protocolVersion: p.protocolVersion ?? 4,
      clean: c.clean,
      keepalive: p.keepalive ?? 0,
      sessionExpiry: c.sei,
      ...(will
        ? {
            will: {
              topic: d.naming.scenarioTopic(will.topic),
              qos: will.qos ?? 0,
              retain: will.retain ?? false,
              delay: will.properties?.willDelayInterval ?? 0,
            },
          }
        : {}),
    },
    at,
    'observed',
  );
}

/** The CONNACK: sessionPresent says whether the broker had kept a session (inferred events). */
export function connackReceived(
  d: Derivation,
  c: ConnView,
  p: PacketOf<'connack'>,
  at: number,
): void {
  const code = p.reasonCode ?? p.returnCode ?? 0;
  const s = d.session(c.clientId);
  c.connack = { at, sessionPresent: p.sessionPresent, code };
  const granted = p.properties?.sessionExpiryInterval ?? c.sei ?? 0;
  const v5Expiry = granted === 0xffffffff ? null : granted;
  // A 3.1.1 broker does not say when a persistent session expires: null (unknown) here.
  const expiry = c.version === 5 ? v5Expiry : c.clean ? 0 : null;
  const assigned = p.properties?.assignedClientIdentifier;
  d.sink.emit(
    {
      type: 'connack.sent',
      connId: c.conn,
      clientId: c.clientId,
      protocolVersion: c.version,
      sessionPresent: p.sessionPresent,
      code,
      sessionExpiry: expiry,
      keepalive: p.properties?.serverKeepAlive ?? 0,
      ...(assigned ? { assignedClientId: assigned } : {}),
    },
    at,
    'observed',
  );
  if (code !== 0) return;
  if (p.sessionPresent) {
    c.subscriptionsAtConnack = [...s.subscriptions.keys()];
    c.resumed = d.sink.emit(
      {
        type: 'session.resumed',
        clientId: c.clientId,
        stored: 0,
        inflight: 0,
        subscriptions: s.subscriptions.size,
      },
      at,
      'inferred',
    );
    return;
  }
  // No session: whatever the run knew of one is gone.
  s.subscriptions.clear();
  s.unacked.clear();
  const persistent = c.version === 5 ? (c.sei ?? 0) > 0 : !c.clean;
  d.sink.emit(
    { type: 'session.created', clientId: c.clientId, persistent, expiry },
    at,
    'inferred',
  );
}

/** The end of a connection, and who ended it as far as the client can tell. */
export function connectionClosed(d: Derivation, c: ConnView, at: number, by: CloseCause): void {
  c.closedAt = at;
  c.closedBy = by;
  d.session(c.clientId).lastEnd = at;
  // The broker notices a silent client only at its keep-alive: when, the client cannot see.
  if (by === 'client-silent') return;
  let reason: CloseReason = 'transport-closed';
  let origin: 'observed' | 'inferred' = 'observed';
  if (by === 'client-disconnect') reason = 'client-disconnect';
  else if (by === 'broker') {
    const taker = d.conns.find(
      (x) => x.clientId === c.clientId && x.conn > c.conn && x.openedAt <= at,
    );
    if (c.disconnectCode !== undefined) reason = closeReason(c.disconnectCode);
    else if (c.connack && c.connack.code !== 0) reason = 'connect-refused';
    else if (taker) {
      reason = 'takeover';
      origin = 'inferred';
    }
    if (reason === 'takeover' && taker) {
      d.sink.emit(
        { type: 'takeover', clientId: c.clientId, oldConnId: c.conn, newConnId: taker.conn },
        at,
        origin,
      );
    }
  }
  d.sink.emit(
    { type: 'connection.closed', connId: c.conn, clientId: c.clientId, reason },
    at,
    origin,
  );
}

function closeReason(code: number): CloseReason {
  if (code === 0x8e) return 'takeover';
  if (code === 0x8d) return 'keepalive-timeout';
  if (code === 0x8b) return 'server-shutdown';
  return 'protocol-error';
}
