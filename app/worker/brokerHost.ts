import { createBroker } from '../broker/broker';
import {
  ClockDriver,
  SESSION_TIMERS,
  PROFILE_NAMES,
  ProfileError,
  VirtualClock,
  NEVER,
  wallTime,
  type Broker,
  type BrokerEvent,
  type Link,
} from '../broker';
import type {
  AwaitedEvent,
  BrokerSetup,
  ClockState,
  PageMessage,
  WorkerBatch,
  WorkerMessage,
} from './protocol';
import { DEFAULT_SETUP } from './setup';
import { concatBytes } from '../broker/bytes';

/**
 * The worker's side: one broker on a simulated clock, the connections of the page's clients,
 * and the page's client timers, which run on the same clock. It is plain code with `post`
 * and the wall clock injected, so a unit test can run it without a worker.
 */
export class BrokerHost {
  private broker!: Broker;
  private clock!: VirtualClock;
  private driver!: ClockDriver;
  private links = new Map<number, Link>();
  /** Connections whose client was cut off silently (see `sever`). */
  private readonly severed = new Set<number>();
  private timers = new Map<number, { handle: number; ms: number }>();
  private firing: number[] = [];
  private batch: BrokerEvent[] = [];
  private unsubscribe?: () => void;
  private speed = 1;
  private paused = false;
  private epoch = 0;
  /** Data messages posted to the page, and how many it has acknowledged. */
  private dataPosted = 0;
  private dataAcked = 0;
  /** The page is busy with something that takes no simulated time (see `hold`). */
  private pageHold = false;
  /** What the scenario step under way waits for, and whether it has happened. */
  private awaited: AwaitedEvent | undefined;
  private awaitedSeen = false;

  /**
   * Messages for the page, in order, sent in batches of at most BATCH_PACKETS packets and
   * BATCH_EVENTS events, with at most WINDOW batches unacknowledged: the page takes each batch
   * in within its frame budget, and a burst of thousands of packets reaches it as fast as it
   * takes them, never as one message too big to take in one go. Bytes for a client gather into
   * one data message (up to MAX_BATCH packets) until another message comes.
   */
  private outbox: Outgoing[] = [];
  private openData = new Map<number, DataOut>();
  private unsentData = 0;
  private batchesSent = 0;
  private batchesAcked = 0;

  constructor(
    private readonly send: (batch: WorkerBatch) => void,
    private readonly wallNow: () => number,
    setup: BrokerSetup = DEFAULT_SETUP,
  ) {
    this.start(setup);
    this.drain();
  }

  /** Handles one message from the page; never throws. */
  handle(message: PageMessage): void {
    try {
      this.dispatch(message);
    } catch (e) {
      this.post({ t: 'error', message: e instanceof Error ? e.message : String(e) });
    }
    this.drain();
  }

  /** Called by the host's interval: moves time, then sends what there is to send. */
  tick(): void {
    this.driver.tick();
    this.afterAdvance();
    this.drain();
  }

  /** Every message to the page goes after the bytes written before it: order is kept. */
  private post(message: WorkerMessage): void {
    this.openData.clear();
    const last = this.outbox.at(-1);
    if (message.t === 'events' && last?.kind === 'message' && last.message.t === 'events') {
      // Batches not yet sent merge: one message, the latest clock. (Appended in place: copying
      // the waiting batch on every merge made a burst quadratic.)
      const events = last.message.events;
      for (const e of message.events) events.push(e);
      last.message = { ...message, events };
      return;
    }
    this.outbox.push({ kind: 'message', message });
  }

  /** Sends what the outbox holds, in order, in batches, while the window has room. */
  private drain(): void {
    while (this.outbox.length > 0 && this.batchesSent - this.batchesAcked < WINDOW) {
      const messages: WorkerMessage[] = [];
      let packets = 0;
      let events = 0;
      while (this.outbox.length > 0) {
        const next = this.outbox[0]!;
        if (next.kind === 'data') {
          if (packets > 0 && packets + next.chunks.length > BATCH_PACKETS) break;
          this.outbox.shift();
          this.openData.delete(next.conn);
          this.unsentData--;
          this.dataPosted++;
          packets += next.chunks.length;
          messages.push({
            t: 'data',
            conn: next.conn,
            bytes: concatBytes(next.chunks),
            at: next.at,
          });
          continue;
        }
        const m = next.message;
        if (m.t === 'events') {
          const room = BATCH_EVENTS - events;
          if (room <= 0) break;
          if (m.events.length > room) {
            // A large batch of events goes in parts; the rest stays first in line.
            messages.push({ ...m, events: m.events.slice(0, room) });
            next.message = { ...m, events: m.events.slice(room) };
            events += room;
            break;
          }
          events += m.events.length;
        }
        this.outbox.shift();
        messages.push(m);
      }
      this.send({ messages, ack: ++this.batchesSent });
    }
  }

  private dispatch(m: PageMessage): void {
    switch (m.t) {
      case 'open':
        return this.open(m.conn);
      case 'data':
        this.links.get(m.conn)?.receive(m.bytes);
        return this.flush();
      case 'close': {
        const link = this.links.get(m.conn);
        this.links.delete(m.conn);
        this.severed.delete(m.conn);
        link?.closed();
        return this.flush();
      }
      case 'sever':
        if (this.links.has(m.conn)) this.severed.add(m.conn);
        return;
      case 'timer-set':
        return this.setTimer(m.id, m.ms);
      case 'timer-clear':
        this.clock.clearTimeout(this.timers.get(m.id)?.handle);
        this.timers.delete(m.id);
        return;
      case 'timers-done':
        this.driver.resume();
        return this.afterAdvance();
      case 'data-ack':
        this.dataAcked = Math.max(this.dataAcked, m.upTo);
        this.updateHold();
        return this.afterAdvance();
      case 'batch-ack':
        this.batchesAcked = Math.max(this.batchesAcked, m.upTo);
        return;
      case 'hold':
        this.pageHold = m.hold;
        this.updateHold();
        return this.afterAdvance();
      case 'play':
        this.paused = false;
        this.driver.play();
        return this.afterAdvance();
      case 'pause':
        this.paused = true;
        this.driver.pause();
        return this.afterAdvance();
      case 'speed': {
        const error = this.driver.setSpeed(m.speed);
        if (error) this.post({ t: 'error', message: error });
        else this.speed = m.speed;
        return this.afterAdvance();
      }
      case 'jump':
        if (!this.driver.jumpToNext(SESSION_TIMERS, this.silenceDeadline())) {
          this.post({
            t: 'error',
            about: 'jump',
            message:
              'Nothing timed is ahead: no replay step, expiry, delayed Will or keep-alive deadline.',
          });
        }
        return this.afterAdvance();
      case 'advance': {
        // Events from here on are matched against what the step waits for (if anything).
        this.awaited = m.until;
        this.awaitedSeen = false;
        const until = m.until ? () => this.awaitedSeen : undefined;
        if (m.paced) {
          this.paused = false;
          this.driver.playUntil(m.to, until, m.quietMs);
        } else {
          this.driver.runTo(m.to, until);
        }
        return this.afterAdvance();
      }
      case 'sync':
        this.flush(true);
        this.post({ t: 'synced', id: m.id, clock: this.clockState() });
        return;
      case 'reset':
        return this.reset(m.setup, m.epoch);
      case 'snapshot':
        this.post({ t: 'snapshot', sessions: this.broker.sessions() });
        return;
      default: {
        const unknown: never = m;
        this.post({ t: 'error', message: `unknown message ${JSON.stringify(unknown)}` });
      }
    }
  }

  private start(setup: BrokerSetup): void {
    if (!PROFILE_NAMES.includes(setup.profile))
      throw new ProfileError(`unknown profile ${setup.profile}`);
    const clock = new VirtualClock();
    // Packets are traced so that the inspector can show any of them field by field.
    const broker = createBroker({
      clock,
      profile: setup.profile,
      // No CONNECT timeout here: the page's clients send CONNECT as soon as their port opens,
      // but at 3600x one 16 ms tick is a minute of simulated time, which could pass between
      // the 'open' and the CONNECT and close a healthy client. The timeout guards the Node
      // host's sockets; a setup may still ask for one.
      overrides: { connectTimeout: NEVER, ...setup.overrides },
      seed: setup.seed,
      tracePackets: true,
    });
    this.unsubscribe?.();
    this.clock = clock;
    this.broker = broker;
    this.driver = new ClockDriver(clock, () => wallTime(this.wallNow()), {
      stopAfter: ['client'],
      paused: this.paused,
    });
    this.driver.setSpeed(this.speed);
    this.unsubscribe = broker.subscribe((e) => {
      this.batch.push(e);
      if (this.awaited && !this.awaitedSeen && isAwaited(e, this.awaited)) this.awaitedSeen = true;
    });
    this.post({ t: 'ready', setup });
  }

  /** A fresh broker with the given setup; a bad setup is refused and the old broker kept. */
  private reset(setup: BrokerSetup, epoch: number): void {
    // A paced scenario step may have paused the clock on its own: the new broker keeps that.
    this.paused = this.driver.isPaused;
    const previous = { broker: this.broker, links: this.links };
    try {
      this.start(setup);
    } catch (e) {
      // The page has already moved to the new epoch with an empty view: keep in step with a
      // fresh broker on the default setup rather than the old one.
      this.post({
        t: 'error',
        message: `${e instanceof Error ? e.message : String(e)}; restarted with the default profile`,
      });
      this.start(DEFAULT_SETUP);
    }
    this.epoch = epoch;
    previous.broker.close();
    for (const conn of previous.links.keys()) this.post({ t: 'close', conn });
    this.links = new Map();
    this.severed.clear();
    this.timers.clear();
    this.firing = [];
    this.batch = [];
    this.flush(true);
  }

  /**
   * The first keep-alive deadline of a connection whose client was cut off silently: the broker
   * closes it then. (A healthy client's deadline is no event: its next ping moves it on.)
   */
  private silenceDeadline(): number | undefined {
    let first: number | undefined;
    for (const conn of this.severed) {
      const at = this.links.get(conn)?.keepaliveDeadline();
      if (at !== undefined && (first === undefined || at < first)) first = at;
    }
    return first;
  }

  private open(conn: number): void {
    const link = this.broker.accept({
      write: (bytes) => this.postData(conn, bytes),
      end: () => {
        this.severed.delete(conn);
        if (this.links.delete(conn)) this.post({ t: 'close', conn });
      },
    });
    this.links.set(conn, link);
    this.post({ t: 'open', conn, connId: link.connId });
    this.flush();
  }

  /**
   * Bytes for a page client. Time holds still until the page says its clients have them: a
   * PINGRESP must reach mqtt.js before its keep-alive timer next looks, at any speed.
   */
  private postData(conn: number, bytes: Uint8Array): void {
    this.driver.hold(true);
    // A copy: a view would send its whole underlying buffer across.
    const copy = new Uint8Array(bytes);
    const open = this.openData.get(conn);
    if (open && open.chunks.length < MAX_BATCH) {
      open.chunks.push(copy);
      return;
    }
    const data: DataOut = { kind: 'data', conn, chunks: [copy], at: this.clock.now() };
    this.outbox.push(data);
    this.openData.set(conn, data);
    this.unsentData++;
  }

  /**
   * Time holds while bytes are on their way to the page's clients, and while the page says it
   * is busy with something that takes no simulated time.
   */
  private updateHold(): void {
    this.driver.hold(this.dataAcked < this.dataPosted || this.unsentData > 0 || this.pageHold);
  }

  /** A client timer (mqtt.js keep-alive): an interval on the simulated clock. */
  private setTimer(id: number, ms: number): void {
    this.clock.clearTimeout(this.timers.get(id)?.handle);
    const interval = Math.max(1, ms);
    const arm = (): number =>
      this.clock.setTimeout(
        () => {
          this.firing.push(id);
          const timer = this.timers.get(id);
          if (timer) timer.handle = arm();
        },
        interval,
        'client',
      );
    this.timers.set(id, { handle: arm(), ms: interval });
  }

  /** After time moved: hand fired client timers to the page, and send the events. */
  private afterAdvance(): void {
    if (this.driver.isBlocked && this.firing.length) {
      // Timers of other clients due at the same instant go in the same round trip.
      this.clock.advanceTo(this.clock.now());
      this.post({ t: 'timers-fire', ids: this.firing, now: this.clock.now() });
      this.firing = [];
    }
    this.flush(true);
  }

  private flush(always = false): void {
    if (!always && this.batch.length === 0) return;
    const events = this.batch;
    this.batch = [];
    this.post({ t: 'events', epoch: this.epoch, events, clock: this.clockState() });
  }

  private clockState(): ClockState {
    return {
      now: this.clock.now(),
      speed: this.driver.speed,
      paused: this.driver.isPaused,
      blocked: this.driver.isBlocked,
    };
  }
}

/** Whether an event is the one a scenario step waits for. */
function isAwaited(e: BrokerEvent, m: AwaitedEvent): boolean {
  if (e.type !== m.type) return false;
  if (m.clientId !== undefined && (!('clientId' in e) || e.clientId !== m.clientId)) return false;
  if (m.reason !== undefined && (!('reason' in e) || e.reason !== m.reason)) return false;
  return true;
}

/**
 * Packets per data message to the page. The page hands each to its client in a task of its own
 * and checks its frame budget after it: mqtt.js takes a few hundred microseconds for sixteen
 * QoS 1 packets (parsing, handling, the PUBACKs), so a task seldom runs far past the budget.
 */
export const MAX_BATCH = 16;
/** What one batch to the page holds at most: the page takes one in a few milliseconds. */
const BATCH_PACKETS = 512;
const BATCH_EVENTS = 2048;
/** Batches on their way to the page at once. */
const WINDOW = 3;

interface DataOut {
  kind: 'data';
  conn: number;
  chunks: Uint8Array[];
  at: number;
}
type Outgoing = DataOut | { kind: 'message'; message: WorkerMessage };
