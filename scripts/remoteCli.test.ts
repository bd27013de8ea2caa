import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMosquitto } from '../app/remote/testing/mosquitto';
import { STORY } from '../app/remote/testing/scenarios';

const dir = mkdtempSync(join(tmpdir(), 'remote-cli-'));
const mosquitto = sharedMosquitto();
/** A TCP server that takes connections and never says a word (a broker that does not answer). */
let silent: Server;
let silentPort = 0;
const sockets = new Set<Socket>();
/** A port nothing listens on. */
let closedPort = 0;

beforeAll(async () => {
  silent = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  writeFileSync(join(dir, 'story.json'), JSON.stringify(STORY));
}, 20_000);

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent?.close(resolve));
  await mosquitto.stop();
  rmSync(dir, { recursive: true, force: true });
});

function run(script: string, ...args: string[]) {
  return new Promise<{ status: number | null; out: string; err: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn('npx', ['tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('close', (status) => resolve({ status, out, err, ms: Date.now() - started }));
  });
}

describe('npm run scenario -- --broker URL, and npm run check-broker, from the command line', () => {
  it.concurrent(
    'a scenario that passes and one that fails against real mosquitto: exit 1; the drops are not observable',
    async () => {
      const good = join(dir, 'story.json');
      const bad = join(dir, 'wrong.json');
      writeFileSync(
        bad,
        JSON.stringify({ ...STORY, expect: [{ receives: 'A', payloads: 'm0..m9' }] }),
      );
      const r = await run(
        'scripts/scenario.ts',
        '--broker',
        (await mosquitto.get()).wsUrl,
        good,
        bad,
      );
      expect(r.out).toMatch(
        /^PASS {2}story\.json: QoS 1 is kept, QoS 0 is not \(written for mosquitto\) against ws:\/\/127\.0\.0\.1:\d+\/mqtt/,
      );
      expect(r.out).toMatch(
        /· A \(connection 3\): MQTT 3\.1\.1, cleanSession=0, keep-alive 60 s → CONNACK sessionPresent=1/,
      );
      expect(r.out).toContain('✓ A receives m0..m4 in order: received 5, as expected');
      expect(r.out).toContain(
        '– 3 qos0-while-away drops for A: not observable against a remote broker: only the broker knows what it dropped and why',
      );
      expect(r.out).toContain('FAIL  wrong.json');
      expect(r.out).toContain('✗ A receives m0..m9 in order: received 5');
      expect(r.status).toBe(1);
    },
    60_000,
  );

  // Both commands ask checkReachable first: each way of not answering is tried on one of them.
  it.concurrent(
    'npm run scenario: nothing listens at the URL: exit 2, saying so',
    async () => {
      const url = `mqtt://127.0.0.1:${closedPort}`;
      const r = await run('scripts/scenario.ts', '--broker', url, join(dir, 'story.json'));
      expect(r.err).toContain(`scenario: cannot use ${url}: connect ECONNREFUSED`);
      expect(r.status).toBe(2);
    },
    60_000,
  );

  it.concurrent(
    'npm run check-broker: a broker that never answers: exit 2 once --timeout has passed',
    async () => {
      const url = `mqtt://127.0.0.1:${silentPort}`;
      const r = await run('scripts/checkBroker.ts', url, '--timeout', '1');
      expect(r.err).toContain(`check-broker: cannot use ${url}: no CONNACK within 1 s`);
      expect(r.status).toBe(2);
    },
    60_000,
  );
});
