import type {
  BrokerEvent,
  CloseReason,
  DropReason,
  SessionDiscardReason,
  StoreReason,
} from '../broker';
import { formatClock, formatDuration, formatSeconds } from '../format/time';
import { exhaustive } from './exhaustive';
import { hex2, msg, plural, quote, seiSeconds, who, LIMIT_LABEL } from './text';

const CLOSE_SHORT: Record<CloseReason, string> = {
  'client-disconnect': 'DISCONNECT',
  'transport-closed': 'network lost',
  'keepalive-timeout': 'keep-alive timeout',
  'connect-timeout': 'no CONNECT in time',
  takeover: 'taken over',
  'protocol-error': 'protocol error',
  'connect-refused': 'CONNECT refused',
  'server-shutdown': 'broker restart',
};

const STORE_SHORT: Record<StoreReason, string> = {
  'client-away': 'client away',
  unacknowledged: 'not acknowledged',
  'inflight-full': 'in-flight window full',
  'behind-backlog': 'behind the backlog',
};

const DROP_SHORT: Record<DropReason, string> = {
  'qos0-while-away': 'QoS 0 while away',
  'queue-full': 'store full',
  'oldest-evicted': 'oldest in a full store',
  expired: 'message expired',
  'no-subscriber': 'no subscriber',
  'not-authorized': 'not authorized',
  'session-expired': 'session expired',
  'session-discarded': 'session discarded',
  'too-large-for-client': 'too large for the client',
  'rejected-by-client': 'refused by the client',
  'encode-failed': 'could not be encoded',
  'broker-store-full': 'store of all sessions full',
};

const DISCARD_SHORT: Record<SessionDiscardReason, string> = {
  'clean-start': 'clean start',
  'connection-ended': 'connection ended',
  'protocol-version-changed': 'protocol version changed',
};

/** A Topic Alias the broker put on a PUBLISH: with the topic (it sets it) or alone. */
const aliasText = (alias: number, only?: boolean) =>
  only ? `Topic Alias ${alias} alone` : `Topic Alias ${alias} set`;

/** One line of prose for an event: the timeline's tooltips, the log, the inspector's lists. */

export function describeEvent(e: BrokerEvent): string {
  switch (e.type) {
    case 'connection.opened':
      return `Connection #${e.connId} opened`;
    case 'connection.closed':
      return e.clientId === undefined
        ? `Connection #${e.connId} closed (${CLOSE_SHORT[e.reason]})`
        : `${who(e.clientId)}: connection #${e.connId} closed (${CLOSE_SHORT[e.reason]})`;
    case 'connect.received': {
      const parts =
        e.protocolVersion === 5
          ? [
              `CONNECT (MQTT 5) Clean Start=${e.clean ? 1 : 0}`,
              e.sessionExpiry === null
                ? 'no SEI'
                : `SEI ${formatSeconds(seiSeconds(e.sessionExpiry))}`,
            ]
          : [`CONNECT cleanSession=${e.clean ? 1 : 0}`];
      parts.push(`keep-alive ${e.keepalive} s`);
      if (e.will) parts.push(`Will on ${e.will.topic}`);
      return `${who(e.clientId)}: ${parts.join(', ')}`;
    }
    case 'connack.sent':
      return e.code === 0
        ? `${who(e.clientId)}: CONNACK sessionPresent=${e.sessionPresent ? 1 : 0}`
        : `${who(e.clientId)}: CONNACK refused, code ${hex2(e.code)}`;
    case 'session.created':
      return `${who(e.clientId)}: new ${e.persistent ? 'persistent' : 'clean'} session`;
    case 'session.resumed':
      return `${who(e.clientId)}: session resumed (${e.stored} stored, ${e.inflight ? `${e.inflight} unacknowledged, ` : ''}${plural(e.subscriptions, 'subscription')})`;
    case 'session.expiry-scheduled':
      return `${who(e.clientId)}: session expires at ${formatClock(e.actualAt)}`;
    case 'session.expired':
      return `${who(e.clientId)}: session expired, ${plural(e.discardedMessages, 'message')} discarded`;
    case 'session.discarded':
      return `${who(e.clientId)}: session discarded (${DISCARD_SHORT[e.reason]}), ${plural(e.discardedMessages, 'message')} discarded`;
    case 'subscription.added':
      return `${who(e.clientId)}: subscribed to ${e.filter} (${e.grantedQos === e.requestedQos ? `QoS ${e.grantedQos}` : `QoS ${e.requestedQos} asked, ${e.grantedQos} granted`})`;
    case 'subscription.refused':
      return `${who(e.clientId)}: subscription to ${e.filter} refused (${e.reason.replaceAll('-', ' ')})`;
    case 'subscription.removed':
      return e.reason === 'unsubscribe'
        ? `${who(e.clientId)}: unsubscribed from ${e.filter}`
        : `${who(e.clientId)}: subscription to ${e.filter} ended with the session`;
    case 'message.published': {
      const flags = [
        `QoS ${e.qos}`,
        ...(e.retain ? ['retained'] : []),
        ...(e.will ? ['Will'] : []),
        ...(e.topicAlias === undefined ? [] : [`Topic Alias ${e.topicAlias}`]),
      ];
      return `${msg(e.msgId)} published by ${who(e.clientId)} on ${e.topic}: ${quote(e.payload, 24)} (${flags.join(', ')})`;
    }
    case 'message.routed':
      return e.shareFilter === undefined
        ? `${msg(e.msgId)} routed to ${who(e.clientId)} (QoS ${e.qos})`
        : `${msg(e.msgId)} routed to ${who(e.clientId)} for its group ${e.shareFilter} (QoS ${e.qos})`;
    case 'message.stored':
      return `${msg(e.msgId)} stored for ${who(e.clientId)} (${STORE_SHORT[e.reason]})`;
    case 'message.dropped':
      return e.clientId === undefined
        ? `${msg(e.msgId)} dropped: ${DROP_SHORT[e.reason]}`
        : `${msg(e.msgId)} dropped for ${who(e.clientId)}: ${DROP_SHORT[e.reason]}`;
    case 'message.sent': {
      const parts = [`QoS ${e.qos}`];
      if (e.packetId !== undefined) parts.push(`packet id ${e.packetId}`);
      if (e.retain) parts.push('RETAIN=1');
      if (e.replay) parts.push('replay');
      if (e.topicAlias !== undefined) parts.push(aliasText(e.topicAlias, e.topicAliasOnly));
      return `${msg(e.msgId)} sent to ${who(e.clientId)} (${parts.join(', ')})`;
    }
    case 'message.resent': {
      const alias =
        e.topicAlias === undefined ? '' : `, ${aliasText(e.topicAlias, e.topicAliasOnly)}`;
      return `${msg(e.msgId)} sent again to ${who(e.clientId)} (packet id ${e.packetId}${e.dup ? ', DUP=1' : e.previousPacketId !== e.packetId ? `, was ${e.previousPacketId}` : ''}${alias})`;
    }
    case 'message.acknowledged':
      return `${who(e.clientId)} acknowledged ${msg(e.msgId)} (${e.qos === 2 ? 'PUBCOMP' : 'PUBACK'}, packet id ${e.packetId})`;
    case 'replay.started':
      return `${who(e.clientId)}: replay of ${plural(e.backlog, 'stored message')} ${e.ratePerSecond > 0 ? `at ${e.ratePerSecond} msg/s` : 'unpaced'}`;
    case 'replay.paced':
      return `${who(e.clientId)}: replay paced, ${e.sent} sent, ${e.remaining} to go`;
    case 'replay.finished':
      return `${who(e.clientId)}: replay finished, ${e.sent} sent in ${formatDuration(e.durationMs)}`;
    case 'will.scheduled':
      return `${who(e.clientId)}: Will on ${e.topic} due at ${formatClock(e.dueAt)}`;
    case 'will.cancelled':
      return `${who(e.clientId)}: Will on ${e.topic} cancelled`;
    case 'will.published':
      return `${who(e.clientId)}: Will published on ${e.topic} (${msg(e.msgId)})`;
    case 'takeover':
      return `${who(e.clientId)}: taken over, connection #${e.oldConnId} closed for #${e.newConnId}`;
    case 'protocol.error':
      return `${e.clientId === undefined ? `Connection #${e.connId}` : who(e.clientId)}: protocol error: ${e.message}${e.reasonCode === undefined ? '' : ` (${hex2(e.reasonCode)})`}`;
    case 'limit.reached':
      return `${e.clientId === undefined ? 'Broker' : who(e.clientId)}: limit reached, ${LIMIT_LABEL[e.limit]} (${e.value} over ${e.max})`;
    case 'retained.set':
      return `${e.topic}: ${msg(e.msgId)} retained`;
    case 'retained.cleared':
      return `${e.topic}: retained message cleared`;
    case 'packet.in':
    case 'packet.out': {
      const peer = e.clientId === undefined ? `#${e.connId}` : who(e.clientId);
      const route = e.type === 'packet.in' ? `${peer} → broker` : `broker → ${peer}`;
      return `${route}: ${e.cmd.toUpperCase()} (${plural(e.bytes.byteLength, 'byte')})`;
    }
    case 'broker.error':
      return `Broker error: ${e.message}`;
    default:
      return exhaustive(e) ?? 'an event of an unknown type';
  }
}
