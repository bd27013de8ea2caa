import type { QoS } from './packets';
import type { SimTime } from './time';

/** Publish properties (MQTT 5) that travel with a message unchanged. */
export interface PassThroughProperties {
  payloadFormatIndicator?: boolean;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: Record<string, string | string[]>;
}

/** One published message, shared by every session it is routed to. */
export interface Message {
  readonly id: number;
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly qos: QoS;
  readonly retain: boolean;
  readonly publisher: string;
  readonly publishedAt: SimTime;
  /** When the Message Expiry Interval runs out, if one was set. */
  readonly expiresAt?: SimTime;
  readonly properties?: PassThroughProperties;
}

/** A message on its way to one session: queued, in flight, or waiting for PUBCOMP. */
export interface Delivery {
  readonly message: Message;
  readonly qos: QoS;
  readonly retain: boolean;
  subscriptionIds?: number[];
  packetId?: number;
  /** 'publish' = PUBLISH sent, waiting for PUBACK/PUBREC; 'pubrel' = PUBREL sent. */
  stage?: 'publish' | 'pubrel';
  /** Part of the backlog of a resumed session (paced by the replay rate). */
  replay?: boolean;
  /** Sent before and not acknowledged: the next send is a resend. */
  resend?: boolean;
}

export const isExpired = (m: Message, now: SimTime): boolean =>
  m.expiresAt !== undefined && now >= m.expiresAt;
