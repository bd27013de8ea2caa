import type { Packet } from 'mqtt-packet';

export type { Packet } from 'mqtt-packet';
export type QoS = 0 | 1 | 2;
export type ProtocolVersion = 3 | 4 | 5;

/** A packet of the given command, narrowed from mqtt-packet's union. */
export type PacketOf<C extends Packet['cmd']> = Extract<Packet, { cmd: C }>;

/** MQTT 5 reason codes the broker sends (spec 2.4). */
export const RC = {
  success: 0x00,
  grantedQos1: 0x01,
  grantedQos2: 0x02,
  disconnectWithWill: 0x04,
  noMatchingSubscribers: 0x10,
  noSubscriptionExisted: 0x11,
  unspecifiedError: 0x80,
  malformedPacket: 0x81,
  protocolError: 0x82,
  implementationSpecific: 0x83,
  unsupportedProtocolVersion: 0x84,
  clientIdNotValid: 0x85,
  notAuthorized: 0x87,
  badAuthenticationMethod: 0x8c,
  keepAliveTimeout: 0x8d,
  sessionTakenOver: 0x8e,
  topicFilterInvalid: 0x8f,
  topicNameInvalid: 0x90,
  packetIdNotFound: 0x92,
  receiveMaximumExceeded: 0x93,
  topicAliasInvalid: 0x94,
  packetTooLarge: 0x95,
  quotaExceeded: 0x97,
  qosNotSupported: 0x9b,
  sharedSubscriptionsNotSupported: 0x9e,
} as const;

/** MQTT 3.1.1 CONNACK return codes (spec 3.2.2.3). */
export const CONNACK_V3 = {
  accepted: 0,
  unacceptableProtocol: 1,
  identifierRejected: 2,
  serverUnavailable: 3,
  notAuthorized: 5,
} as const;

/** MQTT 3.1.1 SUBACK failure code. */
export const SUBACK_FAILURE_V3 = 0x80;

/** The lower of two QoS levels. */
export const minQos = (a: QoS, b: number): QoS => (a < b ? a : (b as QoS));

/** The Session Expiry Interval that means the session never expires (MQTT 5). */
export const NEVER_SEI = 0xffffffff;
