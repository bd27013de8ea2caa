import { describe, expect, it } from 'vitest';
import { defaultClientConfig } from '../clients/clientConfig';
import type { RemoteMode } from '../remote/page/remoteMode';
import { createAppStore } from '../store/appStore';
import { WorkerChannel } from '../transport/workerChannel';
import { InProcessWorker } from '../worker/inProcessWorker';
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

describe('recording against a remote broker', () => {
  it('keeps the client ids as typed, without the page’s prefix, and still finds their CONNACKs', async () => {
    // The page's store as `?broker=…&prefix=lab-` makes it (our broker in this process stands
    // for the remote one): every id it sends starts with lab-.
    const worker = new InProcessWorker();
    const stop = worker.run();
    const remote: RemoteMode = {
      url: 'ws://127.0.0.1:1/mqtt',
      label: 'ws://127.0.0.1:1/mqtt',
      origin: 'ws://127.0.0.1:1',
      idPrefix: 'lab-',
      credentials: {},
    };
    const store = createAppStore(
      new WorkerChannel(worker),
      (fn) => setTimeout(fn, 0),
      undefined,
      false,
      remote,
    );
    try {
      const { actions } = store.getState();
      actions.pause();
      // A is in the page before the recording starts, B is added during it.
      actions.addClient(defaultClientConfig('A'));
      expect(store.getState().clients.A!.config.clientId).toBe('lab-A');
      const recording = startRecording(store);
      const act = store.getState().actions;
      act.addClient(defaultClientConfig('B'));
      act.connect('A');
      act.connect('B');
      await settle(store);
      const scenario = recording.stop();
      // Played again against a remote broker, each id gets that page's prefix once (lab-A, not
      // lab-lab-A, nor lab-<tag>-lab-A from a scenario run).
      expect(scenario.clients.map((c) => [c.name, c.clientId ?? c.name])).toEqual([
        ['A', 'A'],
        ['B', 'B'],
      ]);
      // The expectations still find what the broker said to each (its events carry lab-A).
      expect(scenario.expect).toEqual([
        { connack: 'A', nth: 1, sessionPresent: false },
        { connack: 'B', nth: 1, sessionPresent: false },
        { dropped: 0 },
      ]);
    } finally {
      store.dispose();
      stop();
    }
  }, 30_000);
});
