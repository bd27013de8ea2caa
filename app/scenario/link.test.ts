import { describe, expect, it } from 'vitest';
import { LESSONS } from './lessons';
import { packScenario, scenarioInHash, unpackScenario } from './link';
import { formatProblem } from './validate';

describe('a scenario in a link', () => {
  it('packs and unpacks to the same scenario, short enough for a URL', async () => {
    for (const { id, scenario } of LESSONS) {
      const text = JSON.stringify(scenario);
      const packed = await packScenario(text);
      expect(packed, id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(packed.length, id).toBeLessThan(text.length);
      const back = await unpackScenario(packed);
      expect(back.ok && back.scenario, id).toEqual(scenario);
    }
  });

  it('finds the scenario in a fragment', () => {
    expect(scenarioInHash('#scenario=abc_-')).toBe('abc_-');
    expect(scenarioInHash('#other=1&scenario=x')).toBe('x');
    expect(scenarioInHash('')).toBeUndefined();
  });

  it('a tampered link is refused with a message, never a throw', async () => {
    const packed = await packScenario(JSON.stringify(LESSONS[0]!.scenario));
    const cases = [
      'not base64!',
      packed.slice(0, 20),
      `${packed.slice(0, 30)}A${packed.slice(31)}`,
      await packScenario('{"format": "mqtt-session-lab/scenario@1", "title": 3}'),
    ];
    const messages = [];
    for (const c of cases) {
      const r = await unpackScenario(c);
      expect(r.ok).toBe(false);
      messages.push(r.ok ? '' : r.problems.map(formatProblem).join('; '));
    }
    expect(messages[0]).toBe('line 1: the link is damaged (not base64url)');
    expect(messages[1]).toMatch(/^line 1: (the link is damaged|not valid JSON)/);
    expect(messages[3]).toContain('line 1, title: must be text');
  });

  it('a link that would unpack into megabytes is refused', async () => {
    const bomb = await packScenario(' '.repeat(3_000_000));
    const r = await unpackScenario(bomb);
    expect(r.ok ? '' : formatProblem(r.problems[0]!)).toBe(
      'line 1: the link is damaged (its data does not unpack)',
    );
  });
});
