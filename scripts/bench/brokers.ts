import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort, waitForPort } from '../../app/host/testing/ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A broker under test, running in its own process on 127.0.0.1. */
export interface RunningBroker {
  readonly name: BrokerName;
  readonly label: string;
  readonly port: number;
  stop(): Promise<void>;
}

export const BROKER_NAMES = ['ours', 'aedes', 'mosquitto'] as const;
export type BrokerName = (typeof BROKER_NAMES)[number];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starts a child and resolves with the port it prints (`pattern`'s first group). */
function startChild(
  command: string,
  args: string[],
  pattern: RegExp | undefined,
  fixedPort?: number,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not start within 20 s: ${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = pattern ? pattern.exec(output)?.[1] : undefined;
      if (port !== undefined) {
        clearTimeout(timer);
        resolve({ child, port: Number(port) });
      }
    };
    // Always drained, so that a chatty broker never blocks on a full pipe.
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before listening: ${output}`));
    });
    if (fixedPort !== undefined) {
      // mosquitto says nothing useful on stdout: wait until its port takes connections.
      void waitForPort(fixedPort, { ms: 15_000 }).then(() => {
        clearTimeout(timer);
        resolve({ child, port: fixedPort });
      }, reject);
    }
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Our broker: the Node host (`npm run broker`), standard profile, replay unpaced, in a child
 * process of its own like the others, so that it does not share a core with the load.
 */
export async function startOurs(cpuProfileDir?: string): Promise<RunningBroker> {
  const node = [
    ...(cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : []),
    '--import',
    'tsx',
    'app/host/main.ts',
  ];
  const flags = ['--port', '0', '--profile', 'standard', '--replay-rate', '0'];
  const { child, port } = await startChild(
    process.execPath,
    [...node, ...flags],
    /listening on mqtt:\/\/127\.0\.0\.1:(\d+)/,
  );
  return { name: 'ours', label: 'ours (Node host)', port, stop: () => stopChild(child) };
}

export async function startAedes(): Promise<RunningBroker> {
  const { child, port } = await startChild(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench/aedesServer.ts', '0'],
    /listening (\d+)/,
  );
  return { name: 'aedes', label: `aedes ${aedesVersion()}`, port, stop: () => stopChild(child) };
}

export function aedesVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/aedes/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The mosquitto binary's version, or undefined when it is not installed. */
export function mosquittoVersion(): string | undefined {
  for (const bin of ['mosquitto', '/usr/sbin/mosquitto']) {
    const probe = spawnSync(bin, ['-h'], { encoding: 'utf8' });
    if (probe.error) continue;
    const version = /mosquitto version (\S+)/.exec(probe.stdout + probe.stderr)?.[1];
    return version ? `${bin}|${version}` : undefined;
  }
  return undefined;
}

/**
 * mosquitto with a temporary configuration: this address only, anonymous clients, room for
 * the drain's 10,000 stored messages, and no in-flight cap (as our standard profile).
 */
export async function startMosquitto(found: string): Promise<RunningBroker> {
  const [bin, version] = found.split('|') as [string, string];
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-mosquitto-'));
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 20000',
      'max_inflight_messages 0',
      'log_dest stderr',
      'log_type error',
      '',
    ].join('\n'),
  );
  const { child } = await startChild(bin, ['-c', config], undefined, port);
  return {
    name: 'mosquitto',
    label: `mosquitto ${version}`,
    port,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
