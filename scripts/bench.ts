import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  BROKER_NAMES,
  mosquittoVersion,
  startAedes,
  startMosquitto,
  startOurs,
  type BrokerName,
  type RunningBroker,
} from './bench/brokers';
import { FULL, SCENARIOS, type ScenarioName } from './bench/scenarios';

/**
 * `npm run bench`: the same mqtt.js load against our broker (the Node host, standard profile,
 * replay unpaced), aedes and mosquitto (when installed), each in its own process, side by side
 * in one run. A benchmark, not a test: it prints figures and ratios, and asserts nothing.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      only: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'no-warmup': { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: a whole number ≥ 1');
  const wanted = (values.only?.split(',') ?? [...BROKER_NAMES]) as BrokerName[];
  for (const name of wanted) {
    if (!(BROKER_NAMES as readonly string[]).includes(name)) {
      throw new Error(`--only: '${name}' is not one of ${BROKER_NAMES.join(', ')}`);
    }
  }
  const cpuProfileDir = values['cpu-prof'];
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });

  printMachine();
  const brokers: RunningBroker[] = [];
  try {
    if (wanted.includes('ours')) brokers.push(await startOurs(cpuProfileDir));
    if (wanted.includes('aedes')) brokers.push(await startAedes());
    if (wanted.includes('mosquitto')) {
      const found = mosquittoVersion();
      if (found) brokers.push(await startMosquitto(found));
      else console.log('mosquitto: not installed (apt-get install mosquitto), left out');
    }
    console.log(`brokers: ${brokers.map((b) => `${b.label} on ${b.port}`).join(', ')}`);

    const results = new Map<string, number[]>();
    const key = (b: BrokerName, s: ScenarioName) => `${b}/${s}`;
    let seq = 0;
    if (!values['no-warmup']) {
      // One round not counted: the JIT of the Node brokers (ours, aedes) warms up.
      for (const scenario of SCENARIOS)
        for (const b of brokers) await scenario.run(b.port, `w${++seq}`, FULL);
      console.log('warm-up round done');
    }
    for (let r = 1; r <= runs; r++) {
      // Brokers interleaved within each round, so that drift in the machine hits all alike.
      for (const scenario of SCENARIOS) {
        for (const b of brokers) {
          const rate = await scenario.run(b.port, `r${++seq}`, FULL);
          const list = results.get(key(b.name, scenario.name)) ?? [];
          list.push(rate);
          results.set(key(b.name, scenario.name), list);
          console.log(
            `run ${r} ${scenario.title} ${b.label}: ${Math.round(rate)} ${scenario.unit}`,
          );
        }
      }
    }
    printTable(brokers, (b, s) => median(results.get(key(b, s)) ?? []), runs);
  } finally {
    for (const b of brokers) await b.stop();
  }
  if (cpuProfileDir) console.log(`CPU profile of our broker written to ${cpuProfileDir}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function printMachine(): void {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown CPU';
  let nproc = String(availableParallelism());
  try {
    nproc = execSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // availableParallelism is the same figure on Linux.
  }
  const mqttVersion = (
    JSON.parse(readFileSync('node_modules/mqtt/package.json', 'utf8')) as { version: string }
  ).version;
  console.log(
    `machine: nproc ${nproc}, ${model}, Node ${process.version}; load: mqtt.js ${mqttVersion}, ` +
      `${FULL.throughput} / ${FULL.drain} / ${FULL.fanoutMessages}×${FULL.fanoutSubscribers} messages, 64-byte payloads`,
  );
}

function printTable(
  brokers: RunningBroker[],
  figure: (b: BrokerName, s: ScenarioName) => number,
  runs: number,
): void {
  const others = brokers.filter((b) => b.name !== 'ours');
  const ours = brokers.find((b) => b.name === 'ours');
  const head = [
    'scenario',
    ...brokers.map((b) => b.label),
    ...(ours ? others.map((b) => `ours / ${b.name}`) : []),
  ];
  const rows = SCENARIOS.map((s) => [
    `${s.title} (${s.unit})`,
    ...brokers.map((b) => Math.round(figure(b.name, s.name)).toLocaleString('en-US')),
    ...(ours
      ? others.map((b) => `${(figure('ours', s.name) / figure(b.name, s.name)).toFixed(2)}×`)
      : []),
  ]);
  console.log(`\nmedian of ${runs} run${runs === 1 ? '' : 's'}:\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
