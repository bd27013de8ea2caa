import { Buffer } from 'node:buffer';
import { Duplex } from 'node:stream';
import mqtt, { type MqttClient } from 'mqtt';
import { createBroker, type Broker, type BrokerOptions, type Link } from '../broker/broker';
import { VirtualClock } from '../broker/clock';
import type { BrokerEvent } from '../broker/events';
import { clockTimer, type MqttTimer } from '../clients/clockTimer';
import type { SuiteEnv, SuiteEnvOptions } from './sharedSuite';

export interface MemoryEnvOptions
  extends SuiteEnvOptions, Omit<BrokerOptions, 'clock' | 'profile'> {
  /** Largest step of simulated time `advance` takes before letting I/O settle (ms). */
  stepMs?: number;
}

/** The in-memory env, with the broker and clock exposed for tests that look inside. */
export interface MemoryEnv extends SuiteEnv {
  readonly broker: Broker;
  readonly clock: VirtualClock;
  /** An interval timer on the virtual clock, in the shape mqtt.js's `timerVariant` takes. */
  readonly timer: MqttTimer;
  /** Lets queued deliveries (and what they cause) run, without moving simulated time. */
  settle(): Promise<void>;
  /** A new connection to the broker, as the Node stream `open` gives an mqtt.js client. */
  socket(): Duplex;
}

const QUIET_TURNS = 3;
const MAX_SETTLE_TURNS = 10_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * mqtt.js against the broker in memory: each client gets a Node Duplex whose writes go to the
 * broker's Link and whose reads are fed by the broker's transport. Broker → client bytes are
 * delivered on a later turn (setImmediate), as from a socket, so mqtt.js never re-enters
 * itself. Clients' keep-alive runs on the broker's VirtualClock (`timerVariant`), so a test can
 * move simulated time by hours and the clients ping as they would in real time.
 */
export function createMemoryEnv(options: MemoryEnvOptions = {}): MemoryEnv {
  const { stepMs = 1000, ...brokerOptions } = options;
  const clock = new VirtualClock();
  const broker = createBroker({ ...brokerOptions, clock });
  const log: BrokerEvent[] = [];
  const unsubscribe = broker.subscribe((e) => log.push(e));
  const clients = new Set<MqttClient>();
  let pending = 0;

  /** Runs `fn` on a later turn; deliveries keep their order (setImmediate is FIFO). */
  function later(fn: () => void): void {
    pending++;
    setImmediate(() => {
      pending--;
      fn();
    });
  }

  const timer = clockTimer(clock);

  function socket(): Duplex {
    const sock = new MemorySocket();
    sock.attach(
      broker.accept({
        write(bytes) {
          // Copied: the broker may hand the same encoded bytes to many clients.
          const copy = Buffer.from(bytes);
          later(() => sock.fromBroker(copy));
        },
        end() {
          sock.brokerEnded();
          later(() => sock.fromBroker(null));
        },
      }),
    );
    return sock;
  }

  async function settle(): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < MAX_SETTLE_TURNS && quiet < QUIET_TURNS; turn++) {
      await nextTurn();
      quiet = pending === 0 ? quiet + 1 : 0;
    }
  }

  return {
    broker,
    clock,
    timer,
    settle,
    socket,
    open(opts) {
      const client = new mqtt.MqttClient(() => socket(), {
        reconnectPeriod: 0,
        timerVariant: timer,
        ...opts,
      });
      clients.add(client);
      client.once('end', () => clients.delete(client));
      return client;
    },
    async advance(ms) {
      await settle();
      const target = clock.now() + ms;
      while (clock.now() < target) {
        clock.advanceTo(Math.min(target, clock.now() + stepMs));
        await settle();
      }
    },
    events: () => [...log],
    async close() {
      for (const client of clients) client.end(true);
      clients.clear();
      await settle();
      broker.close();
      await settle();
      unsubscribe();
    },
  };
}

/**
 * The client's end of an in-memory connection, shaped like a net.Socket for mqtt.js: what
 * mqtt.js writes goes to the broker's Link; destroying or ending it tells the broker the
 * transport closed.
 */
class MemorySocket extends Duplex {
  private link?: Link;
  /** The broker knows this connection is over (it closed it, or was told). */
  private over = false;

  constructor() {
    // As net.Socket: when the broker ends its side, this side ends too.
    super({ allowHalfOpen: false });
  }

  attach(link: Link): void {
    this.link = link;
  }

  /** Bytes from the broker, or null when it closed the connection. */
  fromBroker(bytes: Buffer | null): void {
    if (!this.destroyed && this.readable) this.push(bytes);
  }

  brokerEnded(): void {
    this.over = true;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    if (!this.over) this.link?.receive(Uint8Array.from(chunk));
    callback();
  }

  override _final(callback: () => void): void {
    this.cut();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.cut();
    callback(error);
  }

  /** The client's side is gone without a word to the broker: the transport closed. */
  private cut(): void {
    if (this.over || !this.link) return;
    this.over = true;
    this.link.closed();
  }
}
