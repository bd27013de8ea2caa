import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { checkFirstLoad } from './checkFirstLoad';
import { firstLoad } from './firstLoad';

let dist: string;

/** A small built site: the page, a chunk it imports, one it loads later, and its worker. */
function site(pageExtra = ''): string {
  dist = mkdtempSync(join(tmpdir(), 'first-load-'));
  mkdirSync(join(dist, 'assets'));
  const put = (name: string, text: string) => writeFileSync(join(dist, name), text);
  put(
    'index.html',
    '<script type="module" crossorigin src="/assets/index.js"></script><link rel="stylesheet" href="/assets/index.css">',
  );
  put(
    'assets/index.js',
    `import { a } from "./shared.js";const w = new Worker(new URL("./broker.worker.js", import.meta.url));import("./later.js");${pageExtra}`,
  );
  put('assets/shared.js', 'export const a = 1;');
  put('assets/later.js', 'export const b = "loaded when first used";');
  put('assets/broker.worker.js', 'import "./wire.js";');
  put('assets/wire.js', 'export {};');
  put('assets/index.css', 'body{margin:0}');
  return dist;
}

afterEach(() => rmSync(dist, { recursive: true, force: true }));

describe('the first-load check', () => {
  it('counts the page, its static imports, its CSS and the worker, not what loads later', () => {
    const { page, worker } = firstLoad(site());
    expect(page.map((f) => f.path).sort()).toEqual([
      'assets/index.css',
      'assets/index.js',
      'assets/shared.js',
    ]);
    expect(worker.map((f) => f.path).sort()).toEqual(['assets/broker.worker.js', 'assets/wire.js']);
  });

  it('passes under the budget and fails over it, by the gzipped size', () => {
    const small = checkFirstLoad(site(), 10_000);
    expect(small.ok).toBe(true);
    rmSync(dist, { recursive: true, force: true });
    // Random bytes do not compress: 20 KB of them in the page is 20 KB gzipped or more.
    const big = checkFirstLoad(site(`/*${randomBytes(15_000).toString('base64')}*/`), 10_000);
    expect(big.ok).toBe(false);
    expect(big.total).toBeGreaterThan(10_000);
    expect(big.line).toContain('> budget 10.0 KB');
  });
});
