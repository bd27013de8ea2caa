import { readFileSync } from 'node:fs';
import type { CpuProfile } from '../cpuProfile';

/** How an unminified chunk (`vite build --minify false`) starts each module: `// app/x/y.ts`. */
const MODULE_START = /^\/\/ ((?:\\0)?[\w@.\-/]+\.(?:[cm]?[jt]sx?|json))$/;

/**
 * Puts the source module's path in place of the chunk's URL in a profile's call frames, so that
 * a summary says which file the time went to. Needs an unminified build, whose chunks mark the
 * start of each module with a comment; the other builds' frames keep their chunk's name.
 */
export function sourceRegions(
  profile: CpuProfile,
  fileOf: (url: string) => string | undefined,
): void {
  const maps = new Map<string, { from: number; path: string }[]>();
  const startsOf = (url: string) => {
    let starts = maps.get(url);
    if (!starts) {
      starts = [];
      const file = fileOf(url);
      if (file) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const m = MODULE_START.exec(line);
            if (m) starts!.push({ from: i, path: m[1]! });
          });
      }
      maps.set(url, starts);
    }
    return starts;
  };
  for (const n of profile.nodes) {
    if (!n.callFrame.url) continue;
    const starts = startsOf(n.callFrame.url);
    let path: string | undefined;
    for (const s of starts) {
      if (s.from > n.callFrame.lineNumber) break;
      path = s.path;
    }
    if (path) n.callFrame.url = path;
  }
}
