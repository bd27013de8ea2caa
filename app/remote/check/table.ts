import { PROFILE_NAMES } from '../../broker';
import type { Comparison } from './compare';

/** Pads a cell to `width` (in characters; the table keeps to one line per row). */
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - [...s].length));

/**
 * The comparison as a text table: one row per check, the broker's finding, then for each
 * profile ✓ when it did the same or ✗ and what it did instead.
 */
export function comparisonTable(c: Comparison): string {
  const header = ['check', 'this broker', ...PROFILE_NAMES];
  const body = c.rows.map((r) => [
    r.title,
    r.broker?.value ?? '(not run)',
    ...PROFILE_NAMES.map((p) => {
      const cell = r.profiles[p];
      if (!cell.finding) return '(not run)';
      if (cell.match === undefined) return cell.finding.value;
      return cell.match ? '✓' : `✗ ${cell.finding.value}`;
    }),
  ]);
  const totals = [
    'checks matched',
    '',
    ...PROFILE_NAMES.map((p) => `${c.totals[p].matched}/${c.totals[p].of}`),
  ];
  const all = [header, ...body, totals];
  const widths = header.map((_, i) => Math.max(...all.map((row) => [...row[i]!].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => pad(cell, widths[i]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line), rule, line(totals)].join('\n');
}

/** The last line of the text report: which profile the broker behaves like. */
export function verdictLine(c: Comparison): string {
  if (c.matches.length)
    return `The broker matches our ${c.matches.join(' and ')} profile${c.matches.length > 1 ? 's' : ''}.`;
  const t = c.totals[c.closest];
  return `The broker matches none of our profiles; the closest is ${c.closest} (${t.matched} of ${t.of} checks).`;
}
