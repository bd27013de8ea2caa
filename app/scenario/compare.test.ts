import { describe, expect, it } from 'vitest';
import { compareFacts, compareVerdicts, facts } from './compare';
import { LESSONS } from './lessons';
import { runHeadless } from './node';

const lesson = (n: number) => LESSONS[n - 1]!.scenario;

describe('comparing one scenario on two profiles', () => {
  it('a full store: mosquitto drops the new messages, EMQX the oldest', async () => {
    const scenario = lesson(11);
    const ids = { A: 'A', B: 'B' };
    const left = await runHeadless(scenario);
    const right = await runHeadless({ ...scenario, profile: 'emqx' });
    expect(compareFacts(facts(left.log, ids), facts(right.log, ids))).toEqual([
      {
        subject: 'A',
        what: 'received',
        left: '5: m0, m1, m2, m3, m4',
        right: '5: m3, m4, m5, m6, m7',
      },
      { subject: 'A', what: 'dropped', left: '3 queue-full', right: '3 oldest-evicted' },
    ]);
    const verdicts = compareVerdicts(left.verdicts, right.verdicts);
    expect(verdicts.map((d) => d.what)).toEqual([
      'the first five are kept (new ones dropped)',
      '3 queue-full drops',
    ]);
    expect(verdicts[0]!.right).toMatch(/^fails: received 5: m3, m4/);
  }, 60_000);

  it('unacknowledged messages: the standard profile resends with DUP=1, AWS as new sends', async () => {
    const scenario = lesson(4);
    const ids = { A: 'A', B: 'B' };
    const left = await runHeadless(scenario);
    const right = await runHeadless({ ...scenario, profile: 'aws' });
    const rows = compareFacts(facts(left.log, ids), facts(right.log, ids));
    expect(rows.find((r) => r.what === 'sent again')).toEqual({
      subject: 'A',
      what: 'sent again',
      left: '3 (3 with DUP=1)',
      right: '3 (0 with DUP=1)',
    });
  }, 60_000);

  it('the same profile twice: no differences', async () => {
    const scenario = lesson(1);
    const ids = { A: 'A', B: 'B' };
    const a = await runHeadless(scenario);
    const b = await runHeadless(scenario);
    expect(compareFacts(facts(a.log, ids), facts(b.log, ids))).toEqual([]);
    expect(compareFacts(facts(a.log, ids), facts(b.log, ids), false).length).toBeGreaterThan(10);
  }, 60_000);
});
