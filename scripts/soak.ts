import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PROFILE_NAMES, type ProfileName } from '../app/broker/profiles';
import { runSoak } from '../app/testkit/soak/run';
import { heapAfterGc } from './soak/heap';
import { printProfile, printSummary } from './soak/report';
import { judge, type ProfileReport } from './soak/verdict';

const RESULT = 'SOAK_RESULT ';

/**
 * `npm run soak`: one simulated day of 100 clients churning against one broker on a
 * VirtualClock run as fast as the CPU allows, for each profile in its own process (its own
 * heap, run with --expose-gc). Checked for lost messages and for state that only grows;
 * prints the figures and PASS/FAIL, and exits 1 on a failure.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      hours: { type: 'string', default: '24' },
      clients: { type: 'string', default: '100' },
      profile: { type: 'string', default: 'all' },
      seed: { type: 'string', default: '1' },
      'publish-every': { type: 'string', default: '20' },
      child: { type: 'boolean', default: false },
    },
  });
  const hours = whole(values.hours, '--hours');
  const clients = whole(values.clients, '--clients');
  const seed = whole(values.seed, '--seed');
  const publishEvery = Number(values['publish-every']);
  if (!(publishEvery > 0)) throw new Error('--publish-every: seconds > 0');
  const profiles = (
    values.profile === 'all' ? [...PROFILE_NAMES] : values.profile.split(',')
  ) as ProfileName[];
  for (const p of profiles) {
    if (!(PROFILE_NAMES as readonly string[]).includes(p)) {
      throw new Error(`--profile: '${p}' is not one of ${PROFILE_NAMES.join(', ')}, all`);
    }
  }
  if (values.child) {
    const report = runProfile(profiles[0]!, hours, clients, seed, publishEvery);
    console.log(RESULT + JSON.stringify(report));
    return;
  }
  console.log(
    `soak: ${hours} simulated h, ${clients} clients, seed ${seed}, a publish every ~${publishEvery} s per connected client; Node ${process.version}`,
  );
  const reports: ProfileReport[] = [];
  for (const profile of profiles) {
    const report = await inChild([
      '--profile',
      profile,
      '--hours',
      String(hours),
      '--clients',
      String(clients),
      '--seed',
      String(seed),
      '--publish-every',
      String(publishEvery),
      '--child',
    ]);
    printProfile(report);
    reports.push(report);
  }
  printSummary(reports);
  const failed = reports.filter((r) => r.failures.length > 0);
  console.log(
    failed.length
      ? `\nFAIL: ${failed.map((r) => r.profile).join(', ')}`
      : '\nPASS: no message lost, nothing grows without bound',
  );
  if (failed.length) process.exitCode = 1;
}

function runProfile(
  profile: ProfileName,
  hours: number,
  clients: number,
  seed: number,
  publishEvery: number,
): ProfileReport {
  const gc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  const heap: { hour: number; bytes: number }[] = [];
  const started = performance.now();
  let sampling = 0;
  const result = runSoak({
    profile,
    hours,
    clients,
    seed,
    publishEvery,
    onHour: (hour) => {
      const t = performance.now();
      heap.push({ hour, bytes: heapAfterGc() });
      sampling += performance.now() - t;
    },
  });
  const wallMs = performance.now() - started - sampling;
  const { hourly, ...rest } = result;
  return {
    profile,
    wallMs,
    hours,
    clients,
    gc,
    heap,
    ...judge(result, heap),
    // The parent needs the structure counts of each hour, not the reconciliations.
    result: {
      ...rest,
      hourly: hourly.map(({ footprint, timers, ledgerEntries }) => ({
        footprint,
        timers,
        ledgerEntries,
      })),
    },
  };
}

/** Runs one profile in a fresh node with --expose-gc and tsx; resolves with its report. */
function inChild(args: string[]): Promise<ProfileReport> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (!line) reject(new Error(`soak child exited ${code} without a result:\n${out}`));
      else resolve(JSON.parse(line.slice(RESULT.length)) as ProfileReport);
    });
  });
}

function whole(value: string, flag: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 1) throw new Error(`${flag}: a whole number ≥ 1`);
  return x;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
