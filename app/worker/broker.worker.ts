/// <reference lib="webworker" />
import { BrokerHost } from './brokerHost';
import type { PageWire } from './wire';
import { unpackPage, WorkerWireWriter } from './wire';

// The worker is only wiring: batches in, batches out, and the tick that moves time.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const writer = new WorkerWireWriter();
const host = new BrokerHost(
  (batch) => {
    const { wire, transfer } = writer.pack(batch);
    scope.postMessage(wire, transfer);
  },
  () => performance.now(),
);
scope.onmessage = (e: MessageEvent<PageWire>) => {
  for (const m of unpackPage(e.data)) host.handle(m);
};
setInterval(() => host.tick(), 16);
