import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES, ruleById, ruleLine } from './rules';

// The repository is /work/main and the shared docs are /work/shared: three levels up from here.
const BEHAVIOUR = fileURLToPath(new URL('../../docs/behaviour.md', import.meta.url));

/** The first cell of every row of each table whose header's first cell is `id`. */
function tableIds(markdown: string): string[] {
  const ids: string[] = [];
  let inIdTable = false;
  let header = false;
  for (const line of markdown.split('\n')) {
    if (!line.trimStart().startsWith('|')) {
      inIdTable = false;
      header = false;
      continue;
    }
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
    if (!header) {
      header = true;
      inIdTable = cells[0] === 'id';
      continue;
    }
    if (!inIdTable || /^-+$/.test(cells[0] ?? '')) continue;
    ids.push(cells[0]!);
  }
  return ids;
}

/** Every rule id written anywhere in the text: `MQTT-3.1.2-4`, `MQTT-3.2.2-1..3`, `MQTT-4.9.0-*`, `AWS-replay`. */
function mentionedIds(markdown: string): string[] {
  const found = markdown.match(/MQTT-\d+(?:\.\d+)*-(?:\d+(?:\.\.\d+)?|\*)|AWS-[a-z]+(?:-[a-z]+)*/g);
  return [...new Set(found ?? [])];
}

describe('the rules of behaviour.md as data', () => {
  const markdown = readFileSync(BEHAVIOUR, 'utf8');

  it('finds the rule tables of behaviour.md (the parser still reads the file)', () => {
    const ids = tableIds(markdown);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(ids).toContain('AWS-replay');
    expect(ids).toContain('MQTT-3.2.2-1..3');
    // The profile table's first column is `setting`: its rows are not rule ids.
    expect(ids).not.toContain('replay rate');
  });

  it('has every id of the tables of behaviour.md', () => {
    const missing = tableIds(markdown).filter((id) => !ruleById(id));
    expect(missing).toEqual([]);
  });

  it('has every rule id mentioned anywhere in behaviour.md (MQTT 5 list, examples)', () => {
    const missing = mentionedIds(markdown).filter((id) => !ruleById(id));
    expect(missing).toEqual([]);
  });

  it('covers every bullet of the MQTT 5 section with a rule of its own', () => {
    const section = markdown.split('## MQTT 5')[1]!.split('\n## ')[0]!;
    const bullets = section.split('\n').filter((l) => l.startsWith('- '));
    expect(bullets.length).toBeGreaterThanOrEqual(7);
    // Seven bullets; the pitfall bullet is part of the Session Expiry Interval rule.
    expect(RULES.filter((r) => r.source === 'mqtt5').length).toBeGreaterThanOrEqual(
      bullets.length - 1,
    );
  });

  it('gives each id once, with one line of text', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.text, r.id).not.toMatch(/\n/);
      expect(r.text.length, r.id).toBeGreaterThan(20);
      expect(r.text.length, r.id).toBeLessThanOrEqual(220);
    }
  });

  it('the AWS-replay line is the one behaviour.md gives', () => {
    expect(ruleLine('AWS-replay').text).toMatch(
      /^On resume, stored messages go out at most 10 per second \(profile setting/,
    );
    expect(ruleById('no-such-rule')).toBeUndefined();
  });
});

describe('rules: which standard an MQTT statement id belongs to', () => {
  const inventory = (standard: string) =>
    new Set(
      readFileSync(
        fileURLToPath(new URL(`../../docs/conformance/statements-${standard}.md`, import.meta.url)),
        'utf8',
      )
        .match(/^\| MQTT-[\d.]+-\d+/gm)!
        .map((cell) => cell.slice(2)),
    );
  const ids = { '3.1.1': inventory('3.1.1'), '5.0': inventory('5.0') };
  /** The statement ids a rule id stands for: a range gives each, a section wildcard its first. */
  const expand = (id: string): string[] => {
    const range = /^(MQTT-[\d.]+-)(\d+)\.\.(\d+)$/.exec(id);
    if (range) {
      const [, stem, from, to] = range;
      return Array.from(
        { length: Number(to) - Number(from) + 1 },
        (_, i) => `${stem}${Number(from) + i}`,
      );
    }
    return [id.endsWith('-*') ? id.replace('-*', '-1') : id];
  };

  it('[MQTT ids] every MQTT-x.y.z-n rule says whose numbering it is, and the id is in that standard', () => {
    for (const rule of RULES.filter((r) => r.id.startsWith('MQTT-'))) {
      const standard = 'standard' in rule ? rule.standard : undefined;
      expect(standard, rule.id).toBeDefined();
      for (const s of standard === '3.1.1/5.0' ? (['3.1.1', '5.0'] as const) : [standard!]) {
        for (const id of expand(rule.id)) expect(ids[s].has(id), `${id} in ${s}`).toBe(true);
      }
      if ('elsewhere' in rule) {
        const [other, list] = rule.elsewhere.split(': ') as ['3.1.1' | '5.0', string];
        for (const id of list.split(' and ').flatMap(expand)) {
          expect(ids[other].has(id), `${id} in ${other}`).toBe(true);
        }
      }
    }
  });

  it('[MQTT ids] the inspector line names the standard and the other id: keep-alive is 3.1.2-24 in 3.1.1, 3.1.2-22 in 5.0', () => {
    expect(ruleLine('MQTT-3.1.2-24').numbering).toBe('MQTT 3.1.1; in 5.0: MQTT-3.1.2-22');
    expect(ruleLine('MQTT-4.4.0-1').numbering).toBe('MQTT 3.1.1 and 5.0');
    expect(ruleLine('AWS-replay').numbering).toBeUndefined();
  });
});
