import mqtt from 'mqtt';
// The broker's own modules, not its index: the page imports the index too, and through it the
// bundler would count the whole broker as the first load's, not this lazy check's.
import { createBroker, type Broker, type Link } from '../broker/broker';
import { VirtualClock } from '../broker/clock';
import type { BrokerEvent } from '../broker/events';
import type { ProfileName, ProfileOverrides } from '../broker/profiles';
import { clockTimer } from '../clients/clockTimer';
import { TappedSocket, type InnerSocket } from './socketTap';
import type { Target } from './target';

/** Runs `fn` on a later turn of the event loop, FIFO, with no clamping (not setTimeout). */
type Later = (fn: () => void) => void;

function laterTurns(): { later: Later; close(): void } {
  if (typeof setImmediate === 'function') return { later: (fn) => setImmediate(fn), close() {} };
  // In the browser: a MessageChannel's messages are macrotasks that nothing throttles.
  const queue: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => queue.shift()?.();
  return {
    later(fn) {
      queue.push(fn);
      channel.port2.postMessage(null);
    },
    close: () => channel.port1.close(),
  };
}

type Name = 'open' | 'message' | 'close' | 'error';

/**
 * One connection to a broker in memory, shaped like a WebSocket: what the client sends reaches
 * the broker at once; what the broker writes arrives a turn later, as from a network.
 */
class MemorySocket implements InnerSocket {
  binaryType = 'arraybuffer';
  readyState = 0;
  private readonly link: Link;
  private readonly listeners: Record<Name, ((e: never) => void)[]> = {
    open: [],
    message: [],
    close: [],
    error: [],
  };

  constructor(broker: Broker, later: Later) {
    this.link = broker.accept({
      write: (bytes) => {
        const copy = new Uint8Array(bytes);
        later(() => {
          if (this.readyState === 1) this.fire('message', { data: copy.buffer });
        });
      },
      end: () => {
        if (this.readyState >= 2) return;
        this.readyState = 2;
        later(() => this.shut());
      },
    });
    later(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.fire('open', {});
    });
  }

  addEventListener(name: Name, fn: (e: never) => void): void {
    this.listeners[name].push(fn);
  }

  send(data: Uint8Array): void {
    if (this.readyState === 1) this.link.receive(new Uint8Array(data));
  }

  close(): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    this.link.closed();
    this.shut();
  }

  private shut(): void {
    this.readyState = 3;
    this.fire('close', { code: 1000, reason: '' });
  }

  private fire(name: Name, event: object): void {
    for (const fn of this.listeners[name]) (fn as (e: object) => void)(event);
  }
}

/** An in-memory target, with the broker's own events (which a remote broker never shows). */
export interface MemorySocketTarget extends Target {
  brokerEvents(): BrokerEvent[];
}

const QUIET_TURNS = 3;
const MAX_SETTLE_TURNS = 10_000;

/**
 * Our own broker in memory with a profile, on a simulated clock, reached by mqtt.js over
 * WebSocket-shaped sockets: it runs in the page as in Node (the Node-only createMemoryTarget
 * uses streams). `sleep` moves simulated time from timer to timer, the clients and the broker
 * having their say after each, so an expiry or a paced replay costs no wall time. The page's
 * check runs its probes against this for each profile's column.
 */
export function createMemorySocketTarget(
  profile: ProfileName,
  overrides: ProfileOverrides,
  seed = 1,
): MemorySocketTarget {
  const clock = new VirtualClock();
  const broker = createBroker({ clock, profile, overrides, seed });
  const events: BrokerEvent[] = [];
  const unsubscribe = broker.subscribe((e) => events.push(e));
  const turns = laterTurns();
  let pending = 0;
  const later: Later = (fn) => {
    pending++;
    turns.later(() => {
      pending--;
      fn();
    });
  };
  const timer = clockTimer(clock);
  const nextTurn = () => new Promise<void>((resolve) => turns.later(resolve));
  const settle = async () => {
    let quiet = 0;
    for (let turn = 0; turn < MAX_SETTLE_TURNS && quiet < QUIET_TURNS; turn++) {
      await nextTurn();
      quiet = pending === 0 ? quiet + 1 : 0;
    }
  };
  return {
    label: `our ${profile} profile (in memory)`,
    realTime: false,
    open: (options, tap) =>
      mqtt.connect('ws://memory.invalid/mqtt', {
        ...options,
        forceNativeWebSocket: true,
        timerVariant: timer,
        createWebsocket: () => new TappedSocket(new MemorySocket(broker, later), tap),
      }),
    now: () => clock.now(),
    async sleep(ms) {
      await settle();
      const end = clock.now() + ms;
      while (clock.now() < end) {
        const next = clock.nextTimerAt();
        clock.advanceTo(next !== undefined && next < end ? next : end);
        await settle();
      }
    },
    async close() {
      await settle();
      broker.close();
      await settle();
      unsubscribe();
      turns.close();
    },
    brokerEvents: () => [...events],
  };
}
