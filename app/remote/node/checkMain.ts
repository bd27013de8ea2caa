import { checkJson } from '../check/json';
import type { CheckBrokerReport } from '../check/compare';
import { comparisonTable, verdictLine } from '../check/table';
import { CHECK_HELP, parseCheckArgs } from './checkArgs';
import { checkBroker } from './checkBroker';
import { checkReachable } from './runRemote';

/** Whether a report holds up against `--expect`: the profile matched every check that ran. */
export function matchesExpected(r: CheckBrokerReport, expect: string): boolean {
  return (
    (r.comparison.matches as readonly string[]).includes(expect) && r.broker.problems.length === 0
  );
}

/**
 * `npm run check-broker`, as a function: reads the flags, checks the broker, prints the table
 * (or JSON) with `print`, and returns the exit status (0 done or matched, 1 no match for
 * --expect, 2 bad flags or a broker that cannot be used).
 */
export async function checkMain(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  print: (line: string) => void,
  printError: (line: string) => void,
): Promise<number> {
  const cli = parseCheckArgs(argv, env);
  if (cli.kind === 'help') {
    print(CHECK_HELP);
    return 0;
  }
  if (cli.kind === 'error') {
    printError(`check-broker: ${cli.message}\n\n${CHECK_HELP}`);
    return 2;
  }
  const { options, json, expect } = cli;
  const problem = await checkReachable(options.settings);
  if (problem) {
    printError(`check-broker: ${problem}`);
    return 2;
  }
  const report = await checkBroker(options);
  const passed = expect === undefined ? undefined : matchesExpected(report, expect);
  const figures = {
    ...(options.expiry !== undefined ? { expiry: options.expiry } : {}),
    queue: options.queue,
  };
  if (json) {
    print(JSON.stringify(checkJson(report, figures, expect, passed)));
    return passed === false ? 1 : 0;
  }
  const { broker, comparison } = report;
  const what = [
    options.expiry !== undefined
      ? `expiry ${options.expiry} s`
      : 'no --expiry: no 3.1.1 expiry check',
    options.queue > 0 ? `queue ${options.queue}` : 'no store-full check',
  ].join(', ');
  print(
    `check-broker: ${broker.target} (${what}); the checks took ${(broker.elapsedMs / 1000).toFixed(1)} s\n`,
  );
  print(comparisonTable(comparison));
  print(`\n${verdictLine(comparison)}`);
  for (const p of broker.problems) print(`! ${p}`);
  for (const c of broker.cleanup) print(`! clean-up: ${c}`);
  if (expect !== undefined)
    print(passed ? `As expected: ${expect}.` : `Expected ${expect}: it does not match.`);
  return passed === false ? 1 : 0;
}
