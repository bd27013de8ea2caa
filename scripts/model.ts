import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { VARIANTS } from '../app/testkit/model/commands';
import { emptyTally, modelProperty, type Tally } from '../app/testkit/model/run';

/**
 * `npm run model`: the model-based property (app/testkit/model) for longer than the unit test
 * runs it. Flags: --runs N per profile variant and round, --seed S, --profile NAME (a variant
 * of VARIANTS; all by default), --length L steps at most, --minutes M to repeat rounds with
 * new seeds until that much time has passed. Prints what it ran and, on a failure, the seed,
 * the path and the shrunk counterexample, ready to paste into model/regressions.test.ts.
 */
function main(): number {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '500' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      length: { type: 'string', default: '60' },
      minutes: { type: 'string', default: '0' },
    },
  });
  const runs = Number(values.runs);
  const length = Number(values.length);
  const minutes = Number(values.minutes);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: a whole number ≥ 1');
  if (!Number.isInteger(length) || length < 1) throw new Error('--length: a whole number ≥ 1');
  const variants = values.profile ? VARIANTS.filter((v) => v.name === values.profile) : VARIANTS;
  if (variants.length === 0) {
    throw new Error(`--profile: one of ${VARIANTS.map((v) => v.name).join(', ')}`);
  }
  let seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  const total = emptyTally();
  const started = Date.now();
  let rounds = 0;
  do {
    rounds++;
    for (const variant of variants) {
      const tally = emptyTally();
      // Each variant gets sequences of its own; --profile P --seed S repeats the same ones.
      const vseed = (seed + VARIANTS.indexOf(variant)) % 2 ** 31;
      const result = fc.check(modelProperty(variant, tally, length), {
        numRuns: runs,
        seed: vseed,
      });
      add(total, tally);
      if (result.failed) {
        console.log(
          `FAIL --profile ${variant.name} --seed ${seed} (fast-check seed ${vseed}, path ${result.counterexamplePath})`,
        );
        console.log(String(result.errorInstance));
        const [brokerSeed, commands] = result.counterexample!;
        console.log(`broker seed ${brokerSeed}, shrunk sequence (${commands.length} steps):`);
        console.log(JSON.stringify(commands));
        report(total, started, rounds);
        return 1;
      }
      console.log(`${variant.name}: ${tally.sequences} sequences, ${tally.steps} steps ok`);
    }
    seed = (seed + 1) % 2 ** 31;
  } while ((Date.now() - started) / 60_000 < minutes);
  report(total, started, rounds);
  return 0;
}

function add(total: Tally, t: Tally): void {
  total.sequences += t.sequences;
  total.steps += t.steps;
  total.deliveries += t.deliveries;
  total.received += t.received;
  for (const [r, n] of Object.entries(t.dropped)) total.dropped[r] = (total.dropped[r] ?? 0) + n;
}

function report(t: Tally, started: number, rounds: number): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${t.sequences} sequences, ${t.steps} model steps, ${rounds} round(s), ${seconds} s; ` +
      `${t.deliveries} messages routed to sessions: ${t.received} received, dropped ${JSON.stringify(t.dropped)}`,
  );
}

process.exitCode = main();
