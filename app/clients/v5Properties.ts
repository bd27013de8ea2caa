import { Buffer } from 'buffer';
import type { IClientOptions, IPublishPacket } from 'mqtt';
import { userPropertiesObject, type ClientConfig, type UserProperty } from './clientConfig';
import type { PublishOptions, ReceivedMessage } from './clientTypes';

type ConnectProperties = NonNullable<IClientOptions['properties']>;
type PublishProperties = NonNullable<NonNullable<IPublishPacket['properties']>>;

/** The MQTT 5 CONNECT properties of a client's settings; none when all are defaults. */
export function connectProperties(c: ClientConfig): { properties?: ConnectProperties } {
  const p: ConnectProperties = {};
  if (c.sessionExpiry > 0) p.sessionExpiryInterval = c.sessionExpiry;
  if (c.topicAliasMaximum) p.topicAliasMaximum = c.topicAliasMaximum;
  if (c.receiveMaximum !== undefined) p.receiveMaximum = c.receiveMaximum;
  if (c.maximumPacketSize !== undefined) p.maximumPacketSize = c.maximumPacketSize;
  if (c.userProperties?.length) p.userProperties = userPropertiesObject(c.userProperties);
  return Object.keys(p).length ? { properties: p } : {};
}

/** The MQTT 5 PUBLISH properties of a publish's options, but the Topic Alias. */
export function publishProperties(o: PublishOptions): PublishProperties {
  const p: PublishProperties = {};
  if (o.messageExpiry > 0) p.messageExpiryInterval = o.messageExpiry;
  if (o.responseTopic) p.responseTopic = o.responseTopic;
  if (o.correlationData) p.correlationData = toBuffer(o.correlationData);
  if (o.contentType) p.contentType = o.contentType;
  if (o.payloadUtf8) p.payloadFormatIndicator = true;
  if (o.userProperties?.length) p.userProperties = userPropertiesObject(o.userProperties);
  return p;
}

/** mqtt-packet writes binary properties with Buffer's methods (the npm polyfill in the page). */
const toBuffer = (text: string) => Buffer.from(text, 'utf8');

const strictText = new TextDecoder('utf-8', { fatal: true });

/** What a reader sees of a received message's MQTT 5 properties. */
export function receivedProperties(packet: IPublishPacket): Partial<ReceivedMessage> {
  const p = packet.properties;
  if (!p) return {};
  const out: Partial<ReceivedMessage> = {};
  if (p.responseTopic) out.responseTopic = p.responseTopic;
  if (p.correlationData) {
    const bytes = new Uint8Array(p.correlationData);
    try {
      out.correlationData = strictText.decode(bytes);
    } catch {
      out.correlationData = `hex ${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
    }
  }
  if (p.contentType) out.contentType = p.contentType;
  if (p.subscriptionIdentifier !== undefined) {
    const ids = p.subscriptionIdentifier;
    out.subscriptionIds = Array.isArray(ids) ? ids : [ids];
  }
  if (p.userProperties) {
    out.userProperties = Object.entries(p.userProperties).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((one): UserProperty => [k, String(one)]),
    );
  }
  return out;
}
