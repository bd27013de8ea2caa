import { AckGate } from '../../clients/ackGate';
import { concatBytes } from '../../broker/bytes';
import type { WorkerLike } from '../../transport/workerChannel';
import type { ClockState, PageMessage, WorkerBatch, WorkerMessage } from '../../worker/protocol';
import { FrameDecoder } from '../decode';
import { deriveEvents } from '../derive';
import { Framer } from '../framer';
import type { Naming } from '../naming';
import { ObservationLog, type Observation } from '../observation';
import { ConnectionTap } from '../tap';
import { LiveEvents } from './liveEvents';

/** As much of a browser WebSocket as the port uses (the `ws` package's fits too, for tests). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(): void;
  onopen: ((e: unknown) => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  onclose: ((e: { code?: number }) => void) | null;
  onerror: ((e: unknown) => void) | null;
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

export interface RemotePortOptions {
  /** ws:// or wss://, with its path (and query). */
  url: string;
  /** The URL as shown in messages (no credentials, no query). */
  label: string;
  /** How long a WebSocket has to open, then its CONNACK to come (ms; default 10 s). */
  timeoutMs?: number;
  /** Opens a WebSocket; the browser's by default. */
  socket?: SocketFactory;
  /** Wall clock, ms. */
  now?: () => number;
}

/** Derived events use the ids and topics as sent: the page shows what went on the wire. */
const AS_SENT: Naming = {
  idPrefix: '',
  topicPrefix: '',
  clientId: (id) => id,
  topic: (t) => t,
  scenarioClientId: (id) => id,
  scenarioTopic: (t) => t,
};

/** Nothing seen for this long on any connection: the run is quiet (a scenario's settle). */
export const QUIET_MS = 250;
/** A scenario step never waits for quiet longer than this (a burst at a rate goes on). */
export const MAX_BUSY_MS = 3000;
/** Events are derived again at most this often while observations come. */
const DERIVE_DELAY_MS = 40;
/** The clock and what depends on quiet time (the end of a replay) are looked at this often. */
const HEARTBEAT_MS = 250;
/** After the last observation, the heartbeat derives again for this long (replay.finished). */
const AFTERGLOW_MS = 2000;
/**
 * A rewrite of the page's log at most this often. During a replay every arrival revises the
 * past (one more message was stored), and each rewrite folds the views again: at 25 a second
 * that took a quarter of the page's time (the charts most), at 3 a second it is nothing.
 */
export const REWRITE_MS = 300;

const OPEN = 1;

/** One connection of a page client to the remote broker. */
interface Conn {
  id: number;
  /** The run's number of this connection, which its derived events carry as `connId`. */
  runConn: number;
  ws: SocketLike;
  /** Created from the first packet the client writes (its CONNECT names it). */
  tap?: ConnectionTap;
  firstFrame: Framer;
  early: Uint8Array[];
  opened: boolean;
  connacked: boolean;
  sentDisconnect: boolean;
  /** The page's side is gone (closed, or silent): nothing more is posted or recorded. */
  done: boolean;
  silenced: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

/** One run: from the first connection after a reset to the next reset. */
interface Run {
  log: ObservationLog;
  live: LiveEvents;
  /** The tap's connection number → the connection. */
  byTap: Map<number, Conn>;
  lastSeen: number;
}

/**
 * The page's broker "worker" when the playground points at a remote broker: it speaks the
 * worker's protocol to the page (so the store, the clients, the scenario runner and every view
 * work unchanged) but opens a real WebSocket for each client connection, records every byte each
 * way (ConnectionTap), and sends the page the events derived from those observations alone
 * (deriveEvents: observed, or inferred and marked so). Time is the wall clock: it cannot pause,
 * jump or run faster; a scenario's `advance` waits for it.
 */
export class RemotePort implements WorkerLike {
  private readonly listeners: ((batch: WorkerBatch) => void)[] = [];
  private readonly conns = new Map<number, Conn>();
  /** Silently dropped connections, left open until the broker notices (or a reset). */
  private readonly lingering = new Set<SocketLike>();
  private readonly timers = new Map<number, ReturnType<typeof setInterval>>();
  private run?: Run;
  private epoch = 0;
  private readonly timeoutMs: number;
  private readonly open: SocketFactory;
  private readonly wall: () => number;
  private deriveTimer?: ReturnType<typeof setTimeout>;
  private heartbeat?: ReturnType<typeof setInterval>;
  /** Disposed: nothing more reaches the page (a sync answered late, a last close). */
  private disposed = false;
  private lastDeriveCost = 0;
  private lastRewrite = Number.NEGATIVE_INFINITY;
  /** Changes posted to the page: a scenario's wait stops at the next one. */
  private changes = 0;
  private advance?: { to: number; stopOnChange: boolean; changes: number };
  private advanceTimer?: ReturnType<typeof setTimeout>;
  private deferredSyncs: number[] = [];
  private busySince?: number;
  private outbox: WorkerMessage[] = [];

  constructor(private readonly options: RemotePortOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.wall = options.now ?? (() => performance.now());
    this.open =
      options.socket ??
      ((url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike);
  }

  onBatch(fn: (batch: WorkerBatch) => void): void {
    this.listeners.push(fn);
  }

  postMessage(messages: PageMessage[]): void {
    for (const m of messages) {
      try {
        this.dispatch(m);
      } catch (e) {
        this.post({ t: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  /** Closes every connection and stops every timer (the page is going away, or a test ends). */
  dispose(): void {
    this.disposed = true;
    this.endAdvance();
    this.closeAll();
    for (const t of this.timers.values()) clearInterval(t);
    this.timers.clear();
  }

  /** Time since the run began (its first connection or its first wait), ms (0 before it). */
  now(): number {
    return this.run ? this.run.log.now() : 0;
  }

  private dispatch(m: PageMessage): void {
    switch (m.t) {
      case 'open':
        return this.openConn(m.conn);
      case 'data':
        return this.fromClient(m.conn, m.bytes);
      case 'close':
        return this.closeFromClient(m.conn);
      case 'sever':
        return this.silence(m.conn);
      case 'timer-set': {
        clearInterval(this.timers.get(m.id));
        const id = m.id;
        this.timers.set(
          id,
          setInterval(
            () => this.post({ t: 'timers-fire', ids: [id], now: this.now() }),
            Math.max(1, m.ms),
          ),
        );
        return;
      }
      case 'timer-clear':
        clearInterval(this.timers.get(m.id));
        this.timers.delete(m.id);
        return;
      case 'sync':
        this.derive(true);
        if (this.advance) this.deferredSyncs.push(m.id);
        else this.answerSync(m.id);
        return;
      case 'advance':
        // A scenario's wait (`until`) looks again at each change; its `advance` runs to `to`.
        return this.startAdvance(m.to, m.until !== undefined);
      case 'reset':
        this.closeAll();
        this.run = undefined;
        this.epoch = m.epoch;
        this.endAdvance();
        this.post({ t: 'events', epoch: this.epoch, events: [], clock: this.clock() });
        return;
      case 'speed':
        if (m.speed !== 1)
          this.post({
            t: 'error',
            message: `${this.options.label} keeps its own time: the clock runs at 1× (real time) and cannot go faster.`,
          });
        return;
      case 'jump':
        this.post({
          t: 'error',
          message: `${this.options.label} keeps its own time: there is no next event to jump to.`,
        });
        return;
      // Real time neither pauses, nor holds, nor waits for the page.
      case 'play':
      case 'pause':
      case 'hold':
      case 'timers-done':
      case 'data-ack':
      case 'batch-ack':
      case 'snapshot':
        return;
      default: {
        const unknown: never = m;
        void unknown;
      }
    }
  }

  private ensureRun(): Run {
    if (this.run) return this.run;
    const run: Run = {
      log: new ObservationLog(this.wall),
      live: new LiveEvents(),
      byTap: new Map(),
      lastSeen: 0,
    };
    run.log.listen((o) => this.observed(run, o));
    this.run = run;
    this.heartbeat ??= setInterval(() => this.beat(), HEARTBEAT_MS);
    return run;
  }

  private openConn(id: number): void {
    const run = this.ensureRun();
    const label = this.options.label;
    let ws: SocketLike;
    try {
      ws = this.open(this.options.url, ['mqtt']);
    } catch (e) {
      // A URL the browser refuses outright (or its Content-Security-Policy does).
      const why = e instanceof Error ? e.message : String(e);
      this.post({ t: 'close', conn: id, error: `could not open a WebSocket to ${label}: ${why}` });
      return;
    }
    ws.binaryType = 'arraybuffer';
    const c: Conn = {
      id,
      runConn: run.log.nextConn(),
      ws,
      firstFrame: new Framer(),
      early: [],
      opened: false,
      connacked: false,
      sentDisconnect: false,
      done: false,
      silenced: false,
    };
    this.conns.set(id, c);
    c.timer = setTimeout(
      () => this.fail(c, `no answer from ${label} within ${this.seconds()}`),
      this.timeoutMs,
    );
    ws.onopen = () => {
      if (c.done) return;
      c.opened = true;
      clearTimeout(c.timer);
      c.timer = setTimeout(() => {
        if (!c.connacked) this.fail(c, `no CONNACK from ${label} within ${this.seconds()}`);
      }, this.timeoutMs);
      this.post({ t: 'open', conn: id, connId: c.runConn });
    };
    ws.onmessage = (e) => {
      if (c.done || c.silenced) return;
      const bytes = toBytes(e.data);
      if (!bytes) return;
      c.tap?.incoming(bytes);
      this.post({ t: 'data', conn: id, bytes, at: this.now() });
    };
    ws.onerror = () => {};
    ws.onclose = (e) => {
      this.lingering.delete(ws);
      clearTimeout(c.timer);
      if (c.done) return;
      c.done = true;
      this.conns.delete(id);
      const error = !c.opened
        ? `could not open a WebSocket to ${label}: the browser does not say why (the connection refused, no such host or path, a TLS certificate it does not trust, or no MQTT over WebSocket there)`
        : !c.connacked
          ? `${label} closed the connection before its CONNACK${e.code ? ` (WebSocket close code ${e.code})` : ''}`
          : undefined;
      c.tap?.closed(error === undefined ? undefined : new Error(error));
      this.post({ t: 'close', conn: id, ...(error === undefined ? {} : { error }) });
    };
  }

  /** A connection that took too long: closed, and the client told why. */
  private fail(c: Conn, error: string): void {
    if (c.done) return;
    c.done = true;
    this.conns.delete(c.id);
    clearTimeout(c.timer);
    c.tap?.closed(new Error(error));
    c.ws.close();
    this.post({ t: 'close', conn: c.id, error });
  }

  private fromClient(id: number, bytes: Uint8Array): void {
    const c = this.conns.get(id);
    // Bytes written while the socket closes (a takeover, the broker's close) never leave: they
    // are not recorded as sent either.
    if (!c || c.done || c.ws.readyState !== OPEN) return;
    let out = bytes;
    if (!c.tap) {
      // The first packet is the CONNECT: it says whose connection this is.
      c.early.push(bytes);
      const frames = c.firstFrame.push(bytes);
      if (frames.length === 0) return;
      c.tap = this.tapFor(c, frames[0]!);
      out = concatBytes(c.early);
      c.early = [];
    }
    const pass = c.tap.outgoing(out);
    if (pass.byteLength > 0) c.ws.send(pass);
  }

  private tapFor(c: Conn, first: Uint8Array): ConnectionTap {
    const run = this.ensureRun();
    const packet = new FrameDecoder(4).decode(first);
    const connect = !(packet instanceof Error) && packet.cmd === 'connect' ? packet : undefined;
    const protocolVersion = connect?.protocolVersion === 5 ? 5 : 4;
    const tap = new ConnectionTap(
      run.log,
      {
        client: connect?.clientId ?? '?',
        clientId: connect?.clientId ?? '?',
        conn: c.runConn,
        protocolVersion,
      },
      // The page's client holds its own acks (SessionClient's gate): this one never does.
      new AckGate(protocolVersion),
      () => {},
    );
    tap.attach({
      write: (bytes) => {
        if (!c.silenced && c.ws.readyState === OPEN) c.ws.send(bytes);
      },
      silence: () => {
        c.silenced = true;
      },
      cut: () => c.ws.close(),
    });
    run.byTap.set(tap.who.conn, c);
    return tap;
  }

  private closeFromClient(id: number): void {
    const c = this.conns.get(id);
    if (!c) return;
    c.done = true;
    this.conns.delete(id);
    clearTimeout(c.timer);
    if (c.tap) {
      c.tap.cause = c.sentDisconnect ? 'client-disconnect' : 'client-drop';
      c.tap.closed();
    }
    c.ws.close();
  }

  /** A silent drop: the page hears and says nothing more; the broker finds out by keep-alive. */
  private silence(id: number): void {
    const c = this.conns.get(id);
    if (!c) return;
    this.conns.delete(id);
    clearTimeout(c.timer);
    c.tap?.silence();
    c.silenced = true;
    c.done = true;
    if (c.ws.readyState === OPEN) this.lingering.add(c.ws);
    else c.ws.close();
  }

  private closeAll(): void {
    for (const c of [...this.conns.values()]) this.closeFromClient(c.id);
    for (const ws of this.lingering) ws.close();
    this.lingering.clear();
    clearTimeout(this.deriveTimer);
    this.deriveTimer = undefined;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private observed(run: Run, o: Observation): void {
    if (run !== this.run) return;
    run.lastSeen = run.log.now();
    if (o.kind === 'packet' && o.packet) {
      const c = run.byTap.get(o.conn);
      if (c && o.dir === 'out' && o.packet.cmd === 'disconnect') c.sentDisconnect = true;
      if (c && o.dir === 'in' && o.packet.cmd === 'connack') {
        c.connacked = true;
        clearTimeout(c.timer);
      }
    }
    this.deriveTimer ??= setTimeout(
      () => {
        this.deriveTimer = undefined;
        this.derive();
      },
      Math.max(DERIVE_DELAY_MS, 5 * this.lastDeriveCost),
    );
  }

  /**
   * Derives the run's events afresh and tells the page what changed. A rewrite waits for
   * REWRITE_MS after the last one, unless `now` (a sync: a scenario reads the log next).
   */
  private derive(now = false): void {
    const run = this.run;
    if (!run) return;
    const started = this.wall();
    const fresh = deriveEvents(run.log.items, AS_SENT, { now: run.log.now() });
    const before = run.live.size;
    this.lastDeriveCost = this.wall() - started;
    const change = run.live.diff(fresh);
    if (!change) return;
    const rewrite = change.from < before;
    const wait = this.lastRewrite + REWRITE_MS - this.wall();
    if (rewrite && wait > 0 && !now) {
      // Later, with whatever more has come by then.
      this.deriveTimer ??= setTimeout(() => {
        this.deriveTimer = undefined;
        this.derive();
      }, wait);
      return;
    }
    run.live.next(fresh);
    if (rewrite) this.lastRewrite = this.wall();
    this.changes++;
    this.post({
      t: 'events',
      epoch: this.epoch,
      events: change.events,
      clock: this.clock(),
      ...(rewrite ? { rewriteFrom: change.from } : {}),
    });
    if (this.advance?.stopOnChange && this.changes > this.advance.changes) this.endAdvance();
  }

  /** The clock for the page, and the inferences that depend on quiet time (a replay's end). */
  private beat(): void {
    const run = this.run;
    if (!run) return;
    if (run.log.now() - run.lastSeen < AFTERGLOW_MS) this.derive();
    this.post({ t: 'events', epoch: this.epoch, events: [], clock: this.clock() });
  }

  private startAdvance(to: number, stopOnChange: boolean): void {
    this.endAdvance();
    // A scenario may wait before it connects anything: its time starts now, or it never would.
    this.ensureRun();
    if (to <= this.now()) return;
    this.advance = { to, stopOnChange, changes: this.changes };
    const check = () => {
      if (!this.advance) return;
      if (this.now() >= this.advance.to) {
        this.endAdvance();
        return;
      }
      this.advanceTimer = setTimeout(check, Math.min(50, this.advance.to - this.now()));
    };
    check();
  }

  private endAdvance(): void {
    this.advance = undefined;
    clearTimeout(this.advanceTimer);
    this.advanceTimer = undefined;
    const syncs = this.deferredSyncs;
    this.deferredSyncs = [];
    for (const id of syncs) this.answerSync(id);
  }

  /** Answers at once when the run is quiet; when bytes are moving, a little later, busy. */
  private answerSync(id: number): void {
    if (!this.busy()) {
      this.post({ t: 'synced', id, clock: this.clock() });
      return;
    }
    setTimeout(() => {
      this.derive(true);
      this.post({ t: 'synced', id, clock: { ...this.clock(), blocked: this.busy() } });
    }, 25);
  }

  /**
   * Bytes moved within QUIET_MS, or a connection waits for its CONNACK; but never busy for
   * longer than MAX_BUSY_MS at a stretch (a burst at a rate goes on while the steps do).
   */
  private busy(): boolean {
    const run = this.run;
    const now = this.now();
    const waiting = [...this.conns.values()].some((c) => !c.done && !c.connacked);
    const busy = run !== undefined && (waiting || now - run.lastSeen < QUIET_MS);
    if (!busy) {
      this.busySince = undefined;
      return false;
    }
    this.busySince ??= now;
    return now - this.busySince < MAX_BUSY_MS;
  }

  private clock(): ClockState {
    return { now: this.now(), speed: 1, paused: false, blocked: false };
  }

  private seconds(): string {
    return `${Math.round(this.timeoutMs / 100) / 10} s`;
  }

  /** Messages reach the page in order, a macrotask later, as a worker's do. */
  private post(message: WorkerMessage): void {
    if (this.disposed) return;
    this.outbox.push(message);
    if (this.outbox.length > 1) return;
    setTimeout(() => {
      // No `ack`: the page's reading pace is the network's concern here, not the port's.
      const batch: WorkerBatch = { messages: this.outbox };
      this.outbox = [];
      for (const fn of this.listeners) fn(batch);
    }, 0);
  }
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}
