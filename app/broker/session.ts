import type { TimerHandle } from './clock';
import type { Connection } from './connection';
import { Deque } from './deque';
import type { Delivery } from './message';
import type { ProtocolVersion } from './packets';
import type { Subscription } from './subscriptionTree';
import type { SimTime } from './time';

/** Progress of the paced drain of a resumed session's store. */
export interface ReplayState {
  startedAt: SimTime;
  backlog: number;
  sent: number;
  /** Earliest time the next paced message may go. */
  nextSlotAt: SimTime;
  timer?: TimerHandle;
}

/** A will waiting for its Will Delay Interval (MQTT 5). */
export interface PendingWill {
  timer: TimerHandle;
  topic: string;
  fire: () => void;
}

/**
 * The state the broker keeps for one client id. It outlives connections when it is
 * persistent ([MQTT-3.1.2-4, 3.1.1]); `connection` is set only while the client is connected.
 */
export class Session {
  readonly subscriptions = new Map<string, Subscription>();
  /** Messages waiting to be sent, oldest first. */
  readonly queue: Deque<Delivery>;
  /** Sent and not yet acknowledged, by packet id, in send order. */
  readonly inflight = new Map<number, Delivery>();
  /** QoS 2 packet ids received from the client and not yet released (exactly once). */
  readonly incomingQos2 = new Set<number>();
  connection?: Connection;
  /** Set while this session's store is full and that has been reported (`limit.reached`). */
  storeFullReported = false;
  /** Seconds the session outlives its connection; Infinity for never, 0 for not at all. */
  expiry: number;
  expiryTimer?: TimerHandle;
  expiresAt?: { nominal: SimTime; actual: SimTime };
  messageExpiryTimer?: TimerHandle;
  messageExpiryAt?: number;
  replay?: ReplayState;
  pendingWill?: PendingWill;
  /** Unacknowledged messages that must go again before anything else on resume. */
  resendQueue: Delivery[] = [];
  private nextPacketId = 1;

  constructor(
    readonly clientId: string,
    public protocolVersion: ProtocolVersion,
    expiry: number,
    /** The broker's count of messages queued in all sessions, which this store adds to. */
    queuedTally?: { count: number },
  ) {
    this.expiry = expiry;
    this.queue = new Deque<Delivery>(queuedTally);
  }

  get connected(): boolean {
    return this.connection !== undefined;
  }

  /** A packet id not used by any message in flight to this client. */
  allocatePacketId(): number {
    for (let tries = 0; tries < 65_535; tries++) {
      const id = this.nextPacketId;
      this.nextPacketId = id === 65_535 ? 1 : id + 1;
      if (!this.inflight.has(id)) return id;
    }
    return 0;
  }

  /** Messages held for the client: queued, and sent but unacknowledged. */
  storedCount(): number {
    return this.queue.length + this.inflight.size;
  }
}
