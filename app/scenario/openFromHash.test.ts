import { afterEach, describe, expect, it } from 'vitest';
import type { RemoteMode } from '../remote/page/remoteMode';
import { createAppStore, type AppStore } from '../store/appStore';
import { WorkerChannel } from '../transport/workerChannel';
import { InProcessWorker } from '../worker/inProcessWorker';
import { LESSONS } from './lessons';
import { headlessPlayground } from './node';
import { openFromHash } from './openFromHash';
import { createScenarioStore } from './scenarioStore';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

/** The page's stores; `remote` as `?broker=…` makes them (our broker here stands in for it). */
function page(remote?: RemoteMode) {
  const worker = new InProcessWorker();
  const stop = worker.run();
  const app: AppStore = createAppStore(
    new WorkerChannel(worker),
    (fn) => setTimeout(fn, 0),
    undefined,
    false,
    remote,
  );
  open.push({
    close() {
      app.dispose();
      stop();
    },
  });
  const scenarios = createScenarioStore(app, () => {
    const other = headlessPlayground();
    open.push(other);
    return other;
  });
  return { app, scenarios };
}

const REMOTE: RemoteMode = {
  url: 'ws://192.168.1.5:9001/mqtt',
  label: 'ws://192.168.1.5:9001/mqtt',
  origin: 'ws://192.168.1.5:9001',
  idPrefix: 'lab-',
  credentials: {},
};

const LESSON = LESSONS[0]!.scenario;

describe('a link that asks to play its lesson at once (#…&autoplay)', () => {
  it('plays it to the end on the page’s own broker', async () => {
    const { app, scenarios } = page();
    await openFromHash('#embed&lesson=01&autoplay', scenarios, app);
    expect(scenarios.getState().scenario).toBe(LESSON);
    expect(scenarios.getState().outcomes).toHaveLength(LESSON.steps.length);
    expect(scenarios.getState().autoplayHeld).toBe(false);
  }, 60_000);

  it('against a remote broker, opens the lesson and waits for the person: nothing connects', async () => {
    const { app, scenarios } = page(REMOTE);
    await openFromHash('#embed&lesson=01&autoplay', scenarios, app);
    expect(scenarios.getState().scenario).toBe(LESSON);
    expect(scenarios.getState().outcomes).toEqual([]);
    expect(scenarios.getState().autoplayHeld).toBe(true);
    // The lesson's clients are in the page, and none of them has tried to connect.
    app.flushNow();
    const { clients, clientOrder } = app.getState();
    expect(clientOrder.length).toBeGreaterThan(0);
    expect(clientOrder.map((n) => clients[n]!.status)).toEqual(clientOrder.map(() => 'offline'));
    expect(app.log.all().filter((e) => e.type === 'connack.sent')).toEqual([]);
    // The person's first step (here, Next step) ends the wait, and the line that says so.
    await scenarios.getState().actions.next();
    expect(scenarios.getState().autoplayHeld).toBe(false);
    expect(scenarios.getState().outcomes).toHaveLength(1);
  }, 60_000);

  it('against a remote broker, a link without autoplay only opens, as before', async () => {
    const { app, scenarios } = page(REMOTE);
    await openFromHash('#lesson=01', scenarios, app);
    expect(scenarios.getState().scenario).toBe(LESSON);
    expect(scenarios.getState().autoplayHeld).toBe(false);
  }, 60_000);
});
