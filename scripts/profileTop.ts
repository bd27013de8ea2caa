import { readFileSync } from 'node:fs';

/**
 * Reads a V8 .cpuprofile (node --cpu-prof, or `npm run bench -- --cpu-prof DIR`) and prints
 * the functions with the most self time, and the files they are in.
 * Usage: npx tsx scripts/profileTop.ts FILE.cpuprofile [N]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, countArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx scripts/profileTop.ts FILE.cpuprofile [N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) =>
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const where = (n: ProfileNode) => {
  const url = n.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/(node_modules\/|app\/)/, '$1');
  return url ? `${url}:${n.callFrame.lineNumber + 1}` : '(native)';
};
const fns = new Map<string, number>();
const files = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const name = `${n.callFrame.functionName || '(anonymous)'}  ${where(n)}`;
  fns.set(name, (fns.get(name) ?? 0) + us);
  const f = where(n).replace(/:\d+$/, '');
  files.set(f, (files.get(f) ?? 0) + us);
}
const top = (m: Map<string, number>, k: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
const k = Number(countArg ?? 30);
console.log(
  `total ${(total / 1e6).toFixed(2)} s sampled\n\nself time by function:\n${top(fns, k)}`,
);
console.log(`\nself time by file:\n${top(files, 15)}`);
