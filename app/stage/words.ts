import { formatDuration } from '../format/time';
import { storeUnknown } from '../store/brokerView';
import type { Flight } from './flights';
import type { SceneNode, SceneSession } from './scene';

export const CUT_TEXT: Record<string, string> = {
  'transport-closed': 'connection dropped',
  'keepalive-timeout': 'keep-alive timeout',
  takeover: 'taken over',
  'protocol-error': 'protocol error',
  'connect-refused': 'refused',
  'server-shutdown': 'broker stopped',
  'connect-timeout': 'no CONNECT in time',
};

/** A client in words: for the tooltip and the text equivalent. */
export function nodeText(node: SceneNode): string {
  const parts = [
    `${node.label}: ${node.status === 'away' ? (node.remote ? 'away (whether its session is kept, only the next CONNACK says)' : 'away, its session kept') : node.status}`,
  ];
  if (node.cut && node.status !== 'connected')
    parts.push(CUT_TEXT[node.cut.reason] ?? 'connection cut');
  parts.push(`MQTT ${node.protocolVersion === 5 ? '5' : '3.1.1'}, ${node.asks}`);
  if (node.connack)
    parts.push(
      `last CONNACK sessionPresent=${node.connack.sessionPresent ? 1 : 0}${node.connack.lost ? ' (its session was lost)' : ''}`,
    );
  parts.push(`received ${node.received}`);
  return parts.join('; ');
}

/**
 * The expiry line of a session kept while its client is away: the countdown to when it really
 * goes, and, where the profile adds a delay (AWS: up to 30 minutes), the nominal time and the
 * delay drawn for it.
 */
export function expiryText(
  session: SceneSession,
  now: number,
): { text: string; detail?: string; soon: boolean } | undefined {
  if (session.status !== 'away') return undefined;
  if (session.remote)
    return {
      text: 'kept? only its next CONNACK says',
      detail: 'the broker does not show its store',
      soon: false,
    };
  if (!session.expiresAt)
    return { text: 'kept while away: this profile never expires it', soon: false };
  const { nominal, actual } = session.expiresAt;
  const left = Math.max(0, actual - now);
  const extra = actual - nominal;
  return {
    text: `expires in ${formatDuration(left)}`,
    ...(extra > 0
      ? {
          detail: `nominal in ${formatDuration(Math.max(0, nominal - now))}, +${formatDuration(extra)} extra delay`,
        }
      : {}),
    soon: left < 60_000,
  };
}

/** A session in words: for the tooltip and the text equivalent. */
export function sessionText(session: SceneSession, now: number): string {
  const unknown = storeUnknown(session, session.remote === true);
  const parts = [
    unknown
      ? `${session.id}'s session (${session.persistent ? 'persistent' : 'clean'}): what it stores is not shown by the broker${session.inFlight ? `; ${session.inFlight} unacknowledged when it left` : ''}`
      : `${session.id}'s session (${session.persistent ? 'persistent' : 'clean'}) stores ${session.held} message${session.held === 1 ? '' : 's'}${session.remote && session.waiting > 0 ? ' (inferred)' : ''}`,
  ];
  if (session.inFlight && !unknown) parts.push(`${session.inFlight} in flight`);
  if (session.replay && !session.replay.done) {
    const r = session.replay;
    parts.push(
      session.remote
        ? `replay (inferred from what arrived) ${r.sent} of ${r.backlog}`
        : `replay ${r.sent} of ${r.backlog}${r.rate > 0 ? ` at ${r.rate} per second` : ', unpaced'}`,
    );
  }
  const expiry = expiryText(session, now);
  if (expiry) parts.push(expiry.detail ? `${expiry.text} (${expiry.detail})` : expiry.text);
  const subs = session.subscriptions.map((x) => `${x.filter} at QoS ${x.qos}`);
  parts.push(subs.length ? `subscribed to ${subs.join(', ')}` : 'no subscriptions');
  return parts.join('; ');
}

export const FLIGHT_TEXT: Record<Flight['kind'], string> = {
  publish: 'PUBLISH on its way to the broker',
  live: 'a message on its way to its subscriber',
  store: 'a message going into the session’s store',
  replay: 'a stored message leaving the store',
  resent: 'a message sent again',
  dropped: 'a message dropped',
  acked: 'acknowledged',
  control: 'a control packet',
  will: 'a Will message',
};

export function flightText(f: Flight): string {
  const what = FLIGHT_TEXT[f.kind];
  const many = f.count > 1 ? ` (${f.count} messages)` : '';
  return `${what}${many}${f.label && f.count === 1 ? `: ${f.label}` : ''}`;
}
