// Apart from link.ts, which brings the validator: the page looks at its fragment on every visit.

/** The fragment key a shared scenario travels under: `#scenario=…`. */
export const LINK_KEY = 'scenario';

/** The packed scenario in a location's fragment, if there is one. */
export function scenarioInHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(LINK_KEY) ?? undefined;
}
