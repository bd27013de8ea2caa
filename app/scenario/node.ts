import type { BrokerEvent } from '../broker';
import { createAppStore, type AppStore } from '../store/appStore';
import { WorkerChannel } from '../transport/workerChannel';
import { InProcessWorker } from '../worker/inProcessWorker';
import type { Scenario } from './format';
import { ScenarioRunner, type RunReport } from './runner';

/** A headless run's report, with every broker event of the run. */
export type HeadlessRun = RunReport & { log: readonly BrokerEvent[] };

/**
 * The playground without a page: its store, its broker worker (in this process) and its
 * mqtt.js clients. `close` stops it.
 */
export function headlessPlayground(logLimit?: number): { store: AppStore; close(): void } {
  const worker = new InProcessWorker();
  const stop = worker.run();
  const store = createAppStore(new WorkerChannel(worker), (fn) => setTimeout(fn, 0), logLimit);
  return {
    store,
    close() {
      store.dispose();
      stop();
    },
  };
}

/**
 * Runs a scenario headless: the same runner as the page's, on the same store, worker and
 * clients, so the same events.
 */
export async function runHeadless(scenario: Scenario): Promise<HeadlessRun> {
  const { store, close } = headlessPlayground();
  try {
    const runner = new ScenarioRunner(scenario, store);
    await runner.load();
    const report = await runner.runAll();
    return { ...report, log: [...runner.events()] };
  } finally {
    close();
  }
}
