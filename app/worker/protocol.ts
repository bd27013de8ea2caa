import type { BrokerEvent, ProfileName, ProfileOverrides, SessionSnapshot } from '../broker';

/** Broker settings a reset starts from. */
export interface BrokerSetup {
  profile: ProfileName;
  overrides: ProfileOverrides;
  seed: number;
}

/**
 * Messages from the page to the worker. They all go through one port, so their order is
 * kept: bytes a client writes while a timer fires reach the broker before `timers-done`.
 */
export type PageMessage =
  | { t: 'open'; conn: number }
  | { t: 'data'; conn: number; bytes: Uint8Array }
  | { t: 'close'; conn: number }
  /**
   * The client's network was cut silently: the broker is not told (it finds out by keep-alive),
   * but Next event counts that keep-alive deadline as a timed event ahead.
   */
  | { t: 'sever'; conn: number }
  | { t: 'timer-set'; id: number; ms: number }
  | { t: 'timer-clear'; id: number }
  | { t: 'timers-done' }
  /** The page has handed the first `upTo` data messages to its clients. */
  | { t: 'data-ack'; upTo: number }
  /** The page has taken in every batch up to the one numbered `upTo` (see `WorkerBatch`). */
  | { t: 'batch-ack'; upTo: number }
  /**
   * The page is busy with something that takes no simulated time (a burst published "at once"
   * over several frames): time holds until it says it is done.
   */
  | { t: 'hold'; hold: boolean }
  | { t: 'play' }
  | { t: 'pause' }
  | { t: 'speed'; speed: number }
  | { t: 'jump' }
  /**
   * Runs simulated time to `to` as fast as the clients keep up (a scenario's `advance`); with
   * `until`, stops earlier, at the instant that event happens (a scenario's `wait`); `paced`
   * plays there at the clock's speed instead, without a pause on the way, and pauses on arrival;
   * `quietMs` skips stretches with nothing due for longer than that (wall ms at the clock's speed).
   */
  | { t: 'advance'; to: number; until?: AwaitedEvent; paced?: boolean; quietMs?: number }
  /** Answered with `synced` once everything the worker had to send before it is sent. */
  | { t: 'sync'; id: number }
  /** `epoch` tags every later event batch, so the page can ignore batches of the old broker. */
  | { t: 'reset'; setup: BrokerSetup; epoch: number }
  | { t: 'snapshot' };

/** An event a scenario step waits for: its type, and its client id and reason if given. */
export interface AwaitedEvent {
  type: string;
  clientId?: string;
  reason?: string;
}

/** The clock as the page shows it. */
export interface ClockState {
  now: number;
  speed: number;
  paused: boolean;
  /** Waiting for the page's clients to act at this instant. */
  blocked: boolean;
}

/**
 * What the worker sends in one go: messages in order, a bounded number of packets and events,
 * so that no single message takes the page long to take in. `ack` numbers the batch: the worker
 * has only a few batches on their way at once and waits for `batch-ack` to send more.
 */
export interface WorkerBatch {
  messages: WorkerMessage[];
  ack?: number;
}

/** Messages from the worker to the page. */
export type WorkerMessage =
  | { t: 'ready'; setup: BrokerSetup }
  /** The connection is open; `connId` is the broker's id of it, which its events carry. */
  | { t: 'open'; conn: number; connId: number }
  /** `at`: simulated time the broker wrote the bytes. */
  | { t: 'data'; conn: number; bytes: Uint8Array; at: number }
  /** `error`: the connection could not be opened or failed (a remote broker), in words. */
  | { t: 'close'; conn: number; error?: string }
  | { t: 'timers-fire'; ids: number[]; now: number }
  /**
   * With `rewriteFrom`, the events replace the log's from that index on: a remote broker's
   * events are derived from what its clients saw, and what arrives on resume revises what was
   * derived before (the store while the client was away). The worker's broker only appends.
   */
  | {
      t: 'events';
      epoch: number;
      events: BrokerEvent[];
      clock: ClockState;
      rewriteFrom?: number;
    }
  | { t: 'snapshot'; sessions: SessionSnapshot[] }
  | { t: 'synced'; id: number; clock: ClockState }
  /** `about` names the control that asked for what failed, so the page can say it there. */
  | { t: 'error'; message: string; about?: 'jump' };
