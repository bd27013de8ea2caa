import type { Scenario } from './format';

// What the page needs of a scenario file without the validator (which loads when a file or a
// link is opened): its problems' types and wording, and the file form of Infinity.

/** One problem in a scenario file: where (line, field) and what. */
export interface ScenarioProblem {
  /** Absent where there are no lines to speak of (a link). */
  line?: number;
  /** The field, as `steps[3].qos`; empty for the file as a whole. */
  path: string;
  message: string;
}

export type ScenarioResult =
  { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

/**
 * Shows a problem as one line: `line 12, steps[3].qos: must be 0, 1 or 2`; without a line,
 * `steps[3].qos: must be 0, 1 or 2`, or the message alone.
 */
export const formatProblem = (p: ScenarioProblem) => {
  const where = [p.line === undefined ? '' : `line ${p.line}`, p.path].filter(Boolean).join(', ');
  return where ? `${where}: ${p.message}` : p.message;
};

/** `"unlimited"` in overrides stands for Infinity, which JSON cannot write. */
export function normalise(s: Scenario): Scenario {
  return mapOverrides(s, (v) => (v === 'unlimited' ? Infinity : v));
}

/** The scenario as a file writes it: Infinity back to `"unlimited"`. */
export function toFileForm(s: Scenario): Scenario {
  return mapOverrides(s, (v) => (v === Infinity ? 'unlimited' : v));
}

function mapOverrides(
  s: Scenario,
  map: (v: number | string | boolean) => number | string | boolean,
): Scenario {
  if (!s.overrides) return s;
  const overrides = Object.fromEntries(Object.entries(s.overrides).map(([k, v]) => [k, map(v)]));
  return { ...s, overrides };
}
