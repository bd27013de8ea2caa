import type { BrokerEvent } from '../broker';
import { describeStep } from './describeStep';
import { showDuration } from './duration';
import type { ClientIds, Verdict } from './expect';
import type { Step } from './format';
import { countBy, payloadsById, sentTo } from './received';

/** One thing a run showed, per client or for the broker, as text two runs can compare. */
export interface Fact {
  /** Who it is about: a scenario client, or `broker`. */
  subject: string;
  what: string;
  value: string;
}

/** A row of the comparison: the same fact on both profiles. */
export interface Difference {
  subject: string;
  what: string;
  left: string;
  right: string;
}

/**
 * What a run showed, in the terms a lesson uses: each CONNACK's sessionPresent, what each client
 * received (and how many were sent again), the replay's duration, the session's expiry, and the
 * drops by reason. Pure: the same events give the same facts.
 */
export function facts(events: readonly BrokerEvent[], ids: ClientIds): Fact[] {
  const out: Fact[] = [];
  const payloads = payloadsById(events);
  const seen = new Set<string>();
  for (const [name, id] of Object.entries(ids)) {
    if (seen.has(id)) continue;
    seen.add(id);
    const mine = events.filter((e) => 'clientId' in e && e.clientId === id);
    const connacks = mine.flatMap((e) => (e.type === 'connack.sent' ? [+e.sessionPresent] : []));
    out.push({ subject: name, what: 'CONNACK sessionPresent', value: connacks.join(', ') || '–' });
    const got = sentTo(mine, id, payloads).payloads;
    out.push({ subject: name, what: 'received', value: listed(got) });
    const again = mine.filter((e) => e.type === 'message.resent');
    const dup = again.filter((e) => e.type === 'message.resent' && e.dup).length;
    out.push({
      subject: name,
      what: 'sent again',
      value: again.length ? `${again.length} (${dup} with DUP=1)` : '0',
    });
    const replay = mine.filter((e) => e.type === 'replay.finished').at(-1);
    out.push({
      subject: name,
      what: 'replay',
      value:
        replay?.type === 'replay.finished'
          ? `${replay.sent} in ${showDuration(replay.durationMs)}`
          : '–',
    });
    const expired = mine.find((e) => e.type === 'session.expired');
    out.push({
      subject: name,
      what: 'session expired',
      value: expired ? `at ${showDuration(expired.at)}` : 'no',
    });
    const drops = countBy(
      mine.flatMap((e) => (e.type === 'message.dropped' ? [e.reason as string] : [])),
    );
    out.push({ subject: name, what: 'dropped', value: drops || '0' });
  }
  const noSubscriber = countBy(
    events.flatMap((e) =>
      e.type === 'message.dropped' && e.clientId === undefined ? [e.reason as string] : [],
    ),
  );
  out.push({ subject: 'broker', what: 'dropped for nobody', value: noSubscriber || '0' });
  return out;
}

/** The facts of two runs side by side; `onlyDifferent` keeps the rows that differ. */
export function compareFacts(
  left: readonly Fact[],
  right: readonly Fact[],
  onlyDifferent = true,
): Difference[] {
  const key = (f: Fact) => `${f.subject}\u0000${f.what}`;
  const rightBy = new Map(right.map((f) => [key(f), f.value]));
  const rows = left.map((f) => ({
    subject: f.subject,
    what: f.what,
    left: f.value,
    right: rightBy.get(key(f)) ?? '–',
  }));
  return onlyDifferent ? rows.filter((r) => r.left !== r.right) : rows;
}

/** Expectations whose verdict differs between the two runs. */
export function compareVerdicts(left: readonly Verdict[], right: readonly Verdict[]): Difference[] {
  return left.flatMap((v, i) => {
    const w = right[i];
    if (!w || w.pass === v.pass) return [];
    const show = (x: Verdict) => `${x.pass ? 'passes' : 'fails'}: ${x.detail}`;
    return [{ subject: 'expectation', what: v.label, left: show(v), right: show(w) }];
  });
}

/** What became of a step, as much as a comparison needs (a runner's StepOutcome is one). */
export interface StepResult {
  index: number;
  step: Step;
  error?: string;
}

/**
 * Steps that failed on one run and not on the other, or failed differently: a failed step can
 * decide expectations, and the comparison must say so, not only list the expectations.
 */
export function compareSteps(
  left: readonly StepResult[],
  right: readonly StepResult[],
): Difference[] {
  const leftBy = new Map(left.map((l) => [l.index, l]));
  const rightBy = new Map(right.map((r) => [r.index, r]));
  const indexes = [...new Set([...leftBy.keys(), ...rightBy.keys()])].sort((a, b) => a - b);
  return indexes.flatMap((i) => {
    const l = leftBy.get(i);
    const r = rightBy.get(i);
    const show = (x: StepResult | undefined) =>
      x === undefined ? 'not run' : x.error ? `fails: ${x.error}` : 'done';
    if (show(l) === show(r)) return [];
    const step = (l ?? r)!.step;
    return [{ subject: `step ${i + 1}`, what: describeStep(step), left: show(l), right: show(r) }];
  });
}

function listed(list: readonly string[]): string {
  if (list.length === 0) return 'nothing';
  const head = list.slice(0, 12).join(', ');
  return `${list.length}: ${head}${list.length > 12 ? ', …' : ''}`;
}
