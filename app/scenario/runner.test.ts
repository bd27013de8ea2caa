import { describe, expect, it } from 'vitest';
import type { Scenario } from './format';
import { LESSONS } from './lessons';
import { headlessPlayground, runHeadless } from './node';
import { ScenarioRunner } from './runner';
import { createAppStore } from '../store/appStore';
import { WorkerChannel } from '../transport/workerChannel';
import { InProcessWorker } from '../worker/inProcessWorker';

const basics = LESSONS[0]!.scenario;

describe('the scenario runner', () => {
  it('the same scenario gives the same events, run after run', async () => {
    const shape = async () => {
      const report = await runHeadless(LESSONS[4]!.scenario); // expiry: jitter, an hour's wait
      return { log: report.log, at: report.simulatedMs, verdicts: report.verdicts };
    };
    const first = await shape();
    expect(first.log.length).toBeGreaterThan(50);
    expect(await shape()).toEqual(first);
  }, 60_000);

  it('a wrong expectation fails, with what was seen and the events that decided it', async () => {
    const wrong: Scenario = {
      ...basics,
      expect: [
        { connack: 'A', nth: 2, sessionPresent: false },
        { receives: 'A', payloads: 'm0..m30' },
        { replay: 'A', between: ['1s', '2s'] },
        { dropped: 1 },
      ],
    };
    const report = await runHeadless(wrong);
    expect(report.passed).toBe(false);
    expect(report.verdicts.map((v) => [v.pass, v.detail])).toEqual([
      [false, 'sessionPresent=1, code 0'],
      [
        false,
        'received 30: m0, m1, m2, m3, m4, m5, m6, m7, … (30); first difference at #31: nothing where m30 was expected',
      ],
      [false, '30 messages in 2.9 s'],
      [false, '0 dropped'],
    ]);
    expect(report.verdicts[0]!.seqs).toHaveLength(1);
  }, 60_000);

  it('a step the playground cannot do is a step error, and the run goes on', async () => {
    const report = await runHeadless({
      ...basics,
      steps: [
        { do: 'disconnect', client: 'A' },
        { do: 'publish', client: 'B', topic: 't/x', payload: 'x', qos: 1 },
        { do: 'wait', for: { type: 'session.expired', client: 'A' }, within: '10s' },
        { do: 'connect', client: 'A' },
      ],
      expect: [{ connack: 'A', sessionPresent: false }],
    });
    expect(report.steps.map((s) => s.error)).toEqual([
      'A is not connected',
      'B is not connected',
      'no session.expired for A within 10 s',
      undefined,
    ]);
    expect(report.verdicts.map((v) => v.pass)).toEqual([true]);
    expect(report.passed).toBe(false);
    expect(report.simulatedMs).toBe(10_000);
  }, 60_000);

  it('a wait sees what the step before it caused: an unpaced replay finishes within the connect', async () => {
    // Lesson 1 saved with "profile": "mosquitto": the replay is unpaced, over in 0 ms, within
    // A's CONNACK's step; the wait after it must see it, not wait a minute for another.
    const report = await runHeadless({ ...basics, profile: 'mosquitto' });
    const wait = report.steps.at(-1)!;
    expect(wait.step.do).toBe('wait');
    expect(wait.error).toBeUndefined();
    expect(report.steps.every((s) => !s.error)).toBe(true);
    expect(wait.at).toBe(report.steps.at(-2)!.at);
  }, 60_000);

  it('a wait looks back to the start of the step before it, and no further', async () => {
    const connack = { type: 'connack.sent', client: 'A' } as const;
    const report = await runHeadless({
      ...basics,
      steps: [
        { do: 'connect', client: 'A' },
        { do: 'wait', for: connack, within: '1s' },
        // The first wait saw that CONNACK; nothing new comes for this one.
        { do: 'wait', for: connack, within: '1s' },
        { do: 'connect', client: 'B' },
        { do: 'note' },
        // A's CONNACK came two steps before: not this wait's.
        { do: 'wait', for: connack, within: '1s' },
      ],
      expect: [],
    });
    expect(report.steps.map((s) => s.error)).toEqual([
      undefined,
      undefined,
      'no connack.sent for A within 1 s',
      undefined,
      undefined,
      'no connack.sent for A within 1 s',
    ]);
  }, 60_000);

  it('paced at the speed of the clock, a run gives the same events as one that jumps', async () => {
    const jumped = await runHeadless(basics);
    const { store, close } = headlessPlayground();
    try {
      const runner = new ScenarioRunner(basics, store);
      runner.paced = true;
      await runner.load();
      store.getState().actions.setSpeed(60);
      const report = await runner.runAll();
      const shape = (log: readonly { type: string; at: number }[]) =>
        log.map((e) => `${e.at} ${e.type}`);
      expect(shape(runner.events())).toEqual(shape(jumped.log));
      expect(report.passed).toBe(true);
    } finally {
      close();
    }
  }, 60_000);

  it('paced at 1×, a wait shows the clock playing until the event, and keeps to wall time', async () => {
    const worker = new InProcessWorker();
    const stop = worker.run();
    const store = createAppStore(new WorkerChannel(worker), (fn) => setTimeout(fn, 0));
    try {
      const replay: Scenario = {
        ...basics,
        steps: [
          ...basics.steps.slice(0, 4), // A subscribes and leaves; B connects
          { do: 'burst', client: 'B', topic: 't/x', payload: 'm', count: 10, qos: 1 },
          { do: 'connect', client: 'A' },
          { do: 'wait', for: { type: 'replay.finished', client: 'A' }, within: '1m' },
        ],
      };
      const runner = new ScenarioRunner(replay, store);
      runner.paced = true;
      await runner.load();
      store.getState().actions.setSpeed(1);
      await runner.goTo(replay.steps.length - 1);
      expect(store.getState().clock.paused).toBe(true);

      // Every clock the store shows while the wait runs, with the worker's wall time then.
      const shown: { paused: boolean; now: number; wall: number }[] = [];
      const unsubscribe = store.subscribe((s, before) => {
        if (s.clock !== before.clock) shown.push({ ...s.clock, wall: worker.wall });
      });
      const from = runner.now();
      const outcome = await runner.next();
      unsubscribe();
      expect(outcome?.error).toBeUndefined();
      // The replay: 10 messages, 0.9 s, and the step ends exactly when it ends.
      expect(outcome!.at - from).toBe(900);

      // Playing from the first clock shown to the last: no pause on the way (it flickered at
      // every replay step before), paused at the end.
      const flips = shown.filter((c, i) => i > 0 && c.paused !== shown[i - 1]!.paused).length;
      expect(shown[0]!.paused).toBe(false);
      expect(shown.at(-1)!.paused).toBe(true);
      expect(flips).toBe(1);
      // Simulated time kept to the worker's wall time while it played (it ran at half speed
      // when the runner stopped at every replay step).
      const playing = shown.filter((c) => !c.paused);
      const first = playing[0]!;
      const last = playing.at(-1)!;
      expect(last.now - first.now).toBeGreaterThan(500);
      expect((last.wall - first.wall) / (last.now - first.now)).toBeLessThan(1.2);
    } finally {
      store.dispose();
      stop();
    }
  }, 60_000);

  it('a second client with the same id connects with its own settings (a takeover pair)', async () => {
    const report = await runHeadless({
      ...basics,
      clients: [{ name: 'A' }, { name: 'A2', clientId: 'A', clean: true }],
      steps: [
        { do: 'connect', client: 'A' },
        { do: 'subscribe', client: 'A', filter: 't/#', qos: 1 },
        { do: 'disconnect', client: 'A' },
        { do: 'connect', client: 'A2' },
      ],
      expect: [{ connack: 'A', nth: 2, sessionPresent: false }],
    });
    expect(report.verdicts.map((v) => [v.pass, v.detail])).toEqual([
      [true, 'sessionPresent=0, code 0'],
    ]);
  }, 60_000);

  it('going back replays the steps before at once, even when the steps play at the clock', async () => {
    const { store, close } = headlessPlayground();
    try {
      const expiry = LESSONS[4]!.scenario; // waits up to two hours for the session to expire
      const runner = new ScenarioRunner(expiry, store);
      runner.paced = true;
      await runner.load();
      store.getState().actions.setSpeed(1);
      const wait = expiry.steps.findIndex((s) => s.do === 'wait');
      await runner.goTo(wait + 1); // would take an hour and more at 1× if it were paced
      expect(runner.outcomes.at(-1)?.step.do).toBe('wait');
      expect(runner.paced).toBe(true);
    } finally {
      close();
    }
  }, 30_000);

  it('a run longer than the event log holds is not judged on the part it kept', async () => {
    const { store, close } = headlessPlayground(50);
    try {
      const runner = new ScenarioRunner(basics, store);
      await runner.load();
      const report = await runner.runAll();
      expect(report.passed).toBe(false);
      expect(report.verdicts[0]).toMatchObject({
        label: 'the event log holds the whole run',
        pass: false,
      });
    } finally {
      close();
    }
  }, 60_000);
});
