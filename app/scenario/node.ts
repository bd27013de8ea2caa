import { createAppStore } from '../store/appStore';
import { WorkerChannel } from '../transport/workerChannel';
import { InProcessWorker } from '../worker/inProcessWorker';
import type { Scenario } from './format';
import type { BrokerEvent } from '../broker';
import { ScenarioRunner, type RunReport } from './runner';

/** A headless run's report, with every broker event of the run. */
export type HeadlessRun = RunReport & { log: readonly BrokerEvent[] };

/**
 * Runs a scenario headless: the playground's store, worker and mqtt.js clients, in this
 * process instead of a page. The same runner as the page's, so the same events.
 */
export async function runHeadless(scenario: Scenario): Promise<HeadlessRun> {
  const worker = new InProcessWorker();
  const stop = worker.run();
  const channel = new WorkerChannel(worker);
  const store = createAppStore(channel, (fn) => setTimeout(fn, 0));
  try {
    const runner = new ScenarioRunner(scenario, store);
    await runner.load();
    const report = await runner.runAll();
    return { ...report, log: [...runner.events()] };
  } finally {
    store.dispose();
    stop();
  }
}
