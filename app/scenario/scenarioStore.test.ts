import { afterEach, describe, expect, it } from 'vitest';
import { defaultClientConfig, MAX_CLIENT_ID_CHARS } from '../clients/clientConfig';
import type { Scenario } from './format';
import { LESSONS } from './lessons';
import { headlessPlayground } from './node';
import { settle } from './runner';
import { createScenarioStore } from './scenarioStore';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

function setup() {
  const main = headlessPlayground();
  open.push(main);
  const scenarios = createScenarioStore(main.store, () => {
    const other = headlessPlayground();
    open.push(other);
    return other;
  });
  return { app: main.store, scenarios, actions: scenarios.getState().actions };
}

describe('the scenario on show', () => {
  it('steps forward and back, then plays through and judges', async () => {
    const { app, scenarios, actions } = setup();
    await actions.open(LESSONS[0]!.scenario, 'lesson');
    expect(app.getState().clientOrder).toEqual(['A', 'B']);
    await actions.next();
    await actions.next();
    await actions.next();
    expect(scenarios.getState().outcomes.map((o) => o.step.do)).toEqual([
      'connect',
      'subscribe',
      'disconnect',
    ]);
    await actions.previous();
    expect(scenarios.getState().outcomes).toHaveLength(2);
    expect(scenarios.getState().verdicts).toBeUndefined();
    const seen: number[] = [];
    const unsubscribe = scenarios.subscribe((s) => void (s.busy && seen.push(s.outcomes.length)));
    await actions.playAll();
    unsubscribe();
    // While it plays, each step's outcome is on show as it ends (the narration follows).
    expect([...new Set(seen)]).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(scenarios.getState().outcomes).toHaveLength(8);
    expect(scenarios.getState().verdicts?.every((v) => v.pass)).toBe(true);
    expect(scenarios.getState().busy).toBe(false);
  }, 60_000);

  it('a bad file changes nothing: the problems are listed, the playground is as it was', async () => {
    const { app, scenarios, actions } = setup();
    app.getState().actions.addClient(defaultClientConfig('X'));
    const ok = await actions.openText(
      '{"format": "mqtt-session-lab/scenario@1", "title": 7}',
      'file',
    );
    expect(ok).toBe(false);
    expect(scenarios.getState().problems).toContain('line 1, title: must be text');
    expect(scenarios.getState().scenario).toBeUndefined();
    expect(app.getState().clientOrder).toEqual(['X']);
    expect(app.getState().notice?.text).toMatch(
      /^The file's scenario cannot be opened; the playground is unchanged\. /,
    );
  });

  it('a second bad file: the problems listed are that file’s only, each once', async () => {
    const { scenarios, actions } = setup();
    expect(await actions.openText('hello world', 'file')).toBe(false);
    expect(scenarios.getState().problems).toEqual([
      'line 1: not valid JSON: invalid symbol',
      'line 1: not valid JSON: value expected',
    ]);
    expect(await actions.openText('{\n  "format": "mqtt-session-lab/scenario@1"\n}', 'file')).toBe(
      false,
    );
    expect(scenarios.getState().problems).toEqual([
      "line 1: missing field 'title'",
      "line 1: missing field 'profile'",
      "line 1: missing field 'clients'",
      "line 1: missing field 'steps'",
    ]);
  });

  it('the notice says what happened; the problems are listed once, not in the notice too', async () => {
    const { app, scenarios, actions } = setup();
    await actions.openText('{"format": "mqtt-session-lab/scenario@1", "title": 7}', 'file');
    const notice = app.getState().notice!.text;
    expect(notice).toBe(
      "The file's scenario cannot be opened; the playground is unchanged. 4 problems are listed under Scenario.",
    );
    for (const p of scenarios.getState().problems) expect(notice).not.toContain(p);
    // A list of profile names is not followed by a count that reads as more profiles.
    await actions.openText(
      JSON.stringify({ ...LESSONS[0]!.scenario, profile: 'hivemq', title: 7 }),
      'file',
    );
    expect(app.getState().notice!.text).not.toMatch(/more\)/);
    expect(scenarios.getState().problems).toContain(
      'line 1, profile: must be one of aws, standard, mosquitto, emqx',
    );
  });

  it.each([
    [
      '#garbage',
      'the address ends in #garbage, which is not a scenario link (a scenario link ends in #scenario= and the packed scenario)',
    ],
    ['#scenario=', 'the link has nothing after #scenario= (was it cut short when copied?)'],
    [
      '#scenario=bm90IGEgc2NlbmFyaW8',
      'the link is damaged: the scenario packed in it does not unpack (was the link cut short when copied?)',
    ],
  ])(
    'the link %s gets a message saying what is wrong with it, once; nothing changes',
    async (hash, why) => {
      const { app, scenarios, actions } = setup();
      app.getState().actions.addClient(defaultClientConfig('X'));
      expect(await actions.openFragment(hash)).toBe(false);
      expect(scenarios.getState().problems).toEqual([why]);
      expect(app.getState().notice).toEqual({
        kind: 'error',
        text: "The link's scenario cannot be opened; the playground is unchanged. What is wrong is listed under Scenario.",
      });
      expect(app.getState().clientOrder).toEqual(['X']);
      expect(scenarios.getState().scenario).toBeUndefined();
    },
  );

  it('an address without a fragment opens nothing and says nothing', async () => {
    const { app, actions } = setup();
    expect(await actions.openFragment('')).toBe(false);
    expect(app.getState().notice).toBeUndefined();
  });

  it('a recording of a client with the longest id the add form takes opens as a scenario', async () => {
    const { app, scenarios, actions } = setup();
    const id = `device-${'x'.repeat(88)}`; // 95 characters: the format once took 64
    actions.record();
    expect(app.getState().actions.addClient(defaultClientConfig(id))).toEqual({});
    app.getState().actions.connect(id);
    await settle(app);
    await actions.stopRecording();
    expect(scenarios.getState().keptRecording).toBeUndefined();
    expect(scenarios.getState().scenario?.clients.map((c) => c.name)).toEqual([id]);
    expect(
      app.getState().actions.addClient(defaultClientConfig('y'.repeat(MAX_CLIENT_ID_CHARS + 1))),
    ).toEqual({ clientId: 'at most 128 characters (this one has 129)' });
  }, 60_000);

  it('a recording the format cannot hold is kept, with what is wrong, to be saved', async () => {
    const { app, scenarios, actions } = setup();
    app.getState().actions.addClient(defaultClientConfig('A'));
    actions.record();
    const act = app.getState().actions;
    act.connect('A');
    await settle(app);
    // 70,000 characters: the AWS profile's packets take it, a scenario's payload at most 65,536.
    const payload = 'p'.repeat(70_000);
    const request = {
      topic: 't',
      payload,
      format: 'text',
      qos: 1,
      retain: false,
      messageExpiry: 0,
    } as const;
    expect(act.publish('A', request)).toEqual({});
    await settle(app);
    await actions.stopRecording();
    const kept = scenarios.getState().keptRecording!;
    expect(kept.problems).toEqual([
      expect.stringMatching(/^line \d+, steps\[\d\]\.payload: at most 65536 characters$/),
    ]);
    const file = JSON.parse(kept.text) as Scenario;
    expect(file.steps.find((x) => x.do === 'publish')).toEqual({
      do: 'publish',
      client: 'A',
      topic: 't',
      payload,
      qos: 1,
    });
    expect(app.getState().notice?.text).toMatch(
      /^The recording cannot be opened as a scenario \(1 problem, listed under Scenario\); it is kept there: save it as a file\.$/,
    );
    expect(scenarios.getState().scenario).toBeUndefined();
    actions.discardRecording();
    expect(scenarios.getState().keptRecording).toBeUndefined();
  }, 60_000);

  it('its link opens the same scenario; a file saved and opened again is the same', async () => {
    const { scenarios, actions } = setup();
    await actions.open(LESSONS[10]!.scenario, 'lesson');
    const shared = await actions.link('https://example.test/lab/?debug#old');
    expect(shared?.brokerQueryLeftOut).toBe(false);
    const link = shared?.link;
    expect(link).toMatch(/^https:\/\/example\.test\/lab\/\?debug#scenario=[\w-]+$/);
    const text = actions.fileText()!;
    const other = setup();
    expect(await other.actions.openLink(link!.split('#scenario=')[1]!)).toBe(true);
    expect(other.scenarios.getState().scenario).toEqual(scenarios.getState().scenario);
    expect(await other.actions.openText(text, 'file')).toBe(true);
    expect(other.scenarios.getState().scenario).toEqual(scenarios.getState().scenario);
  }, 60_000);

  it('a link made against a presigned broker URL does not carry its signature', async () => {
    const { actions } = setup();
    await actions.open(LESSONS[0]!.scenario, 'lesson');
    const broker = 'wss://b.example/mqtt?X-Amz-Signature=secret&X-Amz-Security-Token=token';
    const shared = await actions.link(
      `https://example.test/lab/?broker=${encodeURIComponent(broker)}&prefix=lab-`,
    );
    expect(shared?.brokerQueryLeftOut).toBe(true);
    expect(shared?.link).not.toMatch(/secret|token|Amz/);
    expect(new URL(shared!.link).searchParams.get('broker')).toBe('wss://b.example/mqtt');
    expect(shared?.link).toMatch(/#scenario=[\w-]+$/);
  }, 60_000);

  it('a comparison lists a step that failed on one profile, not only the expectations', async () => {
    const { scenarios, actions } = setup();
    const expiry: Scenario = {
      format: 'mqtt-session-lab/scenario@1',
      title: 'Expiry',
      profile: 'aws',
      clients: [{ name: 'A' }],
      steps: [
        { do: 'connect', client: 'A' },
        { do: 'disconnect', client: 'A' },
        { do: 'wait', for: { type: 'session.expired', client: 'A' }, within: '2h' },
      ],
      expect: [{ expires: 'A', between: ['1h', '1.5h'] }],
    };
    await actions.open(expiry, 'file');
    await actions.compare('standard');
    const differences = scenarios.getState().comparison!.differences;
    expect(differences[0]).toEqual({
      subject: 'step 3',
      what: 'wait up to 2h for session.expired of A',
      left: 'done',
      right: 'fails: no session.expired for A within 2 h',
    });
    expect(differences.map((d) => d.subject)).toContain('expectation');
  }, 60_000);

  it('compares on two profiles without touching the playground on show', async () => {
    const { scenarios, actions } = setup();
    await actions.open(LESSONS[10]!.scenario, 'lesson');
    await actions.compare('emqx');
    const c = scenarios.getState().comparison!;
    expect([c.left.profile, c.right.profile]).toEqual(['mosquitto', 'emqx']);
    expect(c.differences.map((d) => d.what)).toContain('dropped');
    expect(scenarios.getState().outcomes).toEqual([]);
  }, 60_000);
});
