import type { ClockState, PageMessage, WorkerBatch, WorkerMessage } from '../worker/protocol';
import { IMMEDIATE, type Pacing } from './pacing';
import { PortSocket } from './portSocket';

/** A slice runs after at most this many data messages from the worker. */
const SLICE_EVERY = 4;
/** Events taken in per step at most (a larger batch goes in parts, in order). */
const EVENTS_PER_STEP = 512;

/**
 * What the page needs of the broker's worker (a test can pass a fake): the page's messages of
 * one turn go in one post, the worker's come in batches (`wireWorker` puts them on the wire).
 */
export interface WorkerLike {
  postMessage(messages: PageMessage[]): void;
  onBatch(fn: (batch: WorkerBatch) => void): void;
}

/** The mqtt.js `timerVariant`: an interval on the broker's simulated clock. */
export interface SimTimer {
  set(fn: () => void, ms: number): number;
  clear(id: number): void;
}

/**
 * The page's end of the one port to the broker worker: it multiplexes every client's socket,
 * the clients' timers (which run on the simulated clock, in step with the broker) and the
 * broker's event batches.
 *
 * What the worker sends is taken in by the pacing: message after message, each client's data
 * in a task of its own, until the frame's budget is spent, then on after the next frame. What
 * the page sends in one turn goes in one post. (Without pacing, as in Node, everything happens
 * at once, in the calling task.)
 */
export class WorkerChannel {
  private readonly sockets = new Map<number, PortSocket>();
  private readonly timerFns = new Map<number, () => void>();
  private readonly listeners = new Set<(m: WorkerMessage) => void>();
  private nextConn = 1;
  private nextTimer = 1;
  /** Simulated time as last reported by the worker. */
  now = 0;
  private dataReceived = 0;
  /** Data messages the clients have written to the worker (a scenario watches it to settle). */
  dataSent = 0;
  private ackScheduled = false;
  private nextSync = 1;
  private readonly syncs = new Map<number, (clock: ClockState) => void>();
  /** Messages from the worker not yet taken in; `ack` on the last of a batch that asks for one. */
  private readonly inbox: { m: WorkerMessage; ack?: number }[] = [];
  /** Work in slices (a burst being published), each call doing a slice; false when done. */
  private readonly slices: (() => boolean)[] = [];
  private pumping = false;
  /** Client data taken in since the last slice ran. */
  private sinceSlice = 0;
  /** Messages for the worker in this turn, posted together. */
  private outbox: PageMessage[] = [];
  private flushScheduled = false;
  private holds = 0;
  /**
   * Told when taking in a message or running a slice threw: the page says so, and the channel
   * goes on (its acks still sent), so one fault does not stop every later message.
   */
  onFault: (error: unknown) => void = (error) => console.error(error);

  /** mqtt.js's timerVariant for every client of this page. */
  readonly timer: SimTimer = {
    set: (fn, ms) => {
      const id = this.nextTimer++;
      this.timerFns.set(id, fn);
      this.post({ t: 'timer-set', id, ms });
      return id;
    },
    clear: (id) => {
      if (this.timerFns.delete(id)) this.post({ t: 'timer-clear', id });
    },
  };

  constructor(
    private readonly worker: WorkerLike,
    private readonly pacing: Pacing = IMMEDIATE,
  ) {
    worker.onBatch((batch) => this.receive(batch));
  }

  /** A new socket for mqtt.js's `createWebsocket`. */
  openSocket(url: string): PortSocket {
    const conn = this.nextConn++;
    const socket = new PortSocket(conn, url, {
      send: (c, bytes) => this.post({ t: 'data', conn: c, bytes }),
      close: (c) => {
        this.sockets.delete(c);
        this.post({ t: 'close', conn: c });
      },
      sever: (c) => this.post({ t: 'sever', conn: c }),
    });
    this.sockets.set(conn, socket);
    this.post({ t: 'open', conn });
    return socket;
  }

  post(message: PageMessage): void {
    if (message.t === 'data') this.dataSent++;
    this.outbox.push(message);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.pacing.soon(() => this.flush());
  }

  /**
   * Runs `step` again and again, paced like the worker's messages (after them), until it
   * returns false: a burst published "at once" without freezing a frame.
   */
  slice(step: () => boolean): void {
    this.slices.push(step);
    this.pump();
  }

  /**
   * Holds simulated time while the page does something that takes none (a burst published at
   * once, over several frames); returns the release.
   */
  hold(): () => void {
    if (this.holds++ === 0) this.post({ t: 'hold', hold: true });
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--this.holds === 0) this.post({ t: 'hold', hold: false });
    };
  }

  /** Nothing from the worker waits to be taken in, and nothing to be sent or done. */
  get idle(): boolean {
    return this.inbox.length === 0 && this.slices.length === 0 && this.outbox.length === 0;
  }

  /** Resolves once the worker has sent everything it had for the page before this call. */
  sync(): Promise<ClockState> {
    const id = this.nextSync++;
    return new Promise((resolve) => {
      this.syncs.set(id, resolve);
      this.post({ t: 'sync', id });
    });
  }

  /** Data messages received from the worker (a scenario watches it to settle). */
  get received(): number {
    return this.dataReceived;
  }

  /** Listens to every message from the worker; returns a function that stops listening. */
  listen(fn: (m: WorkerMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0) return;
    const out = this.outbox;
    this.outbox = [];
    this.worker.postMessage(out);
  }

  private receive(batch: WorkerBatch): void {
    const n = batch.messages.length;
    batch.messages.forEach((m, i) => {
      const last = i === n - 1 && batch.ack !== undefined;
      if (m.t === 'events' && m.events.length > EVENTS_PER_STEP) {
        // The page folds events as it takes them in: a few hundred at a time keeps each step short.
        for (let at = 0; at < m.events.length; at += EVENTS_PER_STEP) {
          const part = { ...m, events: m.events.slice(at, at + EVENTS_PER_STEP) };
          const end = at + EVENTS_PER_STEP >= m.events.length;
          this.inbox.push(end && last ? { m: part, ack: batch.ack } : { m: part });
        }
        return;
      }
      this.inbox.push(last ? { m, ack: batch.ack } : { m });
    });
    if (n === 0 && batch.ack !== undefined) this.post({ t: 'batch-ack', upTo: batch.ack });
    this.pump();
  }

  /** Takes in what the worker sent, then the slices, as far as the frame's budget goes. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    this.pacing.start();
    this.step();
  }

  private step(): void {
    while (this.inbox.length > 0 || this.slices.length > 0) {
      let yieldNow = this.pacing.stepwise;
      // A slice now and then between the worker's messages, not only once they are all in: a
      // burst keeps the worker busy while the page takes in what came back from its last slice.
      const slice =
        this.slices.length > 0 && (this.inbox.length === 0 || this.sinceSlice >= SLICE_EVERY);
      const next = slice ? undefined : this.inbox.shift();
      if (next) {
        try {
          this.onMessage(next.m);
        } catch (error) {
          this.onFault(error);
        }
        if (next.ack !== undefined) this.post({ t: 'batch-ack', upTo: next.ack });
        if (next.m.t === 'data') this.sinceSlice++;
        yieldNow &&= next.m.t === 'data' || next.m.t === 'events';
      } else {
        this.sinceSlice = 0;
        let more = false;
        try {
          more = this.slices[0]!();
        } catch (error) {
          this.onFault(error);
        }
        if (!more) this.slices.shift();
      }
      if (yieldNow || !this.pacing.hasTime()) {
        this.pacing.later(() => this.step());
        return;
      }
    }
    this.pumping = false;
  }

  private onMessage(m: WorkerMessage): void {
    switch (m.t) {
      case 'open':
        this.sockets.get(m.conn)?.opened();
        break;
      case 'data':
        this.now = m.at;
        this.dataReceived++;
        this.sockets.get(m.conn)?.received(m.bytes);
        this.scheduleDataAck();
        break;
      case 'close': {
        const socket = this.sockets.get(m.conn);
        this.sockets.delete(m.conn);
        if (m.error !== undefined) socket?.failed(m.error);
        else socket?.closed(1000, 'closed by broker');
        break;
      }
      case 'timers-fire':
        this.now = m.now;
        this.fireTimers(m.ids);
        break;
      case 'events':
        this.now = m.clock.now;
        break;
      case 'synced':
        this.now = m.clock.now;
        this.syncs.get(m.id)?.(m.clock);
        this.syncs.delete(m.id);
        break;
      default:
        break;
    }
    for (const fn of this.listeners) fn(m);
  }

  /**
   * Tells the worker its bytes have reached the clients, once mqtt.js has had the macrotask
   * it takes to handle them (and to re-arm its keep-alive on a PINGRESP).
   */
  private scheduleDataAck(): void {
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    setTimeout(() =>
      setTimeout(() => {
        this.ackScheduled = false;
        this.post({ t: 'data-ack', upTo: this.dataReceived });
      }, 0),
    );
  }

  /**
   * Runs the clients' timers due at this simulated instant, then tells the worker to go on.
   * Bytes sent before this instant were already handled by the clients (the worker held time
   * until `data-ack`), so a PINGRESP has re-armed mqtt.js's keep-alive before its timer looks.
   * The timers' own writes get two macrotask hops to reach the port (mqtt.js's nextTick is
   * setTimeout based) before `timers-done`.
   */
  private fireTimers(ids: number[]): void {
    const hop = (fn: () => void) => setTimeout(fn, 0);
    for (const id of ids) {
      try {
        this.timerFns.get(id)?.();
      } catch {
        // A client's timer failing must not stop the clock.
      }
    }
    hop(() => hop(() => this.post({ t: 'timers-done' })));
  }
}
