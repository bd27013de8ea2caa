import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { runHeadless } from '../app/scenario/node';
import { reportText } from '../app/scenario/reportText';
import { formatProblem, parseScenario } from '../app/scenario/validate';

const USAGE = `Usage: npm run scenario -- [--json] FILE_OR_FOLDER...

Runs scenario files headless (the playground's store, broker worker and mqtt.js clients, in
this process) and prints each expectation's result. A folder runs every .json file in it.

  --json     one JSON report per line instead of text
  -h, --help show this help

Exit status: 0 all passed, 1 a step or an expectation failed, 2 a file could not be read.
Example: npm run scenario -- app/scenario/lessons`;

/** `npm run scenario`: scenarios for a QA team's CI, run without a browser. */
async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  let files: string[];
  try {
    files = positionals.flatMap((p) =>
      statSync(p).isDirectory()
        ? readdirSync(p)
            .filter((f) => f.endsWith('.json'))
            .sort()
            .map((f) => join(p, f))
        : [p],
    );
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  let status = 0;
  for (const file of files) {
    const parsedFile = parseScenario(readFileSync(file, 'utf8'));
    if (!parsedFile.ok) {
      for (const p of parsedFile.problems) console.error(`${file}: ${formatProblem(p)}`);
      status = 2;
      continue;
    }
    const report = await runHeadless(parsedFile.scenario);
    // The report without its event log (a run's events can be many thousands).
    const rest: Omit<typeof report, 'log'> & { log?: unknown } = { ...report };
    delete rest.log;
    console.log(
      values.json ? JSON.stringify({ file, ...rest }) : reportText(basename(file), report),
    );
    if (!report.passed && status === 0) status = 1;
  }
  return status;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
