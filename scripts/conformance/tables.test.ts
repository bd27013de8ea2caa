import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ambiguousIds, checkTable, references, titleLines } from './tables';

const HEAD = '| id | binds | text | source |\n| --- | --- | --- | --- |\n';
const TABLE =
  '| id | statement | status | where | test | note |\n| --- | --- | --- | --- | --- | --- |\n';

let root = '';
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const check = (standard: '3.1.1' | '5.0') =>
  checkTable(root, standard, ambiguousIds(root)).map((p) => `${p.id} ${p.message}`);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'conformance-'));
  write(
    'docs/conformance/statements-3.1.1.md',
    HEAD + '| MQTT-3.1.0-2 | Server | second CONNECT | O |\n',
  );
  write(
    'docs/conformance/statements-5.0.md',
    HEAD +
      '| MQTT-3.1.0-2 | Server | second CONNECT | C |\n| MQTT-3.3.4-6 | Both | sub id from client | C |\n| MQTT-3.1.0-1 | Client | CONNECT first | C |\n',
  );
  write('app/broker/connect.ts', 'export function refuseSecondConnect() {}\n');
  write(
    'app/broker/v5/connect.test.ts',
    "it('[MQTT-3.1.0-2] a second CONNECT closes', () => {})\n",
  );
  write(
    'app/broker/publish.test.ts',
    "describe('x', () => {\n  it('[MQTT-3.3.4-6] refused', () => {})\n})\n",
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('conformance table check', () => {
  it('accepts a complete table whose references exist', () => {
    write(
      'docs/conformance/conformance-5.0.md',
      TABLE +
        '| MQTT-3.1.0-2 | second CONNECT | tested | `app/broker/connect.ts` `refuseSecondConnect` | `app/broker/v5/connect.test.ts` | |\n' +
        '| MQTT-3.3.4-6 | sub id | not carried out | | | the codec cannot tell us this, see issue |\n',
    );
    expect(check('5.0')).toEqual([]);
  });

  it('finds a missing row, a missing symbol, a missing file, a bare id and an unexplained status', () => {
    write(
      'docs/conformance/conformance-5.0.md',
      TABLE +
        '| MQTT-3.1.0-2 | second CONNECT | tested | `app/broker/connect.ts` `nothingHere` `app/gone.ts` | `app/broker/publish.test.ts` | |\n' +
        '| MQTT-3.1.0-1 | client rule | not applicable | | | |\n',
    );
    const problems = check('5.0');
    expect(problems).toContain('MQTT-3.1.0-2 app/broker/connect.ts does not declare nothingHere');
    expect(problems).toContain('MQTT-3.1.0-2 code file app/gone.ts does not exist');
    expect(problems.some((p) => p.startsWith('MQTT-3.1.0-2 no test title'))).toBe(true);
    expect(problems).toContain(
      'MQTT-3.1.0-1 not a statement that binds the server in the inventory',
    );
    expect(problems).toContain('MQTT-3.1.0-1 a "not applicable" row must say why in its note');
    expect(problems).toContain('MQTT-3.3.4-6 statement binds the server but has no row');
  });

  it('requires the version where an id means different things in the two standards', () => {
    write(
      'docs/conformance/conformance-3.1.1.md',
      TABLE +
        '| MQTT-3.1.0-2 | second CONNECT | tested | `app/broker/connect.ts` | `app/broker/v5/connect.test.ts` | |\n',
    );
    expect(check('3.1.1')[0]).toMatch(/says MQTT 3\.1\.1/);
    write(
      'app/broker/v5/connect.test.ts',
      "it('[MQTT-3.1.0-2] 3.1.1 and 5.0: a second CONNECT closes', () => {})\n",
    );
    expect(check('3.1.1')).toEqual([]);
  });

  it('takes a symbol only from the file that declares it, not from one that calls it', () => {
    write(
      'app/broker/caller.ts',
      "import { refuseSecondConnect } from './connect';\nrefuseSecondConnect();\n",
    );
    write(
      'docs/conformance/conformance-5.0.md',
      TABLE +
        '| MQTT-3.1.0-2 | second CONNECT | tested | `app/broker/caller.ts` `refuseSecondConnect` | `app/broker/v5/connect.test.ts` | |\n' +
        '| MQTT-3.3.4-6 | sub id | not carried out | | | the codec cannot tell us this, see issue |\n',
    );
    expect(check('5.0')).toEqual([
      'MQTT-3.1.0-2 app/broker/caller.ts does not declare refuseSecondConnect',
    ]);
  });

  it('a section on statements that bind the client: every client statement, refused with a test or said why not', () => {
    const server =
      '| MQTT-3.1.0-2 | second CONNECT | tested | `app/broker/connect.ts` `refuseSecondConnect` | `app/broker/v5/connect.test.ts` | |\n' +
      '| MQTT-3.3.4-6 | sub id | not carried out | | | the codec cannot tell us this, see issue |\n';
    write(
      'docs/conformance/conformance-5.0.md',
      TABLE + server + '\n## Statements that bind the client\n\n' + TABLE,
    );
    expect(check('5.0')).toEqual([
      'MQTT-3.1.0-1 statement binds the client but has no row in its section',
    ]);
    write(
      'app/broker/v5/first.test.ts',
      "it('[MQTT-3.1.0-1] a PUBLISH before CONNECT closes', () => {})\n",
    );
    write(
      'docs/conformance/conformance-5.0.md',
      TABLE +
        server +
        '\n## Statements that bind the client\n\n' +
        TABLE +
        '| MQTT-3.1.0-1 | CONNECT first | refused | `app/broker/connect.ts` `refuseSecondConnect` | `app/broker/v5/first.test.ts` | |\n' +
        '| MQTT-3.1.0-2 | second CONNECT | tested | | | |\n',
    );
    expect(check('5.0')).toEqual([
      'MQTT-3.1.0-2 not a statement that binds the client only in the inventory',
      'MQTT-3.1.0-2 listed twice',
      'MQTT-3.1.0-2 status "tested" is not one of refused, not checked, not applicable',
    ]);
  });

  it('reads ids exactly: 3.1.2-1 is not 3.1.2-10, and a title must open a test', () => {
    expect(titleLines("it('[MQTT-3.1.2-10] x', f)\n// MQTT-3.1.2-1\n", 'MQTT-3.1.2-1')).toEqual([]);
    expect(titleLines("  test('MQTT-3.1.2-1: x', f)", 'MQTT-3.1.2-1')).toHaveLength(1);
    expect(references('`a/b.ts` `f` `g` `c/d.ts`')).toEqual([
      { path: 'a/b.ts', symbols: ['f', 'g'] },
      { path: 'c/d.ts', symbols: [] },
    ]);
  });
});

describe('the conformance tables of this repository', () => {
  const repo = join(dirname(new URL(import.meta.url).pathname), '../..');
  it.each(['3.1.1', '5.0'] as const)(
    'MQTT %s: every server statement has a row, and every row’s code, symbols and test titles exist',
    (standard) => {
      const problems = checkTable(repo, standard, ambiguousIds(repo)).map(
        (p) => `conformance-${standard}.md:${p.line} ${p.id} ${p.message}`,
      );
      expect(problems).toEqual([]);
    },
  );
});
