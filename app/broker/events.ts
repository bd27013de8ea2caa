import type { QoS } from './packets';
import type { SimTime } from './time';

/** Why a connection ended. */
export type CloseReason =
  | 'client-disconnect'
  | 'transport-closed'
  | 'keepalive-timeout'
  | 'connect-timeout'
  | 'takeover'
  | 'protocol-error'
  | 'connect-refused'
  | 'server-shutdown';

/** Why a message was kept in a session instead of being sent at once. */
export type StoreReason = 'client-away' | 'unacknowledged' | 'inflight-full' | 'behind-backlog';

/** Why a message will never reach a given subscriber (or anyone). */
export type DropReason =
  | 'qos0-while-away'
  | 'queue-full'
  | 'oldest-evicted'
  | 'expired'
  | 'no-subscriber'
  | 'not-authorized'
  | 'session-expired'
  | 'session-discarded'
  | 'too-large-for-client'
  | 'rejected-by-client'
  | 'encode-failed'
  | 'broker-store-full';

/** The bounds a broker keeps, so that no input can make it grow without end. */
export type LimitName =
  | 'packet-size'
  | 'client-packet-size'
  | 'topic-length'
  | 'subscriptions'
  | 'session-store'
  | 'broker-store'
  | 'retained';

export type SessionDiscardReason = 'clean-start' | 'connection-ended' | 'protocol-version-changed';

/**
 * Every observable change in the broker, as one closed union. The store, the timeline, the
 * charts, the scenario checks and the tests all read these and nothing else.
 */
export type BrokerEventBody =
  | { type: 'connection.opened'; connId: number }
  | { type: 'connection.closed'; connId: number; clientId?: string; reason: CloseReason }
  | {
      type: 'connect.received';
      connId: number;
      clientId: string;
      protocolVersion: number;
      clean: boolean;
      keepalive: number;
      /** Requested Session Expiry Interval (MQTT 5), seconds; null when absent. */
      sessionExpiry: number | null;
      will?: { topic: string; qos: QoS; retain: boolean; delay: number };
    }
  | {
      type: 'connack.sent';
      connId: number;
      clientId: string;
      protocolVersion: number;
      sessionPresent: boolean;
      /** CONNACK return code (3.1.1) or reason code (5.0); 0 is success. */
      code: number;
      /** The session expiry in force, seconds; null for never. */
      sessionExpiry: number | null;
      keepalive: number;
      assignedClientId?: string;
    }
  | { type: 'session.created'; clientId: string; persistent: boolean; expiry: number | null }
  | {
      type: 'session.resumed';
      clientId: string;
      stored: number;
      inflight: number;
      subscriptions: number;
    }
  | {
      type: 'session.expiry-scheduled';
      clientId: string;
      nominalAt: SimTime;
      actualAt: SimTime;
    }
  | { type: 'session.expired'; clientId: string; discardedMessages: number }
  | {
      type: 'session.discarded';
      clientId: string;
      reason: SessionDiscardReason;
      discardedMessages: number;
    }
  | {
      type: 'subscription.added';
      clientId: string;
      filter: string;
      requestedQos: QoS;
      grantedQos: QoS;
      noLocal: boolean;
      retainAsPublished: boolean;
      retainHandling: 0 | 1 | 2;
      replaced: boolean;
    }
  | {
      type: 'subscription.refused';
      clientId: string;
      filter: string;
      code: number;
      reason:
        'invalid-filter' | 'not-authorized' | 'shared-unsupported' | 'limit-reached' | 'too-long';
    }
  | {
      type: 'subscription.removed';
      clientId: string;
      filter: string;
      reason: 'unsubscribe' | 'session-ended';
    }
  | {
      type: 'message.published';
      msgId: number;
      clientId: string;
      topic: string;
      qos: QoS;
      retain: boolean;
      payload: Uint8Array;
      /** Message Expiry Interval in seconds, when the publisher set one. */
      messageExpiry?: number;
      will?: boolean;
      /** The Topic Alias the publisher's PUBLISH carried (MQTT 5); `topic` is the real one. */
      topicAlias?: number;
    }
  | {
      type: 'message.routed';
      msgId: number;
      clientId: string;
      qos: QoS;
      /** Set when it went by a shared subscription: the `$share/...` filter of the group. */
      shareFilter?: string;
    }
  | {
      type: 'message.stored';
      msgId: number;
      clientId: string;
      reason: StoreReason;
      /** Messages now waiting in this session's store. */
      queued: number;
    }
  | { type: 'message.dropped'; msgId: number; clientId?: string; reason: DropReason }
  | {
      type: 'message.sent';
      msgId: number;
      clientId: string;
      packetId?: number;
      qos: QoS;
      retain: boolean;
      /** Sent by the paced drain of a resumed session's store. */
      replay: boolean;
      /** The Topic Alias the broker put on the PUBLISH (MQTT 5); see `topicAliasOnly`. */
      topicAlias?: number;
      /** The PUBLISH carried the alias alone (empty topic): the client knew it already. */
      topicAliasOnly?: boolean;
    }
  | {
      type: 'message.resent';
      msgId: number;
      clientId: string;
      packetId: number;
      previousPacketId: number;
      dup: boolean;
      topicAlias?: number;
      topicAliasOnly?: boolean;
    }
  | { type: 'message.acknowledged'; msgId: number; clientId: string; packetId: number; qos: QoS }
  | { type: 'replay.started'; clientId: string; backlog: number; ratePerSecond: number }
  | { type: 'replay.paced'; clientId: string; sent: number; remaining: number; nextAt: SimTime }
  | { type: 'replay.finished'; clientId: string; sent: number; durationMs: number }
  | { type: 'will.scheduled'; clientId: string; topic: string; dueAt: SimTime }
  | { type: 'will.cancelled'; clientId: string; topic: string }
  | { type: 'will.published'; clientId: string; topic: string; msgId: number }
  | { type: 'takeover'; clientId: string; oldConnId: number; newConnId: number }
  | {
      type: 'protocol.error';
      connId: number;
      clientId?: string;
      message: string;
      /** The MQTT 5 reason code sent in DISCONNECT (or CONNACK), when there was one. */
      reasonCode?: number;
    }
  | {
      /**
       * A bound was reached and something was refused (see the drop or refusal that follows).
       * The stores report it once each time they fill, not for every message they turn away.
       */
      type: 'limit.reached';
      limit: LimitName;
      clientId?: string;
      /** The size that was refused (bytes, count). */
      value: number;
      max: number;
    }
  | { type: 'retained.set'; topic: string; msgId: number }
  | { type: 'retained.cleared'; topic: string }
  | {
      type: 'packet.in' | 'packet.out';
      connId: number;
      clientId?: string;
      cmd: string;
      bytes: Uint8Array;
    }
  | { type: 'broker.error'; message: string };

export type BrokerEventType = BrokerEventBody['type'];

/** An event as emitted: its body plus a sequence number and the simulated time it happened. */
export type BrokerEvent = BrokerEventBody & { seq: number; at: SimTime };

export type EventOf<T extends BrokerEventType> = Extract<BrokerEvent, { type: T }>;

export type EventListener = (event: BrokerEvent) => void;
