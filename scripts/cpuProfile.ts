/** A V8 CPU profile (.cpuprofile), as node --cpu-prof and the DevTools protocol write it. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

type ProfileNode = CpuProfile['nodes'][number];

/** Where a function is: its file under node_modules/ or app/ (or the bundle's chunk), and line. */
function where(n: ProfileNode): string {
  const url = n.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(/^https?:\/\/[^/]+\/([^/]+\/)*/, '')
    .replace(/^.*\/(node_modules\/|app\/)/, '$1');
  return url ? `${url}:${n.callFrame.lineNumber + 1}` : '(native)';
}

/**
 * The functions with the most self time, and the files they are in, as text: what a profile
 * says in a few lines. (Built code has minified names: build with sourcemaps to read them.)
 */
export function profileSummary(profile: CpuProfile, k = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const name = `${n.callFrame.functionName || '(anonymous)'}  ${where(n)}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    const f = where(n).replace(/:\d+$/, '');
    files.set(f, (files.get(f) ?? 0) + us);
  }
  const top = (m: Map<string, number>, count: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(
        ([name, us]) =>
          `${((100 * us) / total).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
      )
      .join('\n');
  return `total ${(total / 1e6).toFixed(2)} s sampled\n\nself time by function:\n${top(fns, k)}\n\nself time by file:\n${top(files, 15)}`;
}
