import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file a first visit loads, with its size as sent gzipped. */
export interface LoadedFile {
  path: string;
  bytes: number;
  gzip: number;
}

/**
 * The JS and CSS a first visit to the built site loads before anyone clicks: what index.html
 * references (scripts, stylesheets, module preloads), every module those import statically, and
 * the worker the page starts at once with its own static imports. Dynamic `import()`s are
 * left out: they load when first used. Sizes are gzip level 9, as a static host sends them.
 */
export function firstLoad(dist: string): { page: LoadedFile[]; worker: LoadedFile[] } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"[^>]*>/g)]
    .filter(([tag]) => /<script|rel="(stylesheet|modulepreload)"/.test(tag!))
    .map(([, ref]) => normalize(join(dist, ref!)));
  const page = closure(refs);
  const workers = page.flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(WORKER_URL)].map(([, ref]) =>
      normalize(join(dirname(f), ref!)),
    ),
  );
  const seen = new Set(page);
  const worker = closure(workers).filter((f) => !seen.has(f));
  const sized = (f: string): LoadedFile => {
    const content = readFileSync(f);
    return {
      path: f.slice(normalize(dist).length + 1),
      bytes: content.length,
      gzip: gzipSync(content, { level: 9 }).length,
    };
  };
  return { page: page.map(sized), worker: worker.map(sized) };
}

/** A static import or re-export in built code: `import … from "./x.js"`, `import "./x.js"`. */
const STATIC_IMPORT =
  /(?:^|[\s;}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
/** The worker's script, as Vite writes `new Worker(new URL(…, import.meta.url))`. */
const WORKER_URL =
  /new Worker\(\s*new URL\(\s*(?:new URL\(\s*)?[`"']([^`"']+)[`"']\s*,\s*import\.meta\.url/g;

/** The files and everything they import statically (JS), in order, each once. */
function closure(files: string[]): string[] {
  const out: string[] = [];
  const visit = (f: string) => {
    if (out.includes(f)) return;
    out.push(f);
    if (!f.endsWith('.js')) return;
    const code = readFileSync(f, 'utf8');
    for (const [, ref] of code.matchAll(STATIC_IMPORT)) visit(normalize(join(dirname(f), ref!)));
  };
  files.forEach(visit);
  return out;
}

/** Kilobytes (1000 bytes), one decimal. */
export const kb = (bytes: number) => (bytes / 1000).toFixed(1);
