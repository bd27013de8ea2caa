import { parseArgs } from 'node:util';
import { PROFILE_NAMES, type ProfileName } from '../../broker';
import { BROKER_FLAGS, BROKER_FLAGS_HELP, brokerSettings } from './brokerArgs';
import type { CheckBrokerOptions } from './checkBroker';

export const CHECK_HELP = `Usage: npm run check-broker -- URL [--expiry S] [--queue N] [--json] [--expect PROFILE]

Runs a fixed set of session checks against the broker at URL (mqtt://, mqtts://, ws://, wss://)
and prints what it did beside what each of our profiles (${PROFILE_NAMES.join(', ')}) does
with the same checks, and which profile it matches. Client ids and topics are the run's own
(lab-<tag>-…, lab/<tag>/…) and are cleaned up after.

  --expiry S          the broker's session expiry for MQTT 3.1.1 sessions, in seconds: the
                      check waits S plus a little instead of an hour, and our profiles run with
                      S (and no AWS extra delay). Without it there is no 3.1.1 expiry check.
  --queue N           messages the broker stores per session (default 1000, the figure of
                      mosquitto, EMQX and our AWS profile); N + 5 are published. 0 skips it
                      (against AWS IoT Core, at 10 per second, 1000 take 100 s to come back)
  --json              the result as JSON instead of a table
  --expect PROFILE    exit 1 unless the broker matches this profile in every check
${BROKER_FLAGS_HELP}
  -h, --help          show this help

Exit status: 0 done (and, with --expect, matched), 1 no match for --expect, 2 a bad flag or a
broker that cannot be used.
Example: npm run check-broker -- mqtt://localhost:1883 --expiry 3 --expect mosquitto`;

export type CheckCli =
  | { kind: 'run'; options: CheckBrokerOptions; json: boolean; expect?: ProfileName }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/** Reads the check's command line. Pure but for reading the --ca file. */
export function parseCheckArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): CheckCli {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        expiry: { type: 'string' },
        queue: { type: 'string' },
        json: { type: 'boolean', default: false },
        expect: { type: 'string' },
        ...BROKER_FLAGS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1)
    return { kind: 'error', message: 'give one broker URL (for example mqtt://localhost:1883)' };
  const settings = brokerSettings(positionals[0]!, values, env);
  if ('error' in settings) return { kind: 'error', message: settings.error };
  let expiry: number | undefined;
  if (values.expiry !== undefined) {
    if (
      !/^\d+(\.\d+)?$/.test(values.expiry) ||
      Number(values.expiry) <= 0 ||
      Number(values.expiry) > 3600
    )
      return {
        kind: 'error',
        message: `--expiry: '${values.expiry}' is not a number of seconds (up to 3600)`,
      };
    expiry = Number(values.expiry);
  }
  let queue = 1000;
  if (values.queue !== undefined) {
    if (!/^\d+$/.test(values.queue) || Number(values.queue) > 100_000)
      return {
        kind: 'error',
        message: `--queue: '${values.queue}' is not a number of messages (0 to 100000)`,
      };
    queue = Number(values.queue);
  }
  let expect: ProfileName | undefined;
  if (values.expect !== undefined) {
    if (!(PROFILE_NAMES as readonly string[]).includes(values.expect))
      return {
        kind: 'error',
        message: `--expect: '${values.expect}' is not a profile (${PROFILE_NAMES.join(', ')})`,
      };
    expect = values.expect as ProfileName;
  }
  return {
    kind: 'run',
    options: { settings, ...(expiry !== undefined ? { expiry } : {}), queue },
    json: values.json,
    ...(expect ? { expect } : {}),
  };
}
