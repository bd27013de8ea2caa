import { describe, expect, it } from 'vitest';
import { defaultClientConfig } from '../clients/clientConfig';
import { headlessPlayground, runHeadless } from './node';
import { startRecording } from './recorder';
import { settle } from './runner';
import { formatProblem, parseScenario } from './validate';

describe('recording what a person does as a scenario', () => {
  it('records the actions and the time between them; played again, it checks itself', async () => {
    const { store, close } = headlessPlayground();
    try {
      const { actions } = store.getState();
      actions.pause();
      actions.addClient(defaultClientConfig('A'));
      const recording = startRecording(store);
      const act = store.getState().actions; // the recording's actions, as the page's buttons get
      act.addClient({ ...defaultClientConfig('B'), clean: true });
      act.connect('A');
      await settle(store);
      await act.subscribe('A', 't/#', {
        qos: 1,
        noLocal: false,
        retainAsPublished: false,
        retainHandling: 0,
      });
      act.disconnect('A');
      act.connect('B');
      await settle(store);
      act.burst(
        'B',
        { topic: 't/x', payload: 'm', format: 'text', qos: 1, retain: false, messageExpiry: 0 },
        5,
        0,
      );
      await settle(store);
      store.channel.post({ t: 'advance', to: store.channel.now + 30_000 });
      await settle(store);
      act.connect('A');
      await settle(store);
      store.channel.post({ t: 'advance', to: store.channel.now + 1_000 }); // the replay, 10/s
      await settle(store);
      const scenario = recording.stop();
      expect(store.getState().actions).toBe(actions);

      expect(scenario.clients.map((c) => c.name)).toEqual(['A', 'B']);
      expect(scenario.steps.map((s) => s.do)).toEqual([
        'connect',
        'subscribe',
        'disconnect',
        'connect',
        'burst',
        'advance',
        'connect',
        'advance',
      ]);
      expect(scenario.steps[5]).toEqual({ do: 'advance', by: '30000ms' });
      expect(scenario.expect).toEqual([
        { connack: 'A', nth: 1, sessionPresent: false },
        { connack: 'A', nth: 2, sessionPresent: true },
        { connack: 'B', nth: 1, sessionPresent: false },
        { receives: 'A', payloads: ['m0', 'm1', 'm2', 'm3', 'm4'] },
        { dropped: 0 },
      ]);
      // A file like any other: it validates, and played headless it passes what it recorded.
      const file = parseScenario(JSON.stringify(scenario));
      expect(file.ok ? [] : file.problems.map(formatProblem)).toEqual([]);
      const report = await runHeadless(scenario);
      expect(report.verdicts.filter((v) => !v.pass)).toEqual([]);
      expect(report.passed).toBe(true);
    } finally {
      close();
    }
  }, 60_000);
});
