import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumArgs, findChromium } from '../e2e/chromium';
import { profileSummary, type CpuProfile } from './cpuProfile';
import { firstLoad, kb } from './firstLoad';
import { attach, startProfile, type Cdp } from './pageBench/cdp';
import { mqttAloneRates } from './pageBench/mqttAlone';
import { Ui } from './pageBench/loads';
import { LOADS, type LoadResult } from './pageBench/workloads';
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
