import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort, waitForPort } from '../../host/testing/ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The test certificates (tls/README.md): a CA, a server for 127.0.0.1 and a client. */
export const TLS_DIR = fileURLToPath(new URL('tls/', import.meta.url));

/** Debian's package for the broker (.ci/run installs it). */
export const MOSQUITTO_HINT =
  'install the mosquitto broker: apt-get install mosquitto (.ci/run does it)';

/** Where the mosquitto binary is: on the PATH, or in /usr/sbin where Debian puts it. */
export function mosquittoBinary(): string {
  for (const bin of ['mosquitto', '/usr/sbin/mosquitto']) {
    const probe = spawnSync(bin, ['-h'], { stdio: 'ignore', timeout: 5000 });
    if (!probe.error) return bin;
  }
  throw new Error(`mosquitto was not found: ${MOSQUITTO_HINT}`);
}

export interface RunningMosquitto {
  readonly tcpUrl: string;
  readonly wsUrl: string;
  /** With `tls`: mqtts:// (a client certificate required) and wss:// (none required). */
  readonly mqttsUrl?: string;
  readonly wssUrl?: string;
  /** Everything it logged (log_type all). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Real mosquitto on 127.0.0.1, on free ports, with its own configuration file: a TCP and a
 * WebSocket listener, anonymous clients, no persistence file; every other setting is
 * mosquitto's default (max_queued_messages 1000, max_inflight_messages 20,
 * queue_qos0_messages false, persistent_client_expiration none), which is what our mosquitto
 * profile describes. With `tls`, TLS listeners too (see TLS_DIR); `extra` lines are added to
 * the configuration.
 */
export async function startMosquitto(
  options: { tls?: boolean; extra?: string[] } = {},
): Promise<RunningMosquitto> {
  const bin = mosquittoBinary();
  const [tcp, ws] = [await freePort(), await freePort()];
  const [mqtts, wss] = options.tls ? [await freePort(), await freePort()] : [0, 0];
  const certs = [
    `cafile ${join(TLS_DIR, 'ca.crt')}`,
    `certfile ${join(TLS_DIR, 'server.crt')}`,
    `keyfile ${join(TLS_DIR, 'server.key')}`,
  ];
  const tls = options.tls
    ? [
        `listener ${mqtts} 127.0.0.1`,
        ...certs,
        'require_certificate true',
        `listener ${wss} 127.0.0.1`,
        'protocol websockets',
        ...certs,
      ]
    : [];
  const dir = mkdtempSync(join(tmpdir(), 'lab-mosquitto-'));
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      'per_listener_settings false',
      'allow_anonymous true',
      'persistence false',
      `listener ${tcp} 127.0.0.1`,
      `listener ${ws} 127.0.0.1`,
      'protocol websockets',
      'log_dest stdout',
      'log_type all',
      ...tls,
      ...(options.extra ?? []),
      '',
    ].join('\n'),
  );
  const child = spawn(bin, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  try {
    for (const port of [tcp, ws, mqtts, wss].filter((p) => p > 0))
      await waitForPort(port, {
        failed: () =>
          child.exitCode === null ? undefined : `mosquitto exited (${child.exitCode}): ${output}`,
      }).catch((e: Error) => {
        throw new Error(`mosquitto did not listen on ${port}: ${e.message}: ${output}`);
      });
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    tcpUrl: `mqtt://127.0.0.1:${tcp}`,
    wsUrl: `ws://127.0.0.1:${ws}/mqtt`,
    ...(options.tls
      ? { mqttsUrl: `mqtts://127.0.0.1:${mqtts}`, wssUrl: `wss://127.0.0.1:${wss}/mqtt` }
      : {}),
    log: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * One mosquitto for a test file, started by the first test that asks: each test awaits it, so
 * without the binary every test fails with the install hint (none is skipped).
 */
export function sharedMosquitto(options: { tls?: boolean } = {}): {
  get(): Promise<RunningMosquitto>;
  stop(): Promise<void>;
} {
  let started: Promise<RunningMosquitto> | undefined;
  return {
    get: () => (started ??= startMosquitto(options)),
    stop: async () => {
      const m = await started?.catch(() => undefined);
      await m?.stop();
    },
  };
}
