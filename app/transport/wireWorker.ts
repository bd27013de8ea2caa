import type { PageMessage, WorkerBatch } from '../worker/protocol';
import { packPage, WorkerWireReader, type WorkerWire } from '../worker/wire';
import type { WorkerLike } from './workerChannel';

/** The broker's Worker as the channel speaks to it: whole batches, in the wire form. */
export function wireWorker(worker: Worker): WorkerLike {
  const reader = new WorkerWireReader();
  return {
    postMessage(messages: PageMessage[]) {
      const { wire, transfer } = packPage(messages);
      worker.postMessage(wire, transfer);
    },
    onBatch(fn: (batch: WorkerBatch) => void) {
      worker.addEventListener('message', (e: MessageEvent<WorkerWire>) =>
        fn(reader.unpack(e.data)),
      );
    },
  };
}
