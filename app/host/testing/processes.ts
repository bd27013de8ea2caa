import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Debian's package for mosquitto_sub and mosquitto_pub. */
export const MOSQUITTO_CLIENTS_HINT =
  'install the mosquitto command-line clients: apt-get install mosquitto-clients (.ci/run does it)';

/** Throws, saying what to install, when `command` is not on the PATH. */
export function requireCommand(command: string, hint: string): void {
  const probe = spawnSync(command, ['--help'], { stdio: 'ignore', timeout: 5000 });
  const error = probe.error as NodeJS.ErrnoException | undefined;
  if (error?.code === 'ENOENT') throw new Error(`${command} was not found: ${hint}`);
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A child process whose output is kept and whose end can be awaited, bounded. */
export interface Child {
  readonly process: ChildProcess;
  stdout(): string;
  /** Resolves when it exits; kills it and rejects if it takes longer than `ms`. */
  finished(ms?: number): Promise<Finished>;
  kill(signal?: NodeJS.Signals): void;
}

/** Children started by `start` and not yet ended: `killAll` ends them (afterEach). */
const running = new Set<ChildProcess>();

export function start(command: string, args: string[], input?: string): Child {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin.on('error', () => {});
  child.stdin.end(input);
  const exited = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    process: child,
    stdout: () => stdout,
    async finished(ms = 10_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(
            new Error(
              `${command} ${args.join(' ')} did not end within ${ms} ms; output: ${stdout}${stderr}`,
            ),
          );
        }, ms);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
}

/** Runs a command to its end (bounded). */
export function run(command: string, args: string[], input?: string, ms?: number) {
  return start(command, args, input).finished(ms);
}

/** Kills every child still running and waits for them to go. */
export async function killAll(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
}
