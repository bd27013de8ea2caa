import { readFileSync } from 'node:fs';
import { it, expect } from 'vitest';
import { runHeadless } from './node';
import { parseScenario, formatProblem } from './validate';
it('lesson 1', async () => {
  const r = parseScenario(readFileSync('app/scenario/lessons/01-persistent-basics.json', 'utf8'));
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  const t = Date.now();
  const report = await runHeadless(r.scenario);
  console.log(
    Date.now() - t,
    'ms',
    JSON.stringify({
      steps: report.steps.map((s) => [s.index, s.at, s.error, s.note]),
      verdicts: report.verdicts,
      passed: report.passed,
      events: report.events,
    }),
  );
  expect(report.passed).toBe(true);
}, 60000);
