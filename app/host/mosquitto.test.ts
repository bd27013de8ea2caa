import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerEvent, EventOf } from '../broker';
import { startHost, type Host } from './host';
import { LOOPBACK } from './testing/hostEnv';
import { killAll, MOSQUITTO_CLIENTS_HINT, requireCommand, run, start } from './testing/processes';
import { waitFor } from './testing/waitFor';

/**
 * The mosquitto command-line clients against the host (AWS profile, as `npm run broker` starts
 * by default): a persistent mosquitto_sub goes away, mosquitto_pub publishes, and the next
 * mosquitto_sub with the same id gets what was stored. Missing clients fail the test.
 */
describe('mosquitto_sub and mosquitto_pub against the Node host', () => {
  let host: Host | undefined;
  let events: BrokerEvent[] = [];

  afterEach(async () => {
    await killAll();
    await host?.close();
    host = undefined;
    events = [];
  });

  async function startBroker(): Promise<number> {
    host = await startHost({
      host: LOOPBACK,
      port: 0,
      profile: 'aws',
      overrides: {},
      seed: 1,
      access: { denySubscribe: [], denyPublish: [] },
    });
    host.broker.subscribe((e) => events.push(e));
    return host.tcpPort;
  }

  const of = <T extends BrokerEvent['type']>(type: T, clientId: string): EventOf<T>[] =>
    events.filter(
      (e): e is EventOf<T> => e.type === type && 'clientId' in e && e.clientId === clientId,
    );

  const cases = [
    ['mqttv311', 'ends after one message (-C 1)'],
    ['mqttv5', 'is killed (SIGKILL)'],
  ] as const;

  it.each(cases)(
    '[AWS-store][AWS-subs] %s: a persistent mosquitto_sub (-c -i subA -q 1) %s, then gets what mosquitto_pub sent while it was away',
    async (version, leaves) => {
      requireCommand('mosquitto_sub', MOSQUITTO_CLIENTS_HINT);
      requireCommand('mosquitto_pub', MOSQUITTO_CLIENTS_HINT);
      const port = await startBroker();
      const net = ['-h', LOOPBACK, '-p', String(port), '-V', version];
      const sub = (count: number) =>
        start('mosquitto_sub', [
          ...net,
          '-c',
          '-i',
          'subA',
          '-q',
          '1',
          '-t',
          't/#',
          '-C',
          String(count),
          '-v',
        ]);
      const pub = (args: string[], input?: string) =>
        run('mosquitto_pub', [...net, ...args], input);

      // subA subscribes with a persistent session; a live message reaches it.
      const first = sub(1);
      await waitFor(() => of('subscription.added', 'subA').length === 1, 'subA to subscribe');
      if (leaves.startsWith('is killed')) {
        first.kill('SIGKILL');
        await first.finished();
        await waitFor(
          () => of('connection.closed', 'subA').length === 1,
          'the broker to see subA go',
        );
        expect(of('connection.closed', 'subA').map((e) => e.reason)).toEqual(['transport-closed']);
      } else {
        expect(await pub(['-q', '1', '-t', 't/live', '-m', 'live'])).toMatchObject({ code: 0 });
        const done = await first.finished();
        expect(done).toMatchObject({ code: 0, stdout: 't/live live\n' });
        await waitFor(
          () => of('connection.closed', 'subA').length === 1,
          'the broker to see subA go',
        );
        expect(of('connection.closed', 'subA').map((e) => e.reason)).toEqual(['client-disconnect']);
      }
      expect(of('session.expiry-scheduled', 'subA')).toHaveLength(1);

      // While it is away: three QoS 1 messages (one per line) and one QoS 0.
      expect(await pub(['-q', '0', '-t', 't/away', '-m', 'zero'])).toMatchObject({ code: 0 });
      expect(await pub(['-q', '1', '-t', 't/away', '-l'], 'one\ntwo\nthree\n')).toMatchObject({
        code: 0,
      });
      await waitFor(() => of('message.stored', 'subA').length === 3, 'three messages stored');
      expect(of('message.dropped', 'subA').map((e) => e.reason)).toEqual(['qos0-while-away']);

      // subA again, same id: the session is there and the stored messages arrive, in order.
      const second = await sub(3).finished();
      expect(second).toMatchObject({ code: 0, stdout: 't/away one\nt/away two\nt/away three\n' });
      const acks = events.filter(
        (e): e is EventOf<'connack.sent'> => e.type === 'connack.sent' && e.clientId === 'subA',
      );
      expect(acks.map((e) => e.sessionPresent)).toEqual([false, true]);
      expect(of('session.resumed', 'subA').map((e) => e.stored)).toEqual([3]);
      expect(of('message.acknowledged', 'subA').length).toBeGreaterThanOrEqual(3);
    },
    20_000,
  );
});
