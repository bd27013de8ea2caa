import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { caseArb, caseBytes, chunk, type FuzzCase } from '../app/testkit/fuzz/cases';
import { checkCase, type Outcome } from '../app/testkit/fuzz/check';
import { toHex } from '../app/testkit/rawClient';

/**
 * `npm run fuzz`: the decoder-path fuzz check of the unit suite (app/testkit/fuzz), for longer.
 * Prints the cases run, the rate and how the fuzzed connections ended; on a failure, the seed
 * to replay it and the shrunk input as hex, and exits 1.
 *
 *   npm run fuzz -- --seconds 300
 *   npm run fuzz -- --cases 100000 --seed 42
 */
function main(): number {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const cases = values.cases === undefined ? undefined : positive('cases', values.cases);
  // Without a bound, a couple of minutes; with only --cases, as long as they take.
  const seconds =
    values.seconds !== undefined
      ? positive('seconds', values.seconds)
      : cases === undefined
        ? 120
        : undefined;
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Math.trunc(Number(values.seed));
  if (!Number.isFinite(seed)) throw new Error(`--seed: not a number: ${values.seed}`);

  const outcomes = new Map<Outcome, number>();
  const kinds = { random: 0, mutated: 0 };
  let connected = 0;
  let run = 0;
  let failing = false;
  const started = performance.now();
  let lastReport = started;
  console.log(
    `fuzzing the decoder path: seed ${seed}, ${cases ?? 'unbounded'} cases, ${seconds === undefined ? 'no time limit' : `at most ${seconds} s`}`,
  );

  const details = fc.check(
    fc.property(caseArb, (c) => {
      const r = checkCase(c);
      // Shrinking replays smaller cases: count only the cases of the run itself.
      if (!failing) {
        run++;
        kinds[c.kind]++;
        if (r.connected) connected++;
        outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
        const now = performance.now();
        if (now - lastReport > 10_000) {
          lastReport = now;
          console.log(`  ${run} cases, ${rate(run, now - started)}/s`);
        }
      }
      if (r.problems.length) {
        failing = true;
        throw new Error(r.problems.join('\n'));
      }
    }),
    {
      seed,
      numRuns: cases ?? 1_000_000_000,
      ...(seconds === undefined ? {} : { interruptAfterTimeLimit: seconds * 1000 }),
      markInterruptAsFailure: false,
    },
  );
  const elapsed = performance.now() - started;

  console.log(`cases run:  ${run} in ${(elapsed / 1000).toFixed(1)} s (${rate(run, elapsed)}/s)`);
  console.log(`kinds:      ${kinds.mutated} mutated packet streams, ${kinds.random} random bytes`);
  console.log(`CONNACK 0:  ${connected} connections had a valid CONNECT`);
  console.log('outcomes of the fuzzed connection:');
  const sorted = [...outcomes].sort((a, b) => b[1] - a[1]);
  for (const [outcome, n] of sorted) {
    const label = outcome === 'open' ? 'accepted, still open' : `closed: ${outcome}`;
    console.log(`  ${label.padEnd(28)} ${String(n).padStart(8)}  ${pct(n, run)}`);
  }
  if (!details.failed) {
    console.log('no failure');
    return 0;
  }

  const c = details.counterexample?.[0] as FuzzCase | undefined;
  console.log('\nFAILED');
  console.log(`seed ${details.seed}, path ${String(details.counterexamplePath)}`);
  console.log(`replay: npm run fuzz -- --seed ${details.seed} --cases ${run}`);
  console.log(`shrunk ${details.numShrinks} times to:`);
  if (c) {
    const bytes = caseBytes(c);
    console.log(
      `  ${c.kind} case, profile ${c.profile}, MQTT ${c.version === 5 ? '5.0' : '3.1.1'}`,
    );
    console.log(`  bytes  ${toHex(bytes)}`);
    const chunks = chunk(bytes, c.cuts);
    if (chunks.length > 1) console.log(`  chunks ${chunks.map(toHex).join(' | ')}`);
    console.log(
      `  case   ${JSON.stringify(c, (_, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v))}`,
    );
  }
  console.log(
    `problems:\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
  );
  return 1;
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`--${name}: a positive number, not ${text}`);
  return n;
}

const rate = (n: number, ms: number) => (ms > 0 ? Math.round((n * 1000) / ms) : 0);
const pct = (n: number, of: number) => `${of ? ((100 * n) / of).toFixed(1) : '0.0'}%`;

process.exitCode = main();
