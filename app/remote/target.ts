import type { IClientOptions, MqttClient } from 'mqtt';
import type { Tap } from './tap';

/**
 * A broker the lab can point its clients at: a remote one over the network (real time), or our
 * own in memory (simulated time, for the profiles' side of a check). Everything that runs
 * scenarios or checks against a broker goes through this and nothing else, so it runs the same
 * in Node and, later, in the page.
 */
export interface Target {
  /** The broker's address as shown to the user (no credentials). */
  readonly label: string;
  /** True when time cannot jump: `sleep` waits on the wall clock. */
  readonly realTime: boolean;
  /**
   * Creates an mqtt.js client connecting to the broker with these options, every byte of its
   * connection through `tap`. It must not reconnect on its own (reconnectPeriod 0).
   */
  open(options: IClientOptions, tap: Tap): MqttClient;
  /** The target's clock, ms (any origin). */
  now(): number;
  /** Lets `ms` of the target's time pass. */
  sleep(ms: number): Promise<void>;
  /** Releases what the target holds (an in-memory broker, sockets left open by a silent drop). */
  close(): Promise<void>;
}
