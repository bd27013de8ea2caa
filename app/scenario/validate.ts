import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { checkScenario } from './fieldChecks';
import type { Scenario } from './format';
import { formatProblem, normalise, type ScenarioProblem, type ScenarioResult } from './fileForm';

export { formatProblem, toFileForm, type ScenarioProblem, type ScenarioResult } from './fileForm';

/** Files larger than this are refused before they are read. */
export const MAX_SCENARIO_BYTES = 1_000_000;
/** A field's place in the file: keys and indexes from the top. */
export type Path = (string | number)[];

/**
 * Reads a scenario from the text of a file or link. Nothing is trusted: every field is
 * checked, and each problem names its line and field. Strict JSON (no comments, no trailing
 * commas), so that what opens here opens the same everywhere.
 */
export function parseScenario(text: string): ScenarioResult {
  if (text.length > MAX_SCENARIO_BYTES) {
    return fail([{ line: 1, path: '', message: `the file is over ${MAX_SCENARIO_BYTES} bytes` }]);
  }
  const lineOf = lineIndex(text);
  // A scenario is a few levels deep; a link of nothing but brackets must not reach the parser.
  const deep = tooDeep(text);
  if (deep !== undefined) {
    return fail([{ line: lineOf(deep), path: '', message: `nested more than ${MAX_DEPTH} deep` }]);
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length || !root) {
    return fail(
      (errors.length ? errors : [{ error: 0, offset: 0, length: 0 }]).slice(0, 5).map((e) => ({
        line: lineOf(e.offset),
        path: '',
        message: errors.length
          ? `not valid JSON: ${describeParseError(printParseErrorCode(e.error))}`
          : 'the file is empty',
      })),
    );
  }
  const problems: ScenarioProblem[] = [];
  const report = (path: Path, message: string) => {
    problems.push({ line: lineOf(nodeAt(root, path).offset), path: showPath(path), message });
  };
  checkScenario(getNodeValue(root) as unknown, report);
  if (problems.length) return fail(problems);
  return { ok: true, scenario: normalise(getNodeValue(root) as Scenario) };
}

/** The problems, each once: a parser that stumbles often says the same thing twice on a line. */
const fail = (problems: ScenarioProblem[]): ScenarioResult => {
  const seen = new Set<string>();
  return {
    ok: false,
    problems: problems.filter((p) => {
      const key = formatProblem(p);
      return !seen.has(key) && !!seen.add(key);
    }),
  };
};

/** Objects and lists nested deeper than any scenario needs. */
const MAX_DEPTH = 32;

/** The offset where nesting passes MAX_DEPTH (strings skipped), or undefined. */
function tooDeep(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

function describeParseError(code: string): string {
  // jsonc-parser's codes are CamelCase words: `CommaExpected` → `comma expected`.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The deepest node on the path that exists (a missing field points at its object). */
function nodeAt(root: Node, path: Path): Node {
  for (let n = path.length; n > 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return node.parent?.type === 'property' ? node.parent : node;
  }
  return root;
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const showPath = (path: Path) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
