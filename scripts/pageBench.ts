import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumArgs, findChromium } from '../e2e/chromium';
import { profileSummary, type CpuProfile } from './cpuProfile';
import { firstLoad, kb } from './firstLoad';
import { attach, heapAfterGc, startProfile, type Cdp } from './pageBench/cdp';
import { mqttAloneRates } from './pageBench/mqttAlone';
import { Ui, receivedCount, storedCount } from './pageBench/loads';
import { PROBE, type RunFigures } from './pageBench/probe';
import { sourceRegions } from './pageBench/regions';
import { startTrace } from './pageBench/trace';
import { serveSites } from './staticSites';

/**
 * `npm run bench:page`: the playground under load in headless Chromium, against the built site
 * served by a plain local static server, driven through its forms as a person drives it. A
 * benchmark, not a test: it prints figures. For each build (this tree's `dist/`, and with
 * `--baseline DIR` another build served beside it and run interleaved, in the same run) it
 * prints the first load (JS + CSS gzipped, the time to a usable page) and, for each load, the
 * deliveries per second to the real mqtt.js clients in the page, the frame interval (p50, p95,
 * max), the longest task and the JS heap after a full collection (page and worker).
 *
 *   npm run bench:page -- [--baseline DIR] [--runs N] [--only burst,burst-stage,burst-warm,fanout,store,mqttjs]
 *                         [--profile DIR]   (CPU profiles of the page and worker, of the burst
 *                                            or the first load --only names)
 *                         [--trace]         (a Chrome trace of the burst, or the load --only names: its longest tasks)
 *                         [--trace-file F]  (the same, and the whole trace written to F)
 *                         [--dist DIR]      (another build than ./dist as the new one)
 */
interface Options {
  dist: string;
  baseline?: string;
  runs: number;
  only?: string[];
  profileDir?: string;
  trace?: boolean;
  traceFile?: string;
}

function options(argv: string[]): Options {
  const o: Options = { dist: resolve('dist'), runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--dist') o.dist = resolve(value());
    else if (a === '--baseline') o.baseline = resolve(value());
    else if (a === '--runs') o.runs = Math.max(1, Number(value()));
    else if (a === '--only') o.only = value().split(',');
    else if (a === '--profile') o.profileDir = resolve(value());
    else if (a === '--trace') o.trace = true;
    else if (a === '--trace-file') {
      o.trace = true;
      o.traceFile = resolve(value());
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

interface LoadResult extends RunFigures {
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

const LOADS: { key: string; label: string; load: Load }[] = [
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

async function newPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript({ content: PROBE });
  await page.goto(url);
  await page.waitForFunction(
    () => (window as unknown as { __bench: { usable: unknown } }).__bench.usable !== null,
  );
  return page;
}

async function timeToUsable(browser: Browser, url: string): Promise<number> {
  const page = await newPage(browser, url);
  const usable = await page.evaluate(
    () => (window as unknown as { __bench: { usable: { freeAt: number } } }).__bench.usable.freeAt,
  );
  await page.context().close();
  return usable;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const keys = [...LOADS.map((l) => l.key), CEILING];
  const unknown = o.only?.filter((k) => !keys.includes(k)) ?? [];
  if (unknown.length > 0)
    throw new Error(`--only: ${unknown.join(', ')} is not one of ${keys.join(', ')}`);
  if ((o.profileDir || o.trace) && o.only?.[0] === CEILING)
    throw new Error(`--profile and --trace take a load of the page, not ${CEILING}`);
  const builds: Record<string, string> = { new: o.dist };
  if (o.baseline) builds.old = o.baseline;
  const names = Object.keys(builds).reverse(); // old first, when there is one
  const server = await serveSites(builds);
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  console.log(
    `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; ${browser.version()} headless`,
  );
  try {
    if (o.profileDir) {
      await profile(browser, names, builds, server.url, o.profileDir, o.only?.[0]);
      return;
    }
    if (o.trace) {
      for (const b of names)
        await traced(
          browser,
          b,
          server.url,
          o.only?.[0],
          o.traceFile?.replace(/(\.json)?$/, `-${b}.json`),
        );
      return;
    }
    // First load: sizes from the files, time to usable over five fresh visits each.
    console.log(
      '\n| build | first load, JS + CSS gzipped | of it the worker | time to usable (median of 5) |',
    );
    console.log('| --- | ---: | ---: | ---: |');
    const usable: Record<string, number[]> = {};
    for (let i = 0; i < 5; i++)
      for (const b of names) (usable[b] ??= []).push(await timeToUsable(browser, server.url(b)));
    for (const b of names) {
      const files = firstLoad(builds[b]!);
      const page = files.page.reduce((a, f) => a + f.gzip, 0);
      const worker = files.worker.reduce((a, f) => a + f.gzip, 0);
      console.log(
        `| ${b} | ${kb(page + worker)} KB | ${kb(worker)} KB | ${median(usable[b]!).toFixed(0)} ms (${usable[b]!.map((x) => x.toFixed(0)).join(', ')}) |`,
      );
    }

    if (!o.only || o.only.includes(CEILING)) await printCeiling(browser, o.runs);
    if (o.only && !LOADS.some((l) => o.only!.includes(l.key))) return;

    console.log(
      '\n| load | build | wall | deliveries/s | main thread busy | frames | frame p50 / p95 / max | longest task | heap page / worker | stage: frames, p95 / max |',
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const { key, label, load } of LOADS) {
      if (o.only && !o.only.includes(key)) continue;
      const results: Record<string, LoadResult[]> = {};
      for (let r = 0; r < o.runs; r++) {
        for (const b of names) {
          const page = await newPage(browser, server.url(b));
          try {
            const ui = new Ui(page);
            const busy = await busyMeter(ui);
            const result = await load(ui);
            (results[b] ??= []).push({ ...result, busyMs: busy() });
          } finally {
            await page.context().close();
          }
        }
      }
      for (const b of names) for (const r of results[b]!) printRow(label, b, r);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

/** `--only` key of the ceiling: mqtt.js alone. */
const CEILING = 'mqttjs';

/**
 * What the two mqtt.js clients of the 1 → 1 burst take by themselves in this browser (see
 * pageBench/mqttAlone.ts): the burst's deliveries per second cannot go past it.
 */
async function printCeiling(browser: Browser, runs: number): Promise<void> {
  const count = 10_000;
  const bursts = 5;
  const { first, last } = await mqttAloneRates(browser, count, runs, bursts);
  const rates = (xs: number[]) =>
    `${median(xs).toLocaleString('en', { maximumFractionDigits: 0 })} (${xs.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(
    `\n| mqtt.js alone: 1 → 1, ${count.toLocaleString('en')} QoS 1, no broker, no page, built from this tree (median of ${runs}) | deliveries/s |`,
  );
  console.log('| --- | ---: |');
  console.log(`| the first burst of a fresh page, as the page's burst is | ${rates(first)} |`);
  console.log(`| burst ${bursts} in one page (mqtt.js's code optimised) | ${rates(last)} |`);
}

/**
 * How long the page's main thread was busy between each arming of a run and its end (summed
 * over the runs of a load): CPU time, less swayed than the wall time by the other work of a
 * shared machine, so it compares builds of one run more steadily.
 */
async function busyMeter(ui: Ui): Promise<() => number> {
  const cdp = await attach(ui.page);
  await cdp.page.send('Performance.enable');
  let total = 0;
  let before = 0;
  ui.onArm = async () => {
    before = (await metrics(cdp.page)).TaskDuration!;
  };
  ui.onFinish = async () => {
    total += (await metrics(cdp.page)).TaskDuration! - before;
  };
  return () => total * 1000;
}

function printRow(label: string, build: string, r: LoadResult): void {
  const rate = Math.round((r.deliveries / r.wallMs) * 1000);
  console.log(
    `| ${label} | ${build} | ${(r.wallMs / 1000).toFixed(2)} s | ${rate.toLocaleString('en')} | ${busyCell(r)} | ${r.frames} (${r.late} over 20 ms) | ${r.p50.toFixed(0)} / ${r.p95.toFixed(0)} / ${r.max.toFixed(0)} ms | ${r.longestTask.toFixed(0)} ms | ${r.heapPage.toFixed(0)} / ${r.heapWorker.toFixed(0)} MB | ${stageCell(r.stage)} |${r.note ? ` ${r.note}` : ''}`,
  );
}

/** Main-thread time, and per thousand deliveries. */
function busyCell(r: LoadResult): string {
  if (r.busyMs === undefined) return 'n/a';
  return `${(r.busyMs / 1000).toFixed(2)} s (${((r.busyMs / r.deliveries) * 1000).toFixed(0)} ms per 1,000)`;
}

/** The stage's frames in a run: how many times it drew, and the intervals between. */
function stageCell(stage: RunFigures['stage']): string {
  if (!stage || stage.frames === 0) return 'none';
  return `${stage.frames}, ${stage.p95.toFixed(0)} / ${stage.max.toFixed(0)} ms`;
}

/**
 * A load (the burst unless `--only` names another) with the CPU profiled in the page and in the
 * worker from its first run's arming to that run's end; summaries printed, profiles written.
 */
async function profile(
  browser: Browser,
  names: string[],
  builds: Record<string, string>,
  url: (site: string) => string,
  dir: string,
  only: string | undefined,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const chosen = LOADS.find((l) => l.key === (only ?? 'burst'))!;
  for (const b of names) {
    const page = await newPage(browser, url(b));
    const ui = new Ui(page);
    let stops: (() => Promise<unknown>)[] | undefined;
    let profiles: unknown[] = [];
    let metricsBefore: Record<string, number> = {};
    let metricsAfter: Record<string, number> = {};
    let cdp: Awaited<ReturnType<typeof attach>> | undefined;
    ui.onArm = async () => {
      if (stops) return;
      cdp = await attach(page);
      await cdp.page.send('Performance.enable');
      metricsBefore = await metrics(cdp.page);
      stops = [await startProfile(cdp.page)];
      if (cdp.worker) stops.push(await startProfile(cdp.worker));
    };
    ui.onFinish = async () => {
      if (!stops || profiles.length > 0) return;
      profiles = await Promise.all(stops.map((s) => s()));
      metricsAfter = await metrics(cdp!.page);
    };
    const run = await chosen.load(ui);
    console.log(
      `\nmain thread (Performance.getMetrics, during the run): ${[
        'TaskDuration',
        'ScriptDuration',
        'RecalcStyleDuration',
        'LayoutDuration',
      ]
        .map((k) => `${k} ${((metricsAfter[k]! - metricsBefore[k]!) * 1000).toFixed(0)} ms`)
        .join(', ')}; ${['RecalcStyleCount', 'LayoutCount']
        .map((k) => `${k} ${metricsAfter[k]! - metricsBefore[k]!}`)
        .join(', ')}; DOM nodes ${metricsAfter.Nodes}`,
    );
    printRow(`${chosen.label}, profiled`, b, run);
    for (const [who, p] of [
      ['page', profiles[0]],
      ['worker', profiles[1]],
    ] as const) {
      if (!p) continue;
      const cpu = p as CpuProfile;
      writeFileSync(join(dir, `${b}-${who}.cpuprofile`), JSON.stringify(cpu));
      sourceRegions(cpu, (u) =>
        u.startsWith(url(b)) ? join(builds[b]!, u.slice(url(b).length).split('?')[0]!) : undefined,
      );
      console.log(`\n## ${b}: ${who}\n\n${profileSummary(cpu, 30)}`);
    }
    await page.context().close();
  }
}

/** The burst load under a Chrome trace: where the main thread's time and its longest tasks went. */
async function traced(
  browser: Browser,
  b: string,
  url: (site: string) => string,
  only: string | undefined,
  saveTo?: string,
): Promise<void> {
  const chosen = LOADS.find((l) => l.key === (only ?? 'burst'))!;
  const page = await newPage(browser, url(b));
  const ui = new Ui(page);
  let stop: ((saveTo?: string) => Promise<string>) | undefined;
  let summary = '';
  // From the first arming to that run's end (the stored load arms twice: its storing is traced).
  ui.onArm = async () => {
    stop ??= await startTrace(page);
  };
  ui.onFinish = async () => {
    if (stop && !summary) summary = await stop(saveTo);
  };
  const run = await chosen.load(ui);
  printRow(`${chosen.label}, traced`, b, run);
  console.log(summary);
  await page.context().close();
}

async function metrics(cdp: Cdp): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send<{ metrics: { name: string; value: number }[] }>(
    'Performance.getMetrics',
  );
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
