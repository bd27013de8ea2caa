import type { Packet } from '../broker/packets';

/**
 * What a client saw of a remote broker, and nothing else: its connections opening and closing,
 * and every packet it sent or received, with its bytes and the time. Everything the lab says
 * about a remote broker is derived from these (see derive.ts).
 */
export type Observation = OpenObservation | PacketObservation | CloseObservation;

interface ObservationBase {
  /** Milliseconds since the run started (wall time on a remote broker). */
  at: number;
  /** The client's name in the scenario or check. */
  client: string;
  /** The client id it sent, as sent (with the run's prefix). */
  clientId: string;
  /** The connection, numbered from 1 across the whole run. */
  conn: number;
  protocolVersion: 4 | 5;
}

/** The client started a connection (before its CONNECT). */
export interface OpenObservation extends ObservationBase {
  kind: 'open';
}

export interface PacketObservation extends ObservationBase {
  kind: 'packet';
  /** `out`: the client put it on the wire; `in`: it came from the broker. */
  dir: 'in' | 'out';
  bytes: Uint8Array;
  /** The packet read from the bytes; undefined when they could not be read (see `error`). */
  packet?: Packet;
  error?: string;
}

/** Who ended a connection, as far as the client knows. */
export type CloseCause =
  /** The client sent DISCONNECT. */
  | 'client-disconnect'
  /** The client closed the transport without DISCONNECT (the broker sees it at once). */
  | 'client-drop'
  /** The client went silent, the transport left open: the broker notices at its keep-alive. */
  | 'client-silent'
  /** The broker (or the network) closed it. */
  | 'broker'
  /** The transport failed (refused, reset, TLS, timeout). */
  | 'error';

export interface CloseObservation extends ObservationBase {
  kind: 'close';
  by: CloseCause;
  error?: string;
}

/** An append-only list of observations with the run's clock. */
export class ObservationLog {
  readonly items: Observation[] = [];
  private conns = 0;
  private readonly origin: number;
  private readonly listeners = new Set<(o: Observation) => void>();

  /** `clock` is the target's: wall time on a remote broker, simulated time in memory. */
  constructor(private readonly clock: () => number) {
    this.origin = clock();
  }

  /** Milliseconds since the log was started. */
  now(): number {
    return this.clock() - this.origin;
  }

  nextConn(): number {
    return ++this.conns;
  }

  add(o: Observation): void {
    this.items.push(o);
    for (const fn of this.listeners) fn(o);
  }

  /** Calls `fn` with every observation added from now on; returns the way to stop. */
  listen(fn: (o: Observation) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
