import type { WorkerLike } from '../transport/workerChannel';
import { BrokerHost } from './brokerHost';
import type { PageMessage, WorkerBatch } from './protocol';
import { packPage, unpackPage, WorkerWireReader, WorkerWireWriter } from './wire';

/**
 * A Worker stand-in backed by a BrokerHost in this process, for Node (the scenario command,
 * tests): batches cross asynchronously both ways (a macrotask, as postMessage does), in the
 * wire form the real worker uses. The wall clock is the caller's: `tick(ms)` moves it and lets
 * the host run, as the worker's interval does.
 */
export class InProcessWorker implements WorkerLike {
  wall = 0;
  readonly host: BrokerHost;
  private readonly listeners: ((batch: WorkerBatch) => void)[] = [];

  constructor() {
    const writer = new WorkerWireWriter();
    const reader = new WorkerWireReader();
    this.host = new BrokerHost(
      (batch) => {
        const { wire } = writer.pack(batch);
        setTimeout(() => {
          const unpacked = reader.unpack(wire);
          this.listeners.forEach((fn) => fn(unpacked));
        }, 0);
      },
      () => this.wall,
    );
  }

  postMessage(messages: PageMessage[]): void {
    const { wire } = packPage(messages);
    setTimeout(() => {
      for (const m of unpackPage(wire)) this.host.handle(m);
    }, 0);
  }

  onBatch(fn: (batch: WorkerBatch) => void): void {
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
