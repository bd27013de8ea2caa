import { concatBytes } from '../broker/bytes';
import type { AckGate } from '../clients/ackGate';
import { FrameDecoder } from './decode';
import { Framer } from './framer';
import type { CloseCause, ObservationLog } from './observation';

/** What the observation layer may ask of a connection's transport. */
export interface Wire {
  /** Writes bytes to the broker past the client (held acknowledgements being released). */
  write(bytes: Uint8Array): void;
  /** Stops all traffic both ways but leaves the connection open: the broker hears nothing more. */
  silence(): void;
  /** Closes the connection without a word (no DISCONNECT). */
  cut(): void;
}

/**
 * The transport's hooks into one connection: every byte each way passes through here, so that
 * it is recorded, and the client's acknowledgements can be held back. A transport (a Node
 * socket, a browser WebSocket, an in-memory pipe) calls these and nothing else.
 */
export interface Tap {
  attach(wire: Wire): void;
  /** Bytes the client writes; returns what goes on the wire now (held acks taken out). */
  outgoing(bytes: Uint8Array): Uint8Array;
  /** Bytes from the broker, before the client reads them. */
  incoming(bytes: Uint8Array): void;
  /** The transport closed (an error, when it failed). */
  closed(error?: Error): void;
}

const EMPTY = new Uint8Array(0);

/** The tap of one connection: records packets into the log, and holds acks through the gate. */
export class ConnectionTap implements Tap {
  wire?: Wire;
  /** What the client decided about the end of the connection, before the transport closed. */
  cause?: CloseCause;
  private readonly framesOut = new Framer();
  private readonly framesIn = new Framer();
  private readonly decodeOut: FrameDecoder;
  private readonly decodeIn: FrameDecoder;
  private ended = false;
  private silenced = false;

  constructor(
    private readonly log: ObservationLog,
    readonly who: { client: string; clientId: string; conn: number; protocolVersion: 4 | 5 },
    private readonly gate: AckGate,
    /** Called once the transport has closed. */
    private readonly onClosed: () => void,
  ) {
    this.decodeOut = new FrameDecoder(who.protocolVersion);
    this.decodeIn = new FrameDecoder(who.protocolVersion);
    log.add({ kind: 'open', at: log.now(), ...who });
  }

  attach(wire: Wire): void {
    this.wire = wire;
  }

  outgoing(bytes: Uint8Array): Uint8Array {
    if (this.silenced || this.ended) return EMPTY;
    const pass: Uint8Array[] = [];
    for (const frame of this.framesOut.push(bytes)) {
      const out = this.gate.filter(frame);
      if (!out) continue;
      this.record('out', out);
      pass.push(out);
    }
    return pass.length ? concatBytes(pass) : EMPTY;
  }

  incoming(bytes: Uint8Array): void {
    if (this.silenced || this.ended) return;
    for (const frame of this.framesIn.push(bytes)) this.record('in', frame);
  }

  /** Sends held acknowledgements (oldest first), recorded as they go. */
  release(count?: number): void {
    const frames = this.gate.release(count);
    if (this.ended || this.silenced || !this.wire) return;
    for (const f of frames) {
      this.record('out', f);
      this.wire.write(f);
    }
  }

  /** The client goes quiet with the connection open (a hung device); see `Wire.silence`. */
  silence(): void {
    this.cause = 'client-silent';
    this.silenced = true;
    this.wire?.silence();
    this.finish();
  }

  closed(error?: Error): void {
    if (this.ended) return;
    this.finish(error);
  }

  private finish(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    const by: CloseCause = this.cause ?? (error ? 'error' : 'broker');
    this.log.add({
      kind: 'close',
      at: this.log.now(),
      ...this.who,
      by,
      ...(error ? { error: error.message } : {}),
    });
    this.gate.forget();
    this.onClosed();
  }

  private record(dir: 'in' | 'out', bytes: Uint8Array): void {
    const decoded = (dir === 'in' ? this.decodeIn : this.decodeOut).decode(bytes);
    this.log.add({
      kind: 'packet',
      at: this.log.now(),
      ...this.who,
      dir,
      bytes,
      ...(decoded instanceof Error ? { error: decoded.message } : { packet: decoded }),
    });
  }
}
