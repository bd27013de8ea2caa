import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BROKER_FLAGS,
  BROKER_FLAGS_HELP,
  brokerSettings,
  type BrokerSettings,
} from '../app/remote/node/brokerArgs';
import { checkReachable, runRemote } from '../app/remote/node/runRemote';
import { connectionLines, remoteReportText } from '../app/remote/reportText';
import type { Scenario } from '../app/scenario/format';
import { runHeadless } from '../app/scenario/node';
import { reportText } from '../app/scenario/reportText';
import { formatProblem, parseScenario } from '../app/scenario/validate';

const USAGE = `Usage: npm run scenario -- [--json] [--broker URL [broker flags]] FILE_OR_FOLDER...

Runs scenario files headless (the playground's store, broker worker and mqtt.js clients, in
this process) and prints each expectation's result. A folder runs every .json file in it.

  --json              one JSON report per line instead of text
  --broker URL        run against a real broker instead (mqtt://, mqtts://, ws://, wss://), in
                      real time, with client ids and topics of the run's own, cleaned up after;
                      what only the broker can see is reported as not observable
${BROKER_FLAGS_HELP}
  -h, --help          show this help

Exit status: 0 all passed (against a broker: every expectation that can be observed), 1 a
step or an expectation failed, 2 a file could not be read or the broker cannot be used.
Examples: npm run scenario -- app/scenario/lessons
          npm run scenario -- --broker mqtt://localhost:1883 app/scenario/lessons/03-qos0-not-stored.json`;

/** `npm run scenario`: scenarios for a QA team's CI, run without a browser. */
async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        broker: { type: 'string' },
        ...BROKER_FLAGS,
        help: { type: 'boolean', short: 'h' },
      },
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
  let broker: BrokerSettings | undefined;
  if (values.broker !== undefined) {
    const settings = brokerSettings(values.broker, values, process.env);
    if ('error' in settings) {
      console.error(`scenario: --broker: ${settings.error}`);
      return 2;
    }
    broker = settings;
  } else if (Object.keys(BROKER_FLAGS).some((f) => f in values)) {
    console.error(
      `scenario: ${Object.keys(BROKER_FLAGS)
        .map((f) => `--${f}`)
        .join(', ')} go with --broker URL`,
    );
    return 2;
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
  if (broker) {
    const problem = await checkReachable(broker);
    if (problem) {
      console.error(`scenario: ${problem}`);
      return 2;
    }
  }
  let status = 0;
  for (const file of files) {
    const parsedFile = parseScenario(readFileSync(file, 'utf8'));
    if (!parsedFile.ok) {
      for (const p of parsedFile.problems) console.error(`${file}: ${formatProblem(p)}`);
      status = 2;
      continue;
    }
    const passed = broker
      ? await runOnBroker(file, parsedFile.scenario, broker, values.json)
      : await runInProcess(file, parsedFile.scenario, values.json);
    if (!passed && status === 0) status = 1;
  }
  return status;
}

async function runInProcess(file: string, scenario: Scenario, json: boolean): Promise<boolean> {
  const report = await runHeadless(scenario);
  // The report without its event log (a run's events can be many thousands).
  const rest: Omit<typeof report, 'log'> & { log?: unknown } = { ...report };
  delete rest.log;
  console.log(json ? JSON.stringify({ file, ...rest }) : reportText(basename(file), report));
  return report.passed;
}

async function runOnBroker(
  file: string,
  scenario: Scenario,
  broker: BrokerSettings,
  json: boolean,
): Promise<boolean> {
  const { report, events } = await runRemote(scenario, broker);
  // Each connection as sent and answered: what the tool did is never hidden.
  const connections = connectionLines(events);
  console.log(
    json
      ? JSON.stringify({ file, ...report, connections })
      : remoteReportText(basename(file), report, events),
  );
  return report.passed;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
