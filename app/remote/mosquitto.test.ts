import { afterAll, describe, expect, it } from 'vitest';
import type { EventOf, ProfileName } from '../broker';
import { startHost, type Host } from '../host/host';
import type { Scenario } from '../scenario/format';
import { sentTo } from '../scenario/received';
import { checkBroker } from './node/checkBroker';
import { runRemote } from './node/runRemote';
import type { RemoteEvent } from './remoteEvent';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkReachable } from './node/runRemote';
import { sharedMosquitto, TLS_DIR } from './testing/mosquitto';
import { DELAYED_WILL, STORY, TAKEOVER_WILLS } from './testing/scenarios';

/**
 * Real mosquitto (Debian's package, started here on free ports with its own configuration and
 * its defaults otherwise), checked and run against as any remote broker would be. It must match
 * our mosquitto profile; where it did not, the case stays here as a finding. Without the
 * mosquitto binary these tests fail, saying how to install it.
 */
const mosquitto = sharedMosquitto({ tls: true });
const hosts: Host[] = [];

afterAll(async () => {
  await mosquitto.stop();
  await Promise.all(hosts.map((h) => h.close()));
});

const settings = (url: string) => ({ address: { url }, timeoutMs: 5000 });

async function hostUrl(profile: ProfileName): Promise<string> {
  const h = await startHost({
    host: '127.0.0.1',
    port: 0,
    profile,
    overrides: {},
    seed: 1,
    access: { denySubscribe: [], denyPublish: [] },
  });
  hosts.push(h);
  return `mqtt://127.0.0.1:${h.tcpPort}`;
}

const received = (events: readonly RemoteEvent[], id: string) => sentTo(events, id).payloads;

// Side by side: each test has client ids and topics of its own.
describe.concurrent('real mosquitto', () => {
  describe.concurrent('check-broker against real mosquitto', () => {
    it('mosquitto 2.0 with its defaults matches our mosquitto profile in every check', async () => {
      const report = await checkBroker({
        settings: settings((await mosquitto.get()).tcpUrl),
        expiry: 3,
        queue: 1000,
      });
      expect(report.broker.problems).toEqual([]);
      expect(report.broker.cleanup).toEqual([]);
      const differing = report.comparison.rows
        .filter((r) => r.profiles.mosquitto.match === false)
        .map(
          (r) =>
            `${r.title}: mosquitto ${r.broker?.value}, profile ${r.profiles.mosquitto.finding?.value}`,
        );
      expect(differing).toEqual([]);
      expect(report.comparison.matches).toEqual(['mosquitto']);
      const f = report.broker.findings;
      // Its documented defaults, as the check saw them.
      expect(f['qos0-stored']?.value).toBe('not stored'); // queue_qos0_messages false
      expect(f.inflight?.value).toBe('20 at a time'); // max_inflight_messages 20
      expect(f['queue-full']?.value).toBe('first 1000 kept, new dropped'); // max_queued_messages 1000
      expect(f['expiry-after']?.value).toBe('kept'); // persistent_client_expiration: none
      expect(f['v5-expiry-after']?.value).toBe('expired'); // the Session Expiry Interval honoured
      expect(f.resend?.value).toBe('again, DUP=1, same id');
    }, 60_000);
  });

  describe.concurrent('findings: where real mosquitto and our mosquitto profile differed', () => {
    const wills = async (url: string) => {
      const { events } = await runRemote(TAKEOVER_WILLS, settings(url));
      return received(events, 'W');
    };

    it('[finding] mosquitto 2.0 publishes the Will of a connection taken over only when its session ends; our mosquitto profile now does the same (willOnTakeover)', async () => {
      const [real, ours, standard] = await Promise.all([
        mosquitto.get().then((m) => wills(m.tcpUrl)),
        hostUrl('mosquitto').then(wills),
        hostUrl('standard').then(wills),
      ]);
      // A (3.1.1) and B (5.0) resumed their sessions: no Will. F's clean session ended: its Will.
      expect(real).toEqual(['will-f']);
      expect(ours).toEqual(real);
      // The standard profile follows MQTT 5's comment to 3.1.3.2.2: a Will Delay of 0 sends it.
      expect(standard).toEqual(['will-a', 'will-b', 'will-f']);
    }, 30_000);

    it('[finding, not modelled] mosquitto 2.0 waits out the Will Delay of a session that ended with its connection; MQTT 5 [MQTT-3.1.3-9] and our profiles send it when the session ends', async () => {
      const delay = async (url: string) => {
        const { events } = await runRemote(DELAYED_WILL, settings(url));
        const lost = events.find(
          (e): e is EventOf<'connection.closed'> & RemoteEvent =>
            e.type === 'connection.closed' && e.clientId === 'E',
        );
        const will = events.find((e) => e.type === 'will.published' && e.clientId === 'E');
        if (!lost || !will) throw new Error(`no Will seen from ${url}`);
        return will.at - lost.at;
      };
      const [real, ours] = await Promise.all([
        mosquitto.get().then((m) => delay(m.tcpUrl)),
        hostUrl('mosquitto').then(delay),
      ]);
      expect(real).toBeGreaterThanOrEqual(1500);
      expect(ours).toBeLessThan(500);
    }, 30_000);
  });

  describe.concurrent('npm run scenario --broker against real mosquitto', () => {
    const story = async (url: string, scenario: Scenario = STORY) => {
      const { report, events } = await runRemote(scenario, settings(url));
      return { report, events };
    };

    it.each([
      ['TCP', async () => (await mosquitto.get()).tcpUrl],
      ['WebSocket', async () => (await mosquitto.get()).wsUrl],
    ])(
      'over %s: what the clients see is judged; the drops are not observable, never passed',
      async (_, url) => {
        const { report, events } = await story(await url());
        expect(report.steps.filter((s) => s.error)).toEqual([]);
        expect(report.verdicts.map((v) => [v.status, v.basis])).toEqual([
          ['pass', 'observed'],
          ['pass', 'observed'],
          ['pass', 'inferred'],
          ['not-observable', 'broker-only'],
        ]);
        expect(report.passed).toBe(true);
        expect(report.cleanup).toEqual([]);
        expect(received(events, 'A')).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
        // The run's own client ids: the prefix, never the bare name.
        expect((await mosquitto.get()).log()).toContain(`as ${report.idPrefix}A (p2, c0, k60)`);
      },
      30_000,
    );

    it('a failing expectation fails the run', async () => {
      const wrong: Scenario = { ...STORY, expect: [{ receives: 'A', payloads: 'm0..m5' }] };
      const { report } = await story((await mosquitto.get()).tcpUrl, wrong);
      expect(report.passed).toBe(false);
      expect(report.verdicts[0]).toMatchObject({ status: 'fail', basis: 'observed' });
    }, 30_000);
  });

  describe.concurrent('over TLS: --ca, --cert and --key', () => {
    const pem = (name: string) => readFileSync(join(TLS_DIR, name), 'utf8');

    it('mqtts:// with a client certificate, and wss://, trusting the test CA', async () => {
      const m = await mosquitto.get();
      const ca = pem('ca.crt');
      const mutual = { url: m.mqttsUrl!, ca, cert: pem('client.crt'), key: pem('client.key') };
      const runs = [mutual, { url: m.wssUrl!, ca }].map(async (address) => {
        const { report } = await runRemote(STORY, { address, timeoutMs: 5000 });
        return [address.url, report.passed, report.cleanup];
      });
      expect(await Promise.all(runs)).toEqual([
        [mutual.url, true, []],
        [m.wssUrl, true, []],
      ]);
    }, 30_000);

    it('a server the CA does not vouch for, or no client certificate where one is required: the broker cannot be used, and says why', async () => {
      const m = await mosquitto.get();
      const untrusted = await checkReachable({ address: { url: m.wssUrl! }, timeoutMs: 5000 });
      expect(untrusted).toMatch(
        /^cannot use wss:\/\/127\.0\.0\.1:\d+\/mqtt: self-signed certificate in certificate chain/,
      );
      const noCert = await checkReachable({
        address: { url: m.mqttsUrl!, ca: pem('ca.crt') },
        timeoutMs: 5000,
      });
      expect(noCert).toMatch(/^cannot use mqtts:\/\/127\.0\.0\.1:\d+: /);
    }, 30_000);
  });
});
