import type { ClockState, PageMessage, WorkerMessage } from '../worker/protocol';
import { PortSocket } from './portSocket';

/** What the page needs of a Worker (a test can pass a fake). */
export interface WorkerLike {
  postMessage(message: PageMessage): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<WorkerMessage>) => void): void;
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

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (e) => this.onMessage(e.data));
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
    this.worker.postMessage(message);
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
