/// <reference lib="webworker" />
import { BrokerHost } from './brokerHost';
import type { PageMessage, WorkerMessage } from './protocol';

// The worker is only wiring: messages in, messages out, and the tick that moves time.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new BrokerHost(
  (message: WorkerMessage) => scope.postMessage(message),
  () => performance.now(),
);
scope.onmessage = (e: MessageEvent<PageMessage>) => host.handle(e.data);
setInterval(() => host.tick(), 16);
