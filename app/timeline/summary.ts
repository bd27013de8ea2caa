import type { BrokerEvent, CloseReason, DropReason, EventOf } from '../broker';
import { formatClock, formatDuration, formatSeconds } from '../format/time';
import { describeEvent } from './describe';
import { nearestBefore } from './eventIndex';
import { exhaustive } from './exhaustive';
import { hex2, LIMIT_LABEL, msg, plural, quote, seiSeconds, who } from './text';

const DROP_LONG: Record<DropReason, string> = {
  'qos0-while-away':
    'it goes at QoS 0 and the client was away, and QoS 0 messages are not stored for an absent client',
  'queue-full': "the session's store was full, and this profile drops the new message",
  'oldest-evicted':
    "the session's store was full, and this profile drops the oldest message to make room",
  expired: 'its Message Expiry Interval passed before it could be delivered',
  'no-subscriber': 'no session subscribes to its topic',
  'not-authorized': 'an authorization rule denies it',
  'session-expired': 'the session it waited in expired',
  'session-discarded': 'the session it waited in was discarded',
  'too-large-for-client': "it is larger than the client's Maximum Packet Size",
  'rejected-by-client':
    'the client refused it (an acknowledgement with a reason code of 0x80 or more)',
  'encode-failed': 'the broker could not encode it for this client (a broker.error says why)',
  'broker-store-full':
    'the messages held over all sessions reached their limit, so the broker stores no more',
};

const CLOSE_LONG: Record<CloseReason, string> = {
  'client-disconnect': 'The client sent DISCONNECT: a normal end, so its Will is not published.',
  'transport-closed':
    'The network connection was lost without a DISCONNECT, so the Will, if there is one, is published.',
  'keepalive-timeout':
    'The client sent nothing for 1.5 × its keep-alive, so the broker closed the connection; the Will, if there is one, is published.',
  'connect-timeout':
    "The connection sent no CONNECT within the broker's CONNECT timeout, so the broker closed it; there was no session yet.",
  takeover:
    'Another connection CONNECTed with the same client id: this older one was closed and the session passes to the new one.',
  'protocol-error': 'The client broke the protocol, so the broker closed the connection.',
  'connect-refused':
    'The broker refused the CONNECT (see the CONNACK code) and closed the connection.',
  'server-shutdown': 'The broker closed every connection (a restart).',
};

function messageLabel(log: readonly BrokerEvent[], index: number, id: number): string {
  const published = nearestBefore(
    log,
    index + 1,
    (x) => x.type === 'message.published' && x.msgId === id,
  ) as EventOf<'message.published'> | undefined;
  return published
    ? `${msg(id)} (${published.topic}, ${quote(published.payload, 40)}, QoS ${published.qos} from ${who(published.clientId)})`
    : msg(id);
}

function expiryText(seconds: number | null): string {
  if (seconds === 0) return 'it ends with the connection';
  if (seconds === null) return 'it is kept for as long as the broker runs';
  return `it is kept for ${formatSeconds(seconds)} after the connection ends`;
}

/** A few sentences that say what the event means for the session. */
export function summaryOf(e: BrokerEvent, log: readonly BrokerEvent[], index: number): string {
  switch (e.type) {
    case 'connection.opened':
      return `Network connection #${e.connId} was opened; the broker waits for its CONNECT.`;
    case 'connection.closed':
      return `Connection #${e.connId}${e.clientId === undefined ? '' : ` of ${who(e.clientId)}`} closed. ${CLOSE_LONG[e.reason]}`;
    case 'connect.received': {
      const will = e.will
        ? ` Will on ${e.will.topic} (QoS ${e.will.qos}${e.will.delay ? `, delay ${formatSeconds(e.will.delay)}` : ''}).`
        : '';
      if (e.protocolVersion !== 5) {
        return `${who(e.clientId)} connects with MQTT 3.1.1, cleanSession=${e.clean ? 1 : 0}: ${
          e.clean
            ? 'any earlier session is thrown away, and the new one lasts only as long as the connection'
            : 'the broker resumes the session of this client id if it has one, else creates one'
        }. Keep-alive ${e.keepalive} s.${will}`;
      }
      const sei =
        e.sessionExpiry === null
          ? 'no Session Expiry Interval (the session ends with the connection)'
          : `Session Expiry Interval ${formatSeconds(seiSeconds(e.sessionExpiry))}`;
      const pitfall =
        !e.clean && !e.sessionExpiry
          ? ' Clean Start=0 without a Session Expiry Interval: nothing is kept once the connection ends.'
          : '';
      return `${who(e.clientId)} connects with MQTT 5, Clean Start=${e.clean ? 1 : 0} and ${sei}. Keep-alive ${e.keepalive} s.${pitfall}${will}`;
    }
    case 'connack.sent':
      if (e.code !== 0) {
        return `The broker refused ${who(e.clientId)}'s CONNECT with code ${hex2(e.code)}; a refusal always says sessionPresent=0.`;
      }
      return `The broker accepted ${who(e.clientId)}'s CONNECT with sessionPresent=${e.sessionPresent ? 1 : 0}: ${
        e.sessionPresent
          ? 'a stored session was found and resumed, with its subscriptions and its stored messages'
          : 'there was no stored session, so the client starts afresh and must subscribe'
      }. Session expiry: ${expiryText(e.sessionExpiry)}; keep-alive ${e.keepalive} s.`;
    case 'session.created':
      return `A new ${e.persistent ? 'persistent' : 'clean'} session for ${who(e.clientId)}: ${
        e.persistent
          ? expiryText(e.expiry)
          : 'it ends with the connection, and nothing is stored while the client is away'
      }.`;
    case 'session.resumed':
      return `${who(e.clientId)}'s stored session was resumed: ${plural(e.subscriptions, 'subscription')} active again without a new SUBSCRIBE, ${plural(e.stored, 'stored message')} and ${e.inflight} unacknowledged to send.`;
    case 'session.expiry-scheduled': {
      const extra = e.actualAt - e.nominalAt;
      return `${who(e.clientId)} is away: the session expires at ${formatClock(e.actualAt)}${
        extra > 0
          ? ` (nominal ${formatClock(e.nominalAt)}, plus ${formatDuration(extra)} of extra delay)`
          : ''
      }, unless the client comes back first.`;
    }
    case 'session.expired':
      return `${who(e.clientId)}'s session was not resumed in time: it expired, and its ${plural(e.discardedMessages, 'stored message')} and subscriptions were discarded. A client coming back now gets sessionPresent=0 and must subscribe again.`;
    case 'session.discarded':
      switch (e.reason) {
        case 'clean-start':
          return `${who(e.clientId)} connected with a clean start, so the earlier session was thrown away with its ${plural(e.discardedMessages, 'stored message')}.`;
        case 'connection-ended':
          return `${who(e.clientId)}'s session was not persistent: it ended with the connection, with ${plural(e.discardedMessages, 'message')}.`;
        case 'protocol-version-changed':
          return `${who(e.clientId)} came back with another protocol version; sessions do not carry across versions here, so the old one was discarded with ${plural(e.discardedMessages, 'message')}.`;
        default:
          return exhaustive(e) ?? describeEvent(e);
      }
    case 'subscription.added':
      return `${who(e.clientId)} subscribed to ${e.filter}: QoS ${e.requestedQos} asked, ${e.grantedQos} granted${
        e.grantedQos < e.requestedQos ? " (the broker's maximum QoS)" : ''
      }. ${e.replaced ? 'It replaces the subscription to the same filter.' : 'The session keeps it while the client is away.'}`;
    case 'subscription.refused':
      return `The broker refused ${who(e.clientId)}'s subscription to ${e.filter} (${e.reason.replaceAll('-', ' ')}, code ${hex2(e.code)}).`;
    case 'subscription.removed':
      return e.reason === 'unsubscribe'
        ? `${who(e.clientId)} unsubscribed from ${e.filter}: nothing more on it reaches the session.`
        : `The subscription of ${who(e.clientId)} to ${e.filter} ended with its session.`;
    case 'message.published':
      return `${who(e.clientId)} published ${msg(e.msgId)} on ${e.topic} at QoS ${e.qos}${e.retain ? ', retained' : ''}: ${quote(e.payload, 80)} (${plural(e.payload.byteLength, 'byte')})${
        e.messageExpiry ? `, expiring after ${formatSeconds(e.messageExpiry)}` : ''
      }.${e.will ? ' It is the Will of a connection that ended without DISCONNECT.' : ''}`;
    case 'message.routed':
      return `${messageLabel(log, index, e.msgId)} matches a subscription of ${who(e.clientId)}, so it goes to that session at QoS ${e.qos}, the lower of its QoS and the granted one.`;
    case 'message.stored': {
      const m = messageLabel(log, index, e.msgId);
      const c = who(e.clientId);
      switch (e.reason) {
        case 'client-away':
          return `${c} is away, so ${m} waits in its session (${e.queued} stored).`;
        case 'unacknowledged':
          return `${c} went away before acknowledging ${m}: it stays in the session and is sent again first on resume.`;
        case 'inflight-full':
          return `${c} already has as many messages in flight as allowed, so ${m} waits in the session (${e.queued} waiting).`;
        case 'behind-backlog':
          return `${c} is still receiving its backlog, so the live ${m} queues behind it to keep the order (${e.queued} waiting).`;
        default:
          return exhaustive(e) ?? describeEvent(e);
      }
    }
    case 'message.dropped':
      return `${messageLabel(log, index, e.msgId)} will never reach ${e.clientId === undefined ? 'anyone' : who(e.clientId)}: ${DROP_LONG[e.reason]}. The drop is counted.`;
    case 'message.sent':
      return `${messageLabel(log, index, e.msgId)} sent to ${who(e.clientId)}${
        e.packetId === undefined ? '' : ` as packet id ${e.packetId}`
      } at QoS ${e.qos}${e.retain ? ' with RETAIN=1' : ''}${
        e.replay ? ', from the stored backlog at the replay pace' : ''
      }.`;
    case 'message.resent':
      return `${messageLabel(log, index, e.msgId)} was sent to ${who(e.clientId)} before and not acknowledged, so it goes again first: ${
        e.dup
          ? `DUP=1, with its original packet id ${e.packetId}`
          : e.previousPacketId !== e.packetId
            ? `as packet id ${e.packetId} (was ${e.previousPacketId}), without DUP`
            : `packet id ${e.packetId}, without DUP`
      }.`;
    case 'message.acknowledged':
      return `${who(e.clientId)} acknowledged ${messageLabel(log, index, e.msgId)} with ${e.qos === 2 ? 'PUBCOMP' : 'PUBACK'} for packet id ${e.packetId}: the delivery is done, and its place in flight is free.`;
    case 'replay.started':
      return `${who(e.clientId)}'s session had ${plural(e.backlog, 'message')} waiting; the broker sends them ${
        e.ratePerSecond > 0
          ? `at most ${e.ratePerSecond} per second (one every ${formatDuration(1000 / e.ratePerSecond)})`
          : 'all at once (this profile does not pace the replay)'
      }.`;
    case 'replay.paced':
      return `The replay to ${who(e.clientId)} waits for its next slot at ${formatClock(e.nextAt)}: ${e.sent} sent, ${e.remaining} to go.`;
    case 'replay.finished':
      return `The replay to ${who(e.clientId)} is done: ${plural(e.sent, 'message')} in ${formatDuration(e.durationMs)}.`;
    case 'will.scheduled':
      return `${who(e.clientId)}'s connection ended without DISCONNECT; its Will on ${e.topic} waits for its Will Delay Interval and goes at ${formatClock(e.dueAt)} unless the client reconnects first.`;
    case 'will.cancelled':
      return `${who(e.clientId)} reconnected before its Will Delay Interval ran out: the Will on ${e.topic} is not sent.`;
    case 'will.published':
      return `${who(e.clientId)}'s connection ended without DISCONNECT, so the broker published its Will on ${e.topic} as ${msg(e.msgId)}.`;
    case 'takeover':
      return `A new connection (#${e.newConnId}) CONNECTed as ${who(e.clientId)} while #${e.oldConnId} was connected: the broker closed #${e.oldConnId}, and the session passes to #${e.newConnId}.`;
    case 'protocol.error':
      return `${e.clientId === undefined ? `Connection #${e.connId}` : who(e.clientId)} broke the protocol: ${e.message}${
        e.reasonCode === undefined
          ? ''
          : `; the broker says so with reason code ${hex2(e.reasonCode)}`
      }. The connection is closed.`;
    case 'limit.reached':
      return `${e.clientId === undefined ? 'The broker' : who(e.clientId)} reached a limit: ${LIMIT_LABEL[e.limit]}, ${e.value} where at most ${e.max} is allowed. What was over it is refused, and the playground carries on.`;
    case 'retained.set':
      return `${messageLabel(log, index, e.msgId)} is now the retained message of ${e.topic}: each new subscription to it gets it first.`;
    case 'retained.cleared':
      return `The retained message of ${e.topic} was cleared (an empty retained PUBLISH, or it expired).`;
    case 'packet.in':
    case 'packet.out': {
      const peer = e.clientId === undefined ? `connection #${e.connId}` : who(e.clientId);
      const route =
        e.type === 'packet.in' ? `from ${peer} to the broker` : `from the broker to ${peer}`;
      return `${e.cmd.toUpperCase()} ${route} (connection #${e.connId}), ${plural(e.bytes.byteLength, 'byte')}.`;
    }
    case 'broker.error':
      return `The broker hit an internal error: ${e.message}. It carries on.`;
    default:
      return exhaustive(e) ?? 'an event of an unknown type';
  }
}
