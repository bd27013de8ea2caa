import { afterAll, describe, expect, it } from 'vitest';
import type { ProfileName } from '../broker';
import { parseCli } from '../host/cli';
import { startHost, type Host } from '../host/host';
import { checkMain } from './node/checkMain';

/** The host's flags for each profile: its figures set to what the check is told. */
const FLAGS: Record<ProfileName, string[]> = {
  aws: ['--profile', 'aws', '--session-expiry', '3', '--expiry-jitter', '0', '--queue-limit', '20'],
  standard: ['--profile', 'standard'],
  mosquitto: ['--profile', 'mosquitto', '--queue-limit', '20'],
  emqx: ['--profile', 'emqx', '--session-expiry', '3', '--queue-limit', '20'],
};

const hosts: Host[] = [];
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

/** `npm run check-broker -- URL --expiry 3 --queue 20 …` in this process, against the host. */
async function check(profile: ProfileName, ...flags: string[]) {
  const cli = parseCli(['--port', '0', ...FLAGS[profile]]);
  if (cli.kind !== 'run') throw new Error(`bad flags for ${profile}`);
  const h = await startHost(cli.options);
  hosts.push(h);
  const out: string[] = [];
  const code = await checkMain(
    [`mqtt://127.0.0.1:${h.tcpPort}`, '--expiry', '3', '--queue', '20', ...flags],
    {},
    (line) => out.push(line),
    (line) => out.push(line),
  );
  return { code, out: out.join('\n') };
}

interface JsonReport {
  format: string;
  matches: string[];
  passed: boolean;
  problems: string[];
  cleanup: string[];
  totals: Record<string, { matched: number; of: number }>;
  rows: {
    id: string;
    check: string;
    broker: string;
    profiles: Record<string, { value: string; match: boolean }>;
  }[];
}

/**
 * `npm run check-broker` against our own Node host, in real time over TCP, once per profile:
 * the host run with a profile must match that profile, whose column comes from the same probes
 * on our broker in memory. So the check says of our broker what we say of it, and a probe that
 * read the wire wrongly, or a host that ran differently from the core, would show here.
 */
describe('check-broker against our Node host', () => {
  it.concurrent.each(['aws', 'standard', 'mosquitto', 'emqx'] as const)(
    'the host with profile %s matches that profile in every check (--json --expect: exit 0)',
    async (profile) => {
      const { code, out } = await check(profile, '--json', '--expect', profile);
      const json = JSON.parse(out) as JsonReport;
      const differing = json.rows
        .filter((r) => !r.profiles[profile]!.match)
        .map((r) => `${r.check}: host ${r.broker}, profile ${r.profiles[profile]!.value}`);
      expect(differing).toEqual([]);
      expect(json).toMatchObject({ format: 'mqtt-session-lab/check-broker@1', passed: true });
      expect([json.problems, json.cleanup]).toEqual([[], []]);
      expect(json.matches).toContain(profile);
      // Every check ran, on both sides.
      expect(json.totals[profile]).toEqual({ matched: 19, of: 19 });
      expect(code).toBe(0);
    },
    60_000,
  );

  it.concurrent(
    '--expect mosquitto against the AWS profile: exit 1, and the table says why',
    async () => {
      const { code, out } = await check('aws', '--expect', 'mosquitto');
      expect(out).toMatch(/replay of the stored messages\s+paced, ≈10 msg\/s\s+✓\s+✗ unpaced/);
      expect(out).toContain('The broker matches our aws profile.');
      expect(out).toContain('Expected mosquitto: it does not match.');
      expect(code).toBe(1);
    },
    60_000,
  );
});
