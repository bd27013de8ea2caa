/** Payloads an expectation may list, ranges expanded: a file cannot ask for more. */
export const MAX_PAYLOADS = 100_000;

const RANGE = /^(.*?)(\d+)\.\.\1(\d+)$/;

/** `m0..m29` → the payloads m0, m1, …, m29; undefined when it is not such a range. */
export function parseRange(range: string): string[] | undefined {
  const size = rangeSize(range);
  if (size === undefined) return undefined;
  const m = RANGE.exec(range)!;
  const from = Number(m[2]);
  return Array.from({ length: size }, (_, i) => `${m[1]}${from + i}`);
}

/** How many payloads a range stands for, without making them; undefined when not a range. */
export function rangeSize(range: string): number | undefined {
  const m = RANGE.exec(range);
  if (!m) return undefined;
  const from = Number(m[2]);
  const to = Number(m[3]);
  if (to < from || to - from >= MAX_PAYLOADS) return undefined;
  return to - from + 1;
}

/** How many payloads a list stands for once its ranges are expanded. */
export function payloadCount(payloads: string | readonly string[]): number {
  const list = typeof payloads === 'string' ? [payloads] : payloads;
  return list.reduce((n, p) => n + (rangeSize(p) ?? 1), 0);
}

/** `'m0..m2'` or `['a', 'm0..m2']`: a range stands for every payload in it. */
export function expandPayloads(payloads: string | readonly string[]): string[] {
  const list = typeof payloads === 'string' ? [payloads] : payloads;
  return list.flatMap((p) => parseRange(p) ?? [p]);
}
