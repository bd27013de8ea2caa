import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseCli } from '../../host/cli';
import { startHost, type Host } from '../../host/host';
import type { InnerSocket } from '../socketTap';
import { checkFromPage, type CheckProgress } from './pageCheck';
import type { RemoteMode } from './remoteMode';

const nodeSocket = (url: string, protocols: string[]) =>
  new WebSocket(url, protocols) as unknown as InnerSocket;

const hosts: Host[] = [];
afterAll(() => Promise.all(hosts.map((h) => h.close())));

const mode = (url: string): RemoteMode => ({
  url,
  label: url,
  origin: new URL(url).origin,
  idPrefix: 'qa-',
  credentials: {},
});

/**
 * The page's check is the command's: the same probes over the browser's kind of WebSocket (the
 * `ws` package's here), the profiles' column from our broker in memory over sockets the page
 * has. Our Node host with the aws profile, told the figures the check is told, must match it.
 */
describe('the check, run as the page runs it', () => {
  it('our Node host with the aws profile matches the aws profile in every row', async () => {
    const cli = parseCli([
      '--port',
      '0',
      '--ws-port',
      '0',
      ...['--profile', 'aws', '--session-expiry', '3', '--expiry-jitter', '0'],
      ...['--queue-limit', '20'],
    ]);
    if (cli.kind !== 'run') throw new Error('bad flags');
    const host = await startHost(cli.options);
    hosts.push(host);
    const seen: CheckProgress[] = [];
    const report = await checkFromPage(
      mode(`ws://127.0.0.1:${host.wsPort}/mqtt`),
      { expiry: 3, queue: 20 },
      (p) => seen.push(p),
      nodeSocket,
    );
    expect(report.broker.problems).toEqual([]);
    expect(report.comparison.matches).toContain('aws');
    expect(report.comparison.rows.length).toBe(19);
    // Progress: the broker's probes one by one, then the profiles'.
    expect(seen[0]).toEqual({ phase: 'broker', done: 0, of: 11 });
    expect(seen.filter((p) => p.phase === 'broker').at(-1)).toEqual({
      phase: 'broker',
      done: 11,
      of: 11,
    });
    expect(seen.at(-1)).toEqual({ phase: 'profiles', done: 44, of: 44 });
    // It cleaned up after itself: every session it made was cleared.
    expect(report.broker.cleanup).toEqual([]);
  }, 60_000);

  it('a broker that is not there: it stops at once, saying why', async () => {
    await expect(
      checkFromPage(mode('ws://127.0.0.1:9/mqtt'), { queue: 0 }, () => {}, nodeSocket),
    ).rejects.toThrow(/^cannot use ws:\/\/127\.0\.0\.1:9\/mqtt: could not open the WebSocket/);
  });
});
