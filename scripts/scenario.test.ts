import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'scenario-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LESSON = 'app/scenario/lessons/03-qos0-not-stored.json';

function run(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'scripts/scenario.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run scenario: scenarios in a QA team’s CI', () => {
  it('prints each expectation; a failing one makes the exit status 1', () => {
    const wrong = join(dir, 'wrong.json');
    const lesson = JSON.parse(readFileSync(LESSON, 'utf8')) as Record<string, unknown>;
    writeFileSync(wrong, JSON.stringify({ ...lesson, expect: [{ dropped: 0 }] }));
    const r = run(LESSON, wrong);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^PASS {2}03-qos0-not-stored\.json: QoS 0 is not stored \(aws\)/);
    expect(r.out).toContain('✓ 5 qos0-while-away drops for A: 5 dropped (5 qos0-while-away)');
    expect(r.out).toContain('FAIL  wrong.json');
    expect(r.out).toContain('✗ no drops: 5 dropped (5 qos0-while-away) [events #');
  }, 60_000);

  it('a malformed file: exit 2, naming the line and field; --json reports the others', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "format": "mqtt-session-lab/scenario@1",\n  "title": 7\n}');
    const r = run('--json', LESSON, bad);
    expect(r.status).toBe(2);
    expect(r.err).toContain(`${bad}: line 3, title: must be text`);
    const report = JSON.parse(r.out) as { file: string; passed: boolean; verdicts: unknown[] };
    expect(report).toMatchObject({ file: LESSON, passed: true });
    expect(report.verdicts).toHaveLength(3);
  }, 60_000);
});
