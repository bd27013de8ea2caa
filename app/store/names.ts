/** `base`, or `base′`, `base″`…: the first name not yet in the page. */
export function uniqueName(taken: readonly string[], base: string): string {
  if (!taken.includes(base)) return base;
  for (let n = 1; ; n++) {
    const name = base + (n === 1 ? '′' : n === 2 ? '″' : `′${n}`);
    if (!taken.includes(name)) return name;
  }
}
