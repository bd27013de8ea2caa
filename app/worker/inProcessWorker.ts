import type { WorkerLike } from '../transport/workerChannel';
import { BrokerHost } from './brokerHost';
import type { PageMessage, WorkerMessage } from './protocol';

/**
 * A Worker stand-in backed by a BrokerHost in this process, for Node (the scenario command,
 * tests): messages cross asynchronously both ways (a macrotask, as postMessage does). The wall
 * clock is the caller's: `tick(ms)` moves it and lets the host run, as the worker's interval does.
 */
export class InProcessWorker implements WorkerLike {
  wall = 0;
  readonly host: BrokerHost;
  private readonly listeners: ((e: MessageEvent<WorkerMessage>) => void)[] = [];

  constructor() {
    this.host = new BrokerHost(
      (m) =>
        setTimeout(
          () => this.listeners.forEach((fn) => fn({ data: m } as MessageEvent<WorkerMessage>)),
          0,
        ),
      () => this.wall,
    );
  }

  postMessage(message: PageMessage): void {
    setTimeout(() => this.host.handle(message), 0);
  }

  addEventListener(_type: 'message', fn: (e: MessageEvent<WorkerMessage>) => void): void {
    this.listeners.push(fn);
  }

  tick(wallMs: number): void {
    this.wall += wallMs;
    this.host.tick();
  }

  /** Ticks by itself every millisecond (16 ms of wall time each); returns how to stop. */
  run(): () => void {
    const interval = setInterval(() => this.tick(16), 1);
    return () => clearInterval(interval);
  }
}
