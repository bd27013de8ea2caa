import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES, ruleById, ruleLine } from './rules';

// The repository is /work/main and the shared docs are /work/shared: three levels up from here.
const BEHAVIOUR = fileURLToPath(new URL('../../../shared/docs/behaviour.md', import.meta.url));

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
