import {
  ClockDriver,
  createBroker,
  PROFILE_NAMES,
  ProfileError,
  VirtualClock,
  NEVER,
  wallTime,
  type Broker,
  type BrokerEvent,
  type Link,
  type TimerKind,
} from '../broker';
import type { BrokerSetup, ClockState, PageMessage, WorkerMessage } from './protocol';
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

  /**
   * Messages for the page, in order, sent a bounded amount per turn: a burst of thousands of
   * packets reaches the page over several frames instead of freezing one. Bytes for a client
   * gather into one data message (up to MAX_BATCH packets) until another message comes.
   */
  private outbox: Outgoing[] = [];
  private openData = new Map<number, DataOut>();
  private unsentData = 0;
  /** What may still be sent to the page before the next tick (refilled every tick). */
  private packetBudget = PACKETS_PER_TICK;
  private eventBudget = EVENTS_PER_TICK;

  constructor(
    private readonly send: (message: WorkerMessage) => void,
    private readonly wallNow: () => number,
    setup: BrokerSetup = DEFAULT_SETUP,
  ) {
    this.start(setup);
    this.drain(true);
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

  /** Called by the host's interval: moves time, then sends the events of this tick. */
  tick(): void {
    this.driver.tick();
    this.afterAdvance();
    this.packetBudget = PACKETS_PER_TICK;
    this.eventBudget = EVENTS_PER_TICK;
    this.drain(true);
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

  /**
   * Sends what the outbox holds, in order, within what is left of this tick's budget; a tick
   * sends at least one message, so a single large one is never stuck.
   */
  private drain(tick = false): void {
    let first = tick;
    while (this.outbox.length > 0) {
      const next = this.outbox[0]!;
      const size = next.kind === 'data' ? next.chunks.length : 0;
      const count =
        next.kind === 'message' && next.message.t === 'events' ? next.message.events.length : 0;
      if (!first && (size > this.packetBudget || count > this.eventBudget)) break;
      first = false;
      this.outbox.shift();
      if (next.kind === 'data') {
        this.openData.delete(next.conn);
        this.unsentData--;
        this.dataPosted++;
        this.send({ t: 'data', conn: next.conn, bytes: concatBytes(next.chunks), at: next.at });
        this.packetBudget -= size;
      } else if (next.message.t === 'events' && count > EVENTS_PER_TICK) {
        // A huge batch goes in parts, the rest first in line for the next tick.
        this.outbox.unshift({
          kind: 'message',
          message: { ...next.message, events: next.message.events.slice(EVENTS_PER_TICK) },
        });
        this.send({ ...next.message, events: next.message.events.slice(0, EVENTS_PER_TICK) });
        this.eventBudget = 0;
        break;
      } else {
        this.send(next.message);
        this.eventBudget -= count;
      }
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
        link?.closed();
        return this.flush();
      }
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
        this.driver.hold(this.dataAcked < this.dataPosted || this.unsentData > 0);
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
        if (!this.driver.jumpToNext()) this.post({ t: 'error', message: 'no timed event ahead' });
        return this.afterAdvance();
      case 'advance':
        if (m.paced) {
          this.paused = false;
          this.driver.playUntil(m.to, m.stopAtTimer ? BROKER_TIMERS : undefined);
        } else {
          this.driver.runTo(m.to, m.stopAtTimer ? BROKER_TIMERS : undefined);
        }
        return this.afterAdvance();
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
    this.unsubscribe = broker.subscribe((e) => this.batch.push(e));
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
    this.timers.clear();
    this.firing = [];
    this.batch = [];
    this.flush(true);
  }

  private open(conn: number): void {
    const link = this.broker.accept({
      write: (bytes) => this.postData(conn, bytes),
      end: () => {
        if (this.links.delete(conn)) this.post({ t: 'close', conn });
      },
    });
    this.links.set(conn, link);
    this.post({ t: 'open', conn });
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

/** Every timer of the broker's own (not the clients'): where a scenario's wait looks again. */
const BROKER_TIMERS: readonly TimerKind[] = [
  'keepalive',
  'replay',
  'session-expiry',
  'message-expiry',
  'will-delay',
  'other',
];

/** Packets per data message to the page. */
const MAX_BATCH = 64;
/** What the page is sent per tick (16 ms) at most: a burst spreads over frames. */
const PACKETS_PER_TICK = 256;
const EVENTS_PER_TICK = 4000;

interface DataOut {
  kind: 'data';
  conn: number;
  chunks: Uint8Array[];
  at: number;
}
type Outgoing = DataOut | { kind: 'message'; message: WorkerMessage };
