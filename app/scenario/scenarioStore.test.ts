import { afterEach, describe, expect, it } from 'vitest';
import { defaultClientConfig } from '../clients/clientConfig';
import { LESSONS } from './lessons';
import { headlessPlayground } from './node';
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
    await actions.playAll();
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

  it('its link opens the same scenario; a file saved and opened again is the same', async () => {
    const { scenarios, actions } = setup();
    await actions.open(LESSONS[10]!.scenario, 'lesson');
    const link = await actions.link('https://example.test/lab/?debug#old');
    expect(link).toMatch(/^https:\/\/example\.test\/lab\/\?debug#scenario=[\w-]+$/);
    const text = (await actions.fileText())!;
    const other = setup();
    expect(await other.actions.openLink(link!.split('#scenario=')[1]!)).toBe(true);
    expect(other.scenarios.getState().scenario).toEqual(scenarios.getState().scenario);
    expect(await other.actions.openText(text, 'file')).toBe(true);
    expect(other.scenarios.getState().scenario).toEqual(scenarios.getState().scenario);
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
