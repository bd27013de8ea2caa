// Reads the conformance tables in docs/conformance and checks them against the
// statement inventories and the repository: every statement that binds a
// server has exactly one row; a "tested" row names code that exists and a test
// whose title carries the statement id; any other row says why.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export type Standard = '3.1.1' | '5.0';
export const STANDARDS: readonly Standard[] = ['3.1.1', '5.0'];
export const STATUSES = ['tested', 'not applicable', 'not carried out'] as const;
/** Statuses of a row in the section on statements that bind the client. */
export const CLIENT_STATUSES = ['refused', 'not checked', 'not applicable'] as const;
/** The heading of that section: what the broker does when a client breaks such a statement. */
export const CLIENT_HEADING = '## Statements that bind the client';
export type Status = (typeof STATUSES)[number];

export interface Statement {
  id: string;
  binds: 'Server' | 'Client' | 'Both';
}

export interface Row {
  id: string;
  line: number;
  statement: string;
  status: string;
  where: string;
  test: string;
  note: string;
  /** In the section on statements that bind the client. */
  client: boolean;
}

const ID = /^MQTT-\d+(\.\d+)+-\d+$/;

export function statementsPath(root: string, standard: Standard): string {
  return join(root, 'docs/conformance', `statements-${standard}.md`);
}

export function tablePath(root: string, standard: Standard): string {
  return join(root, 'docs/conformance', `conformance-${standard}.md`);
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

export function parseStatements(text: string): Statement[] {
  const out: Statement[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('| MQTT-')) continue;
    const [id = '', binds] = cells(line);
    if (ID.test(id) && (binds === 'Server' || binds === 'Client' || binds === 'Both')) {
      out.push({ id, binds });
    }
  }
  return out;
}

export function parseTable(text: string): Row[] {
  const out: Row[] = [];
  let client = false;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('## ')) client = line.trim() === CLIENT_HEADING;
    if (!line.startsWith('| MQTT-')) return;
    const [id = '', statement = '', status = '', where = '', test = '', note = ''] = cells(line);
    out.push({ id, line: i + 1, statement, status, where, test, note, client });
  });
  return out;
}

/** Backticked tokens of a cell, each path followed by the symbols it must contain. */
export function references(cell: string): { path: string; symbols: string[] }[] {
  const out: { path: string; symbols: string[] }[] = [];
  for (const m of cell.matchAll(/`([^`]+)`/g)) {
    const token = m[1] ?? '';
    const last = out[out.length - 1];
    if (/\.(ts|tsx|json|md)$/.test(token) && token.includes('/'))
      out.push({ path: token, symbols: [] });
    else if (last !== undefined) last.symbols.push(token);
  }
  return out;
}

const TITLE_CALL = /\b(it|test|describe)(\.each\(.*?\))?\s*\(/;
const VERSION_MARK: Record<Standard, RegExp> = {
  '3.1.1': /3\.1\.1|\bv311\b|MQTT 3\b/,
  '5.0': /\bv5\b|MQTT ?5\b|\b5\.0\b/,
};

function mentions(line: string, id: string): boolean {
  let from = 0;
  for (;;) {
    const at = line.indexOf(id, from);
    if (at < 0) return false;
    if (!/\d/.test(line.charAt(at + id.length))) return true;
    from = at + id.length;
  }
}

/** Lines of a test file that open a test or suite whose title names the id. */
export function titleLines(source: string, id: string): string[] {
  return source.split('\n').filter((line) => TITLE_CALL.test(line) && mentions(line, id));
}

export interface Problem {
  standard: Standard;
  line: number;
  id: string;
  message: string;
}

export function checkTable(
  root: string,
  standard: Standard,
  ambiguous: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  const add = (line: number, id: string, message: string) =>
    problems.push({ standard, line, id, message });
  const statements = parseStatements(readFileSync(statementsPath(root, standard), 'utf8'));
  const binding = new Set(statements.filter((s) => s.binds !== 'Client').map((s) => s.id));
  const clientOnly = new Set(statements.filter((s) => s.binds === 'Client').map((s) => s.id));
  const path = tablePath(root, standard);
  if (!existsSync(path)) return [{ standard, line: 0, id: '', message: `no table at ${path}` }];
  const text = readFileSync(path, 'utf8');
  const rows = parseTable(text);
  const hasClientSection = text.split('\n').some((l) => l.trim() === CLIENT_HEADING);
  const seen = new Set<string>();
  const sources = new Map<string, string>();
  const read = (p: string) => {
    if (!sources.has(p)) sources.set(p, readFileSync(join(root, p), 'utf8'));
    return sources.get(p) as string;
  };
  for (const row of rows) {
    if (row.client ? !clientOnly.has(row.id) : !binding.has(row.id)) {
      const which = row.client ? 'the client only' : 'the server';
      add(row.line, row.id, `not a statement that binds ${which} in the inventory`);
    }
    if (seen.has(row.id)) add(row.line, row.id, 'listed twice');
    seen.add(row.id);
    const allowed: readonly string[] = row.client ? CLIENT_STATUSES : STATUSES;
    if (!allowed.includes(row.status)) {
      add(row.line, row.id, `status "${row.status}" is not one of ${allowed.join(', ')}`);
      continue;
    }
    if (row.status !== 'tested' && row.status !== 'refused') {
      if (row.note.length < 20)
        add(row.line, row.id, `a "${row.status}" row must say why in its note`);
      continue;
    }
    const where = references(row.where);
    if (where.length === 0)
      add(row.line, row.id, 'a tested row must name the code that carries it out');
    for (const ref of where) {
      if (!existsSync(join(root, ref.path))) {
        add(row.line, row.id, `code file ${ref.path} does not exist`);
        continue;
      }
      const names = declared(ref.path, read(ref.path));
      for (const symbol of ref.symbols) {
        if (!names.has(symbol)) add(row.line, row.id, `${ref.path} does not declare ${symbol}`);
      }
    }
    const tests = references(row.test);
    if (tests.length === 0) add(row.line, row.id, 'a tested row must name a test file');
    let titled = false;
    for (const ref of tests) {
      if (!/\.test\.tsx?$/.test(ref.path) || !existsSync(join(root, ref.path))) {
        add(row.line, row.id, `test file ${ref.path} does not exist`);
        continue;
      }
      const lines = titleLines(read(ref.path), row.id);
      const marked =
        !ambiguous.has(row.id) || VERSION_MARK[standard].test(ref.path.replace(/[/.]/g, ' '));
      if (lines.some((l) => marked || VERSION_MARK[standard].test(l))) titled = true;
    }
    if (tests.length > 0 && !titled) {
      const which = ambiguous.has(row.id)
        ? ` and says MQTT ${standard} (the id means something else in the other standard)`
        : '';
      add(
        row.line,
        row.id,
        `no test title in ${tests.map((t) => t.path).join(', ')} names ${row.id}${which}`,
      );
    }
  }
  for (const id of binding)
    if (!seen.has(id)) add(0, id, 'statement binds the server but has no row');
  if (hasClientSection) {
    for (const id of clientOnly)
      if (!seen.has(id)) add(0, id, 'statement binds the client but has no row in its section');
  }
  return problems;
}

export function ambiguousIds(root: string): Set<string> {
  const ids = (s: Standard) =>
    parseStatements(readFileSync(statementsPath(root, s), 'utf8')).map((x) => x.id);
  const other = new Set(ids('5.0'));
  return new Set(ids('3.1.1').filter((id) => other.has(id)));
}

export function summary(root: string, standard: Standard): Record<string, number> {
  const counts: Record<string, number> = {};
  const path = tablePath(root, standard);
  if (!existsSync(path)) return counts;
  for (const row of parseTable(readFileSync(path, 'utf8'))) {
    const key = row.client ? `client: ${row.status}` : row.status;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const declaredCache = new Map<string, Set<string>>();

/**
 * The names a source file declares: functions, classes and their members, variables,
 * interfaces, types, enums and the properties of object literals (a method of the object a
 * factory returns). A row must name where a thing is defined, not where it is only called.
 */
export function declared(path: string, source: string): Set<string> {
  const key = `${path}\0${source.length}`;
  const cached = declaredCache.get(key);
  if (cached) return cached;
  const names = new Set<string>();
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, false);
  const visit = (node: ts.Node): void => {
    const name = (node as { name?: ts.Node }).name;
    const declares =
      ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isEnumDeclaration(node) ||
      ts.isVariableDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isPropertyDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isPropertyAssignment(node) ||
      ts.isShorthandPropertyAssignment(node) ||
      ts.isPropertySignature(node) ||
      ts.isMethodSignature(node);
    if (declares && name && ts.isIdentifier(name)) names.add(name.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  declaredCache.set(key, names);
  return names;
}
