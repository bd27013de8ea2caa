import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { firstLoad, kb } from './firstLoad';

/**
 * The first visit's budget, JS + CSS gzipped, the worker included (issue 14): what a visitor
 * waits for before the page is usable. A size, not a timing, so it is stable enough for a test.
 */
export const FIRST_LOAD_BUDGET = 250_000;

/** The first load of the build in `dist` against the budget, with a line saying so. */
export function checkFirstLoad(
  dist: string,
  budget = FIRST_LOAD_BUDGET,
): { ok: boolean; total: number; line: string } {
  const { page, worker } = firstLoad(dist);
  const sum = (files: { gzip: number }[]) => files.reduce((n, f) => n + f.gzip, 0);
  const total = sum(page) + sum(worker);
  const ok = total <= budget;
  const biggest = [...page, ...worker]
    .sort((a, b) => b.gzip - a.gzip)
    .slice(0, 3)
    .map((f) => `${f.path} ${kb(f.gzip)} KB`)
    .join(', ');
  const line = `first load ${kb(total)} KB gzipped (page ${kb(sum(page))} KB, worker ${kb(sum(worker))} KB) ${ok ? '≤' : '>'} budget ${kb(budget)} KB; largest: ${biggest}`;
  return { ok, total, line };
}

// npm run check:size [dist]: exit status 1 over the budget.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = checkFirstLoad(resolve(process.argv[2] ?? 'dist'));
  console.log(result.line);
  if (!result.ok) {
    console.error(
      'The first load is over its budget: load the new code with import() when first used (see README, Performance).',
    );
    process.exit(1);
  }
}
