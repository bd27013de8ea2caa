import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import mqtt, { type IConnackPacket } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, start } from './testing/processes';
import { waitFor } from './testing/waitFor';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
/** `npm run broker -- ...args`, without npm in between (so that signals reach the broker). */
const broker = (...args: string[]) => start(process.execPath, ['--import', 'tsx', MAIN, ...args]);

describe('npm run broker (app/host/main.ts) as a process', () => {
  afterEach(killAll);

  it('a bad value stops it with exit code 2 and a message naming the flag', async () => {
    const done = await broker('--port', '99999').finished();
    expect(done.code).toBe(2);
    expect(done.stderr).toContain('--port: 99999 is out of range (0 to 65535)');
    expect(done.stderr).toContain('--help');
    expect(done.stdout).toBe('');
  });

  it('a bad figure stops it with exit code 2 and a message naming its flag', async () => {
    const done = await broker('--receive-maximum', '0').finished();
    expect(done.code).toBe(2);
    expect(done.stderr).toContain('--receive-maximum: 0 is out of range (1 to 65535)');
  });

  it('the figures given as flags are the broker’s: its MQTT 5 CONNACK says so', async () => {
    const child = broker('--port', '0', '--receive-maximum', '7', '--topic-alias-maximum', '3');
    await waitFor(() => /listening on mqtt:/.test(child.stdout()), 'the listening line', 10_000);
    expect(child.stdout()).toContain('figures given: receiveMaximum 7, topicAliasMaximum 3');
    const port = /listening on mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(child.stdout())?.[1];
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId: 'figures',
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    const connack = await new Promise<IConnackPacket>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    expect(connack.properties).toMatchObject({ receiveMaximum: 7, topicAliasMaximum: 3 });
    await client.endAsync(true);
  });

  it('--help lists the flags and exits 0', async () => {
    const done = await broker('--help').finished();
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Usage: npm run broker -- \[flags\]/);
    expect(done.stdout).toContain('--deny-publish FILTER');
  });

  it('a port in use stops it with exit code 1 and says why', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const done = await broker('--port', String(port)).finished();
      expect(done.code).toBe(1);
      expect(done.stderr).toContain('EADDRINUSE');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'serves MQTT, logs each connection, and closes everything on %s (exit 0)',
    async (signal) => {
      const child = broker('--port', '0', '--ws-port', '0', '--profile', 'standard');
      await waitFor(() => /listening on ws:/.test(child.stdout()), 'the listening lines', 10_000);
      expect(child.stdout()).toContain('profile standard (MQTT standard): session expiry never');
      const port = /listening on mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(child.stdout())?.[1];
      expect(child.stdout()).toMatch(/listening on ws:\/\/127\.0\.0\.1:\d+\/mqtt/);

      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        clientId: 'from-test',
        reconnectPeriod: 0,
      });
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      await waitFor(() => child.stdout().includes("client 'from-test' connected"), 'the log line');

      child.kill(signal);
      const done = await child.finished();
      await closed;
      expect(done).toMatchObject({ code: 0, signal: null });
      expect(done.stdout).toContain(`${signal}: closing`);
      await client.endAsync(true);
    },
  );
});
