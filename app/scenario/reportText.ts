import { showDuration } from './duration';
import type { RunReport } from './runner';

/** A run's report as plain text: a line for the run, one per step error and per expectation. */
export function reportText(name: string, r: RunReport): string {
  const lines = [
    `${r.passed ? 'PASS' : 'FAIL'}  ${name}: ${r.title} (${r.profile}), ${r.steps.length} steps, ${r.events} events, ${showDuration(r.simulatedMs)} simulated`,
  ];
  for (const s of r.steps) {
    if (s.error) lines.push(`  ✗ step ${s.index + 1} (${s.step.do}): ${s.error}`);
    else if (s.note) lines.push(`  · step ${s.index + 1} (${s.step.do}): ${s.note}`);
  }
  for (const v of r.verdicts) {
    const events = v.seqs.length
      ? ` [events ${v.seqs
          .slice(0, 6)
          .map((q) => `#${q}`)
          .join(' ')}${v.seqs.length > 6 ? ' …' : ''}]`
      : '';
    lines.push(`  ${v.pass ? '✓' : '✗'} ${v.label}: ${v.detail}${v.pass ? '' : events}`);
  }
  if (r.verdicts.length === 0) lines.push('  (no expectations)');
  return lines.join('\n');
}
