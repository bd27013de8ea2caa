import { describe, expect, it } from 'vitest';
import { LESSONS } from './lessons';
import { runHeadless } from './node';
import { formatProblem, parseScenario } from './validate';

const texts = import.meta.glob<string>('./lessons/*.json', {
  eager: true,
  query: '?raw',
  import: 'default',
});

// The page reads the lessons as JSON, without the validator: each file must pass it, and the
// page must hold exactly what it reads.
describe('the built-in lessons pass the validator', () => {
  for (const [path, text] of Object.entries(texts)) {
    const id = path.replace(/^.*\//, '').replace(/\.json$/, '');
    it(id, () => {
      const result = parseScenario(text);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
      expect(LESSONS.find((l) => l.id === id)?.scenario).toEqual(result.ok && result.scenario);
    });
  }
});

// Every built-in lesson runs headless (the playground's store, worker and mqtt.js clients) and
// must pass its own expectations.
describe('the built-in lessons pass their own expectations', () => {
  it('there are eleven, in order', () => {
    expect(LESSONS.map((l) => l.id.slice(0, 2))).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
  });

  for (const { id, scenario } of LESSONS) {
    it(`${id}: ${scenario.title}`, async () => {
      const report = await runHeadless(scenario);
      const failed = [
        ...report.steps.filter((s) => s.error).map((s) => `step ${s.index + 1}: ${s.error}`),
        ...report.verdicts.filter((v) => !v.pass).map((v) => `${v.label}: ${v.detail}`),
      ];
      expect(failed).toEqual([]);
      expect(report.verdicts.length).toBeGreaterThan(0);
      expect(report.passed).toBe(true);
    }, 60_000);
  }
});
