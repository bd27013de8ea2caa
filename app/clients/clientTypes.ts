import type { UserProperty } from './clientConfig';

export type ClientStatus = 'offline' | 'connecting' | 'connected';

/** A message as the client received it. */
export interface ReceivedMessage {
  topic: string;
  payload: string;
  qos: 0 | 1 | 2;
  dup: boolean;
  retain: boolean;
  packetId?: number;
  /** Simulated time it arrived (as the page last heard it). */
  at: number;
  /** MQTT 5 properties a reader cares about, when the message had them. */
  responseTopic?: string;
  /** Correlation Data as text when it is UTF-8, else as hex. */
  correlationData?: string;
  contentType?: string;
  userProperties?: UserProperty[];
  /** The Subscription Identifiers of the subscriptions it matched. */
  subscriptionIds?: number[];
}

/** What a client reports to the store. */
export type ClientUpdate =
  | { kind: 'status'; status: ClientStatus }
  | { kind: 'connack'; sessionPresent: boolean; code: number }
  | { kind: 'message'; message: ReceivedMessage }
  | { kind: 'held'; count: number }
  | { kind: 'error'; message: string };

export interface PublishOptions {
  qos: 0 | 1 | 2;
  retain: boolean;
  /** MQTT 5 Message Expiry Interval, seconds; 0 = none. */
  messageExpiry: number;
  /** MQTT 5 Response Topic; absent or empty = none. */
  responseTopic?: string;
  /** MQTT 5 Correlation Data, sent as the UTF-8 bytes of this text; empty = none. */
  correlationData?: string;
  contentType?: string;
  /** MQTT 5 Payload Format Indicator 1: the payload is UTF-8. */
  payloadUtf8?: boolean;
  userProperties?: UserProperty[];
  /**
   * MQTT 5 Topic Alias: the first PUBLISH on a connection sets it with the topic, the next
   * ones to the same topic send the alias alone.
   */
  topicAlias?: number;
}

export interface SubscribeOptions {
  qos: 0 | 1 | 2;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: 0 | 1 | 2;
  /** MQTT 5 Subscription Identifier, 1 to 268435455; absent = none. */
  subscriptionIdentifier?: number;
}
