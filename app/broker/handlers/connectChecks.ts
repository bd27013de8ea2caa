/** Whether a CONNECT is malformed, and the CONNACK code that refuses one the broker will not take. */
import { limitReached, type BrokerContext } from '../context';
import { CONNACK_V3, RC, type PacketOf, type ProtocolVersion } from '../packets';
import { topicNameError, utf8Length } from '../topics';

/**
 * What makes this CONNECT malformed, among what mqtt-packet parses as given: Will QoS 3
 * [MQTT-3.1.2-14, 3.1.1] [MQTT-3.1.2-12, 5.0]; another protocol name than "MQTT" for level 4 or 5; in 3.1.1 a Password without a User Name [MQTT-3.1.2-22, 3.1.1], a Will Topic
 * that is not a Topic Name (MQTT 5 answers that with CONNACK 0x90 in `checkConnect`): it
 * would have been published with a wildcard or empty topic; and bytes after the last field
 * the flags announce.
 */
export function malformedConnect(
  packet: PacketOf<'connect'>,
  version: ProtocolVersion,
): string | undefined {
  if (packet.will && (packet.will.qos ?? 0) > 2) return 'Will QoS 3';
  // [MQTT-3.1.2-1, 3.1.1/5.0] levels 4 and 5 are named "MQTT" ("MQIsdp" is MQTT 3.1, level 3).
  if (version !== 3 && packet.protocolId !== 'MQTT')
    return `protocol name ${String(packet.protocolId)} with level ${version}`;
  if (version === 5) return undefined;
  if (packet.password !== undefined && packet.username === undefined)
    return 'a password but no user name';
  const willTopic = packet.will ? topicNameError(packet.will.topic) : undefined;
  // Bytes after the fields the flags announce are refused by the decoder (`trailingBytes`).
  return willTopic === undefined ? undefined : `Will ${willTopic}`;
}

/** The CONNACK code that refuses this CONNECT, or undefined to accept it. */
export function checkConnect(
  ctx: BrokerContext,
  packet: PacketOf<'connect'>,
  version: ProtocolVersion,
  clean: boolean,
): number | undefined {
  // [MQTT-3.1.2-2, 3.1.1/5.0] mqtt-packet takes levels 0x83-0x85 for 3-5 with a "bridge" bit: unsupported.
  if ((packet as { bridgeMode?: boolean }).bridgeMode)
    return version === 5 ? RC.unsupportedProtocolVersion : CONNACK_V3.unacceptableProtocol;
  if (packet.clientId === '' && version !== 5 && !clean) {
    // [MQTT-3.1.3-8, 3.1.1] a zero-length client id with cleanSession=0 is refused (0x02).
    return CONNACK_V3.identifierRejected;
  }
  const willTopic = packet.will ? utf8Length(packet.will.topic) : 0;
  if (willTopic > ctx.profile.maxTopicLength) {
    // The topic-length bound holds for a Will's topic too (3.1.1 has no better code than 0x05).
    limitReached(ctx, 'topic-length', willTopic, ctx.profile.maxTopicLength, packet.clientId);
    return version === 5 ? RC.topicNameInvalid : CONNACK_V3.notAuthorized;
  }
  if (version !== 5) return undefined;
  // [MQTT-4.12.0-1] no enhanced authentication is supported: any method is refused (0x8C).
  if (packet.properties?.authenticationMethod !== undefined) return RC.badAuthenticationMethod;
  // [MQTT-3.1.4-1] Authentication Data without an Authentication Method is a Protocol Error.
  if (packet.properties?.authenticationData !== undefined) return RC.protocolError;
  if (packet.will) {
    if ((packet.will.qos ?? 0) > ctx.profile.maxQos) return RC.qosNotSupported;
    if (topicNameError(packet.will.topic)) return RC.topicNameInvalid;
    const responseTopic = packet.will.properties?.responseTopic;
    // [MQTT-3.3.2-14] the Will's Response Topic is a topic name too: no wildcards.
    if (responseTopic !== undefined && topicNameError(responseTopic)) return RC.protocolError;
  }
  if (packet.properties?.receiveMaximum === 0) return RC.protocolError;
  if (packet.properties?.maximumPacketSize === 0) return RC.protocolError;
  return undefined;
}
