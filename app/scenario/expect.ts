import type { BrokerEvent, EventOf } from '../broker';
import { parseDuration, showDuration } from './duration';
import type { EventMatch, Expectation } from './format';
import { expandPayloads } from './payloads';
import { countBy, sentTo } from './received';

/** The outcome of one expectation, with the events that decided it. */
export interface Verdict {
  label: string;
  pass: boolean;
  /** What was seen, in a sentence. */
  detail: string;
  /** Sequence numbers of the deciding events (at most a few dozen). */
  seqs: number[];
}

/** Scenario client names → MQTT client ids. */
export type ClientIds = Readonly<Record<string, string>>;

const SEQS_KEPT = 40;

/**
 * Judges the expectations against the broker's events, and nothing else: the same events give
 * the same verdicts in the page, in Node and on another machine.
 */
export function judge(
  expectations: readonly Expectation[],
  events: readonly BrokerEvent[],
  ids: ClientIds,
): Verdict[] {
  return expectations.map((x) => judgeOne(x, events, ids));
}

function judgeOne(x: Expectation, events: readonly BrokerEvent[], ids: ClientIds): Verdict {
  const verdict = (label: string, pass: boolean, detail: string, seqs: number[]): Verdict => ({
    label: x.label ?? label,
    pass,
    detail,
    seqs: seqs.slice(0, SEQS_KEPT),
  });
  if ('connack' in x) {
    const name = x.connack;
    const all = of(events, 'connack.sent').filter((e) => e.clientId === ids[name]);
    const nth = x.nth ?? all.length;
    const e = all[nth - 1];
    const which = x.nth === undefined ? 'last CONNACK' : `CONNACK #${nth}`;
    const label = `${name}'s ${which} has sessionPresent=${+x.sessionPresent}${x.code === undefined ? '' : ` and code ${x.code}`}`;
    if (!e) return verdict(label, false, `${name} got ${all.length} CONNACK(s)`, []);
    const pass =
      e.sessionPresent === x.sessionPresent && (x.code === undefined || e.code === x.code);
    return verdict(label, pass, `sessionPresent=${+e.sessionPresent}, code ${e.code}`, [e.seq]);
  }
  if ('receives' in x) return receives(x, events, ids, verdict);
  if ('dropped' in x) {
    const drops = of(events, 'message.dropped').filter(
      (e) =>
        (x.reason === undefined || e.reason === x.reason) &&
        (x.client === undefined || e.clientId === ids[x.client]),
    );
    const what = `${x.reason ? `${x.reason} ` : ''}drops${x.client ? ` for ${x.client}` : ''}`;
    const label = x.dropped === 0 ? `no ${what}` : `${x.dropped} ${what}`;
    const reasons = countBy(drops.map((d) => d.reason));
    return verdict(
      label,
      drops.length === x.dropped,
      `${drops.length} dropped${drops.length ? ` (${reasons})` : ''}`,
      drops.map((e) => e.seq),
    );
  }
  if ('replay' in x) {
    const [lo, hi] = range(x.between);
    const label = `${x.replay}'s replay takes ${showDuration(lo)} to ${showDuration(hi)}`;
    const done = of(events, 'replay.finished')
      .filter((e) => e.clientId === ids[x.replay])
      .at(-1);
    if (!done) return verdict(label, false, `no replay to ${x.replay} finished`, []);
    const took = done.durationMs;
    return verdict(
      label,
      took >= lo && took <= hi,
      `${done.sent} messages in ${showDuration(took)}`,
      [done.seq],
    );
  }
  if ('expires' in x) {
    const [lo, hi] = range(x.between);
    const id = ids[x.expires];
    const label = `${x.expires}'s session expires ${showDuration(lo)} to ${showDuration(hi)} after its connection ends`;
    const expired = of(events, 'session.expired').find((e) => e.clientId === id);
    if (!expired) return verdict(label, false, `${x.expires}'s session did not expire`, []);
    const end = of(events, 'connection.closed')
      .filter((e) => e.clientId === id && e.seq < expired.seq)
      .at(-1);
    if (!end) return verdict(label, false, 'no connection end before the expiry', [expired.seq]);
    const after = expired.at - end.at;
    return verdict(label, after >= lo && after <= hi, `expired ${showDuration(after)} after`, [
      end.seq,
      expired.seq,
    ]);
  }
  const matching = events.filter((e) => matches(e, x.event, ids));
  const c = x.count;
  const [min, max] = typeof c === 'number' ? [c, c] : [c.min ?? 0, c.max ?? Infinity];
  const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  return verdict(
    `${want} ${x.event.type} event(s)${x.event.client ? ` for ${x.event.client}` : ''}`,
    matching.length >= min && matching.length <= max,
    `${matching.length} seen`,
    matching.map((e) => e.seq),
  );
}

type MakeVerdict = (label: string, pass: boolean, detail: string, seqs: number[]) => Verdict;

/** What the client was sent, in order (DUP resends included): the payloads it received. */
function receives(
  x: Extract<Expectation, { receives: string }>,
  events: readonly BrokerEvent[],
  ids: ClientIds,
  verdict: MakeVerdict,
): Verdict {
  const id = ids[x.receives];
  const expected = expandPayloads(x.payloads);
  const { events: sent, payloads: got } = sentTo(events, id);
  const shown = typeof x.payloads === 'string' ? x.payloads : summarise(expected, expected.length);
  const order = x.order ?? 'exact';
  const label =
    expected.length === 0
      ? `${x.receives} receives nothing`
      : `${x.receives} receives ${shown}${order === 'exact' ? ' in order' : ''}`;
  const seqs = sent.map((e) => e.seq);
  if (order === 'exact') {
    const i = firstDifference(got, expected);
    if (i === -1) return verdict(label, true, `received ${got.length}, as expected`, seqs);
    return verdict(
      label,
      false,
      `received ${got.length}: ${summarise(got, 8)}; first difference at #${i + 1}: ${got[i] ?? 'nothing'} where ${expected[i] ?? 'nothing'} was expected`,
      seqs.slice(Math.max(0, i - 2)),
    );
  }
  const gotSet = new Set(got);
  const expectedSet = new Set(expected);
  const missing = expected.filter((p) => !gotSet.has(p));
  const extra = got.filter((p) => !expectedSet.has(p));
  const detail = `received ${got.length}${missing.length ? `; missing ${summarise(missing, 5)}` : ''}${extra.length ? `; not expected ${summarise(extra, 5)}` : ''}`;
  return verdict(label, missing.length === 0 && extra.length === 0, detail, seqs);
}

function firstDifference(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

function summarise(list: readonly string[], max: number): string {
  if (list.length === 0) return 'nothing';
  const head = list.slice(0, max).join(', ');
  return list.length > max ? `${head}, … (${list.length})` : head;
}

const range = (between: readonly [string | number, string | number]): [number, number] => [
  parseDuration(between[0]) ?? 0,
  parseDuration(between[1]) ?? 0,
];

function of<T extends BrokerEvent['type']>(events: readonly BrokerEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => e.type === type);
}

/** Whether an event is one a step waits for or an expectation counts. */
export function matches(e: BrokerEvent, m: EventMatch, ids: ClientIds): boolean {
  if (e.type !== m.type) return false;
  if (m.client !== undefined && (!('clientId' in e) || e.clientId !== ids[m.client])) return false;
  if (m.reason !== undefined && (!('reason' in e) || e.reason !== m.reason)) return false;
  return true;
}
