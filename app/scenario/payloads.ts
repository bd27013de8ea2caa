/** `m0..m29` → the payloads m0, m1, …, m29; undefined when it is not such a range. */
export function parseRange(range: string): string[] | undefined {
  const m = /^(.*?)(\d+)\.\.\1(\d+)$/.exec(range);
  if (!m) return undefined;
  const from = Number(m[2]);
  const to = Number(m[3]);
  if (to < from || to - from > 100_000) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => `${m[1]}${from + i}`);
}

/** `'m0..m2'` or `['a', 'm0..m2']`: a range stands for every payload in it. */
export function expandPayloads(payloads: string | readonly string[]): string[] {
  const list = typeof payloads === 'string' ? [payloads] : payloads;
  return list.flatMap((p) => parseRange(p) ?? [p]);
}
