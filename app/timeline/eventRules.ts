import type { BrokerEvent, EventOf } from '../broker';
import { RC } from '../broker/packets';
import { nearestBefore, nearestIndexBefore, ownerOf } from './eventIndex';
import { exhaustive } from './exhaustive';
import { sameInput } from './followed';
import type { RuleId } from './rules';

/**
 * The behaviour.md rule an event carries out, if it carries out one. The ids returned are keys of
 * `RULES`; where an id means different statements in MQTT 3.1.1 and 5.0, the comment on the
 * rule in rules.ts says which one (and the other standard's id).
 */
export function ruleOf(
  e: BrokerEvent,
  log: readonly BrokerEvent[],
  index: number,
): RuleId | undefined {
  switch (e.type) {
    case 'connection.opened':
    case 'message.acknowledged':
    case 'subscription.refused':
    case 'broker.error':
    case 'limit.reached':
      return undefined;
    case 'message.published':
      return e.will ? 'MQTT-3.1.2-24' : undefined;
    case 'connection.closed':
      switch (e.reason) {
        case 'keepalive-timeout':
        case 'transport-closed':
          return 'MQTT-3.1.2-24';
        case 'takeover':
          return 'MQTT-3.1.4-2';
        case 'connect-refused':
          return 'MQTT-3.2.2-1..3';
        case 'client-disconnect': {
          // A clean session ends with its connection; a persistent one starts its expiry.
          const clean = sameInput(log, index, (x) => x.type === 'session.discarded').length > 0;
          return clean ? 'MQTT-3.1.2-6' : 'AWS-expiry';
        }
        case 'protocol-error': {
          const at = nearestIndexBefore(
            log,
            index,
            (x) => x.type === 'protocol.error' && x.connId === e.connId,
          );
          return at < 0 ? undefined : ruleOf(log[at]!, log, at);
        }
        case 'server-shutdown':
        case 'connect-timeout':
          return undefined;
        default:
          return exhaustive(e);
      }
    case 'connect.received':
      if (e.protocolVersion !== 5) return e.clean ? 'MQTT-3.1.2-6' : 'MQTT-3.1.2-4';
      // The pitfall: Clean Start=0 without a Session Expiry Interval keeps nothing.
      return !e.clean && !e.sessionExpiry ? 'MQTT-3.1.2-23' : 'MQTT-3.1.2-4..6';
    case 'connack.sent':
      return 'MQTT-3.2.2-1..3';
    case 'session.created':
      return e.persistent ? 'MQTT-3.1.2-4' : 'MQTT-3.1.2-6';
    case 'session.resumed':
      return e.subscriptions > 0 ? 'AWS-subs' : 'MQTT-3.1.2-4';
    case 'session.expiry-scheduled':
    case 'session.expired':
      return 'AWS-expiry';
    case 'session.discarded':
      return e.reason === 'protocol-version-changed' ? 'AWS-versions' : 'MQTT-3.1.2-6';
    case 'subscription.added':
      return e.grantedQos < e.requestedQos ? 'MQTT-3.2.2-11' : 'AWS-subs';
    case 'subscription.removed':
      if (e.reason === 'unsubscribe') return 'MQTT-3.10.4-1';
      return sameInput(log, index, (x) => x.type === 'session.expired').length > 0
        ? 'AWS-expiry'
        : 'MQTT-3.1.2-6';
    case 'message.routed':
      return 'MQTT-3.8.4-6';
    case 'message.stored':
      switch (e.reason) {
        case 'client-away':
        case 'unacknowledged':
          return 'AWS-store';
        case 'inflight-full':
          return 'MQTT-4.9.0-*';
        case 'behind-backlog':
          return 'AWS-replay';
        default:
          return exhaustive(e);
      }
    case 'message.dropped':
      switch (e.reason) {
        case 'qos0-while-away':
          return 'AWS-store';
        case 'queue-full':
        case 'oldest-evicted':
          return 'profiles';
        case 'expired':
          return 'MQTT-3.3.2-5';
        case 'session-expired':
          return 'AWS-expiry';
        case 'session-discarded':
          return 'MQTT-3.1.2-6';
        case 'too-large-for-client':
          return 'MQTT-3.1.2-25';
        case 'no-subscriber':
        case 'not-authorized':
        case 'rejected-by-client':
        case 'encode-failed':
        case 'broker-store-full':
          return undefined;
        default:
          return exhaustive(e);
      }
    case 'message.sent':
      if (e.replay || replayRunning(log, index, e.clientId)) return 'AWS-replay';
      return e.retain ? 'MQTT-3.3.1-9' : undefined;
    case 'message.resent':
      return 'MQTT-4.4.0-1';
    case 'replay.started':
    case 'replay.paced':
    case 'replay.finished':
      return 'AWS-replay';
    case 'will.scheduled':
    case 'will.cancelled':
      return 'MQTT-3.1.3-9';
    case 'will.published':
      return 'MQTT-3.1.2-24';
    case 'takeover':
      return 'MQTT-3.1.4-2';
    case 'protocol.error':
      return protocolErrorRule(e);
    case 'retained.set':
      return 'MQTT-3.3.1-5';
    case 'retained.cleared':
      return 'MQTT-3.3.1-10';
    case 'packet.in':
    case 'packet.out': {
      const owner = ownerOf(e, log, index);
      return owner ? ruleOf(owner.event, log, owner.index) : undefined;
    }
    default:
      return exhaustive(e);
  }
}

/** The broker's protocol errors that carry out a session rule, by their message. */
const PROTOCOL_ERROR_RULES: [RegExp, RuleId][] = [
  [/second CONNECT/i, 'MQTT-3.1.0-2'],
  [/before CONNECT/i, 'MQTT-3.1.0-1'],
  [/unsupported protocol level/i, 'MQTT-3.1.2-2'],
  [/DISCONNECT sets a Session Expiry Interval/i, 'MQTT5-3.14.2.2.2'],
  [/above the maximum QoS/i, 'MQTT-3.2.2-11'],
  [/maximum packet size/i, 'MQTT-3.2.2-15'],
];

function protocolErrorRule(e: EventOf<'protocol.error'>): RuleId | undefined {
  if (e.reasonCode === RC.qosNotSupported) return 'MQTT-3.2.2-11';
  return PROTOCOL_ERROR_RULES.find(([re]) => re.test(e.message))?.[1];
}

/** Whether a replay to this client was under way at this point of the log. */
function replayRunning(log: readonly BrokerEvent[], index: number, clientId: string): boolean {
  const last = nearestBefore(
    log,
    index,
    (x) =>
      'clientId' in x &&
      x.clientId === clientId &&
      (x.type === 'replay.started' ||
        x.type === 'replay.finished' ||
        x.type === 'connection.closed'),
  );
  return last?.type === 'replay.started';
}
