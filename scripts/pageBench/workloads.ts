import type { Page } from '@playwright/test';
import { attach, heapAfterGc } from './cdp';
import { Ui, receivedCount, storedCount } from './loads';
import type { RunFigures } from './probe';

/**
 * What `npm run bench:page` puts the page through: each load drives the playground through its
 * forms (see loads.ts) and says what it measured.
 */

export interface LoadResult extends RunFigures {
  deliveries: number;
  /** The page's main thread busy (Performance.getMetrics TaskDuration) in the measured runs. */
  busyMs?: number;
  heapPage: number;
  heapWorker: number;
  note?: string;
}

type Load = (ui: Ui) => Promise<LoadResult>;

const heaps = async (page: Page) => {
  const cdp = await attach(page);
  return {
    heapPage: await heapAfterGc(cdp.page),
    heapWorker: cdp.worker ? await heapAfterGc(cdp.worker) : NaN,
  };
};

/**
 * Two clients (A subscribed to t/#, QoS 1), B publishes `count` QoS 1 at once: until A has them.
 * A click scrolls B's burst button into view, as it does for a person, and the stage and the
 * timeline at the top of the page out of it; `inView` keeps the page at its top instead (the
 * button clicked from script), so the stage is seen drawing the burst.
 */
const burst =
  (count: number, inView = false, before = 0): Load =>
  async (ui) => {
    await ui.profile('MQTT standard');
    await ui.addClient('A');
    await ui.addClient('B');
    await ui.connect('A');
    await ui.connect('B');
    await ui.subscribe('A', 't/#');
    await ui.fillBurst('B', count);
    // Bursts before the measured one, not measured: the engine has optimised what they ran.
    const { onArm, onFinish } = ui;
    ui.onArm = ui.onFinish = undefined; // nor in the main thread's busy time
    for (let i = 1; i <= before; i++) {
      await ui.arm('Publish burst', receivedCount('A'), i * count);
      await ui.burstButton('B').click();
      await ui.finish();
    }
    Object.assign(ui, { onArm, onFinish });
    await ui.arm('Publish burst', receivedCount('A'), (before + 1) * count);
    if (inView) {
      await ui.page.evaluate(() => window.scrollTo(0, 0));
      await ui.burstButton('B').evaluate((b: HTMLButtonElement) => b.click());
    } else await ui.burstButton('B').click();
    const run = await ui.finish();
    return { ...run, deliveries: count, ...(await heaps(ui.page)) };
  };

/** 50 clients, 49 subscribed: one publishes 200 QoS 1, 9,800 deliveries. */
const fanout: Load = async (ui) => {
  await ui.profile('MQTT standard');
  const ids = Array.from({ length: 50 }, (_, i) => `c${i}`);
  for (const id of ids) await ui.addClient(id);
  for (const id of ids) await ui.connect(id);
  for (const id of ids.slice(1)) await ui.subscribe(id, 't/#');
  await ui.fillBurst('c0', 200);
  await ui.arm('Publish burst', receivedCount('c49'), 200);
  await ui.burstButton('c0').click();
  const run = await ui.finish();
  // Every card's count, once they agree (a card out of view shows its count within half a
  // second): the total, and how long after c49's last message the last card showed all of it.
  const settle = Date.now();
  let all = 0;
  for (;;) {
    all = 0;
    for (const id of ids.slice(1)) all += await ui.count(receivedCount(id));
    if (all === 200 * 49 || Date.now() - settle > 5_000) break;
    await ui.page.waitForTimeout(100);
  }
  const waited = ((Date.now() - settle) / 1000).toFixed(1);
  return {
    ...run,
    deliveries: all,
    ...(await heaps(ui.page)),
    note:
      all === 200 * 49
        ? `every card showed all 200 within ${waited} s`
        : `only ${all} of 9800 shown after ${waited} s`,
  };
};

/**
 * A leaves (persistent session); B publishes 100,000 QoS 1 in ten bursts of 10,000 (the form's
 * largest); A comes back and drains them. Frames are measured from the first burst to A's
 * 100,000th message; the wall time and rate are the drain's.
 */
const STORED = 100_000;

/** Waits (bounded) until the broker's totals count `n` acknowledged; says how long it took. */
async function allAcknowledged(page: Page, n: number, limitMs: number): Promise<string> {
  const start = Date.now();
  const totals = page.getByTestId('totals');
  for (;;) {
    const text = (await totals.textContent()) ?? '';
    const acked = Number(/(\d+) acknowledged/.exec(text)?.[1] ?? 0);
    const waited = ((Date.now() - start) / 1000).toFixed(1);
    if (acked >= n) return `all ${n} acknowledged ${waited} s after the last delivery`;
    if (Date.now() - start > limitMs) return `only ${acked} of ${n} acknowledged after ${waited} s`;
    await page.waitForTimeout(250);
  }
}
const stored: Load = async (ui) => {
  await ui.profile('MQTT standard');
  await ui.addClient('A');
  await ui.addClient('B');
  await ui.connect('A');
  await ui.subscribe('A', 't/#');
  await ui.disconnect('A');
  await ui.connect('B');
  await ui.fillBurst('B', 10_000);
  await ui.arm('Publish burst', storedCount('A'), STORED);
  for (let i = 0; i < 10; i++) await ui.burstButton('B').click();
  const store = await ui.finish();
  await ui.arm('Connect', receivedCount('A'), STORED);
  await ui.client('A').getByRole('button', { name: 'Connect', exact: true }).click();
  const drain = await ui.finish();
  const got = await ui.count(receivedCount('A'));
  // Nothing lost means every message acknowledged too: A's PUBACKs trail its last delivery.
  const acked = await allAcknowledged(ui.page, STORED, 60_000);
  const dropped = await ui.page.getByTestId('totals').textContent();
  return {
    ...drain,
    frames: store.frames + drain.frames,
    late: store.late + drain.late,
    p50: Math.max(store.p50, drain.p50),
    p95: Math.max(store.p95, drain.p95),
    max: Math.max(store.max, drain.max),
    longestTask: Math.max(store.longestTask, drain.longestTask),
    deliveries: got,
    ...(await heaps(ui.page)),
    note: `storing took ${(store.wallMs / 1000).toFixed(1)} s (frames p95 ${store.p95.toFixed(0)} / max ${store.max.toFixed(0)} ms); received ${got}; ${acked}; ${dropped?.trim()}`,
  };
};

export const LOADS: { key: string; label: string; load: Load }[] = [
  { key: 'burst', label: '1 → 1, 10,000 QoS 1 (standard)', load: burst(10_000) },
  {
    key: 'burst-stage',
    label: '1 → 1, 10,000 QoS 1, the stage in view',
    load: burst(10_000, true),
  },
  {
    key: 'burst-warm',
    label: '1 → 1, 10,000 QoS 1, the third burst in the page',
    load: burst(10_000, false, 2),
  },
  { key: 'fanout', label: '1 → 49, 200 QoS 1, 50 clients', load: fanout },
  { key: 'store', label: '100,000 stored, then drained', load: stored },
];
