import type { BrokerEvent } from '../broker';

/** Where a connection comes from ("tcp 127.0.0.1:50312"), when the host knows it. */
export type PeerOf = (connId: number) => string | undefined;

const VERSION: Record<number, string> = { 3: 'MQTT 3.1', 4: 'MQTT 3.1.1', 5: 'MQTT 5.0' };

const seconds = (s: number | null) => (s === null ? 'never' : `${s} s`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const hex = (code: number) => `0x${code.toString(16).padStart(2, '0')}`;

function conn(connId: number, peerOf?: PeerOf): string {
  const peer = peerOf?.(connId);
  return peer ? `conn ${connId} (${peer})` : `conn ${connId}`;
}

/** The event types `formatEvent` may have a line for; the host hands it nothing else. */
export const LOGGED_TYPES: ReadonlySet<BrokerEvent['type']> = new Set<BrokerEvent['type']>([
  'connack.sent',
  'connection.closed',
  'takeover',
  'session.resumed',
  'session.expiry-scheduled',
  'session.expired',
  'session.discarded',
  'replay.started',
  'replay.finished',
  'protocol.error',
  'broker.error',
]);

/**
 * One log line for the events an operator follows: connections, sessions resumed, kept,
 * expired or discarded, replays, takeovers and errors. Other events (every message) give
 * undefined: the log stays readable under load. Pure, so the wording is unit-tested.
 */
export function formatEvent(e: BrokerEvent, peerOf?: PeerOf): string | undefined {
  switch (e.type) {
    case 'connack.sent': {
      const who = `${conn(e.connId, peerOf)} client '${e.clientId}'`;
      if (e.code !== 0)
        return `${who} refused (${VERSION[e.protocolVersion] ?? '?'}, code ${hex(e.code)})`;
      const session = e.sessionPresent ? 'session present' : 'new session';
      const expiry =
        e.sessionExpiry === 0 ? 'ends with the connection' : `expiry ${seconds(e.sessionExpiry)}`;
      return `${who} connected (${VERSION[e.protocolVersion] ?? '?'}, keep-alive ${e.keepalive} s): ${session}, ${expiry}`;
    }
    case 'connection.closed': {
      const who =
        e.clientId === undefined
          ? conn(e.connId, peerOf)
          : `${conn(e.connId, peerOf)} client '${e.clientId}'`;
      return `${who} closed: ${e.reason}`;
    }
    case 'takeover':
      return `client '${e.clientId}' taken over: conn ${e.oldConnId} closed for conn ${e.newConnId}`;
    case 'session.resumed':
      return `session '${e.clientId}' resumed: ${e.stored} stored, ${e.inflight} in flight, ${plural(e.subscriptions, 'subscription')}`;
    case 'session.expiry-scheduled': {
      const nominal = (e.nominalAt - e.at) / 1000;
      const extra = (e.actualAt - e.nominalAt) / 1000;
      return `session '${e.clientId}' kept: expires in ${round(nominal)} s${extra > 0 ? ` + ${round(extra)} s jitter` : ''}`;
    }
    case 'session.expired':
      return `session '${e.clientId}' expired: ${plural(e.discardedMessages, 'stored message')} discarded`;
    case 'session.discarded':
      // A clean session ending with its connection is routine; the close line said so.
      if (e.reason === 'connection-ended' && e.discardedMessages === 0) return undefined;
      return `session '${e.clientId}' discarded (${e.reason}): ${plural(e.discardedMessages, 'stored message')} dropped`;
    case 'replay.started':
      return `replay to '${e.clientId}': ${plural(e.backlog, 'stored message')}, ${e.ratePerSecond > 0 ? `${e.ratePerSecond} msg/s` : 'unpaced'}`;
    case 'replay.finished':
      return `replay to '${e.clientId}' finished: ${e.sent} sent in ${round(e.durationMs / 1000, 1)} s`;
    case 'protocol.error': {
      const who =
        e.clientId === undefined
          ? conn(e.connId, peerOf)
          : `${conn(e.connId, peerOf)} client '${e.clientId}'`;
      return `${who} protocol error: ${e.message}${e.reasonCode === undefined ? '' : ` (${hex(e.reasonCode)})`}`;
    }
    case 'broker.error':
      return `broker error: ${e.message}`;
    default:
      return undefined;
  }
}

function round(n: number, digits = 0): string {
  return n.toFixed(digits);
}
