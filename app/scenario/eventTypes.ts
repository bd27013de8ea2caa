import type { BrokerEventType, DropReason } from '../broker';

// `Record<…, true>` makes the compiler ask for every new event type or drop reason here, so a
// scenario file can name each of them and nothing else.
const EVENTS: Record<BrokerEventType, true> = {
  'connection.opened': true,
  'connection.closed': true,
  'connect.received': true,
  'connack.sent': true,
  'session.created': true,
  'session.resumed': true,
  'session.expiry-scheduled': true,
  'session.expired': true,
  'session.discarded': true,
  'subscription.added': true,
  'subscription.refused': true,
  'subscription.removed': true,
  'message.published': true,
  'message.routed': true,
  'message.stored': true,
  'message.dropped': true,
  'message.sent': true,
  'message.resent': true,
  'message.acknowledged': true,
  'replay.started': true,
  'replay.paced': true,
  'replay.finished': true,
  'will.scheduled': true,
  'will.cancelled': true,
  'will.published': true,
  takeover: true,
  'protocol.error': true,
  'limit.reached': true,
  'retained.set': true,
  'retained.cleared': true,
  'packet.in': true,
  'packet.out': true,
  'broker.error': true,
};

const DROPS: Record<DropReason, true> = {
  'qos0-while-away': true,
  'queue-full': true,
  'oldest-evicted': true,
  expired: true,
  'no-subscriber': true,
  'not-authorized': true,
  'session-expired': true,
  'session-discarded': true,
  'too-large-for-client': true,
  'rejected-by-client': true,
  'encode-failed': true,
  'broker-store-full': true,
};

export const EVENT_TYPES = Object.keys(EVENTS) as BrokerEventType[];
export const DROP_REASONS = Object.keys(DROPS) as DropReason[];
