import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LESSONS } from './lessons';
import { parseDuration, showDuration } from './duration';
import { parseRange } from './payloads';
import { formatProblem, MAX_SCENARIO_BYTES, parseScenario, toFileForm } from './validate';

const good = {
  format: 'mqtt-session-lab/scenario@1',
  title: 'T',
  profile: 'aws',
  clients: [{ name: 'A' }, { name: 'B', clean: true }],
  steps: [
    { do: 'connect', client: 'A' },
    { do: 'subscribe', client: 'A', filter: 't/#', qos: 1 },
    { do: 'advance', by: '90s' },
  ],
  expect: [{ receives: 'A', payloads: 'm0..m2' }],
};

/** The problems of a file made from `good` with a change, as `line N, path: message`. */
function problems(change: (s: Record<string, unknown>) => void): string[] {
  const s = structuredClone(good) as unknown as Record<string, unknown>;
  change(s);
  const result = parseScenario(JSON.stringify(s, null, 2));
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('reading a scenario file', () => {
  it('a good file is read, with "unlimited" figures as Infinity', () => {
    const result = parseScenario(
      JSON.stringify({ ...good, overrides: { queueLimit: 'unlimited' } }),
    );
    expect(result.ok && result.scenario.overrides).toEqual({ queueLimit: Infinity });
  });

  it('broken JSON names the line', () => {
    const text =
      '{\n  "format": "mqtt-session-lab/scenario@1",\n  "title": "T"\n  "profile": "aws"\n}';
    const result = parseScenario(text);
    expect(result.ok ? [] : result.problems.map(formatProblem)[0]).toBe(
      'line 4: not valid JSON: comma expected',
    );
  });

  it('each problem is listed once: a parser stumbling twice on a line says it once', () => {
    const result = parseScenario('hello world');
    const lines = result.ok ? [] : result.problems.map(formatProblem);
    expect(lines).toEqual([
      'line 1: not valid JSON: invalid symbol',
      'line 1: not valid JSON: value expected',
    ]);
  });

  it('comments and trailing commas are refused: the file must open the same everywhere', () => {
    expect(parseScenario('{"title": "T",}').ok).toBe(false);
    expect(parseScenario('// hi\n{}').ok).toBe(false);
    expect(parseScenario('').ok).toBe(false);
    expect(parseScenario('[]').ok).toBe(false);
  });

  it('a wrong value names its line and field', () => {
    expect(problems((s) => ((s.steps as Obj[])[1]!.qos = 3))).toEqual([
      'line 23, steps[1].qos: must be 0, 1 or 2',
    ]);
  });

  it('every field is checked, and every problem is listed at once', () => {
    expect(
      problems((s) => {
        s.format = 'other@2';
        s.profile = 'hivemq';
        s.seed = -1;
        s.colour = 'red';
        s.overrides = { queueLimit: -5, nonsense: 1 };
        (s.clients as Obj[])[1]!.name = 'A';
        (s.clients as Obj[])[0]!.version = 3;
        (s.steps as Obj[]).push(
          { do: 'fly' },
          { do: 'publish', client: 'Z', topic: 'a/+', payload: 'x' },
          { do: 'advance', by: 'soon' },
          { do: 'wait', for: { type: 'nothing.happened' }, within: '31d' },
          { do: 'burst', client: 'A', topic: 't', payload: 'm', count: 0, rate: 5000 },
        );
        (s.expect as Obj[]).push(
          { receives: 'A', connack: 'A', sessionPresent: true },
          { replay: 'A', between: ['5s', '1s'] },
          { dropped: 1, reason: 'bored' },
          { receives: 'A', payloads: 'm5..m1' },
        );
      }).map((p) => p.replace(/^line \d+, /, '')),
    ).toEqual([
      'colour: unknown field (known: $schema, format, title, description, profile, overrides, seed, clients, steps, expect)',
      "format: must be 'mqtt-session-lab/scenario@1'",
      'profile: must be one of aws, standard, mosquitto, emqx',
      'overrides.queueLimit: must be a number ≥ 0 (Infinity for no limit)',
      'overrides.nonsense: not a profile figure',
      'seed: must be a whole number from 0 to 4294967295',
      'clients[0].version: must be 4 (MQTT 3.1.1) or 5 (MQTT 5.0)',
      "clients[1].name: 'A' is used twice",
      'steps[3].do: must be one of note, connect, disconnect, drop, subscribe, unsubscribe, publish, burst, hold-acks, release-acks, advance, wait',
      'steps[4].client: must name one of the clients (A)',
      'steps[4].topic: topic name contains a wildcard (+ or #)',
      "steps[5].by: must be a duration: seconds, or text like '90s', '1h30m'",
      'steps[6].within: at most 30 days',
      'steps[6].for.type: must be a broker event type, such as session.expired',
      'steps[7].count: must be a whole number from 1 to 10000',
      'steps[7].rate: must be from 0 (all at once) to 1000 per second',
      'expect[1]: must have exactly one of connack, receives, dropped, replay, expires, event',
      'expect[2].between: the shortest is over the longest',
      expect.stringMatching(/^expect\[3\]\.reason: must be one of qos0-while-away, /),
      "expect[4].payloads: must be a range like 'm0..m29' or a list of payloads",
    ]);
  });

  it('a missing field is reported at its object', () => {
    expect(problems((s) => delete s.title)).toEqual(["line 1: missing field 'title'"]);
    expect(problems((s) => delete (s.steps as Obj[])[1]!.filter)).toEqual([
      "line 19, steps[1]: missing field 'filter'",
    ]);
  });

  it('what could hang or crash the page is refused: deep nesting, payload lists that explode', () => {
    const deep = parseScenario(`{"title": ${'['.repeat(4000)}`);
    expect(deep.ok ? '' : formatProblem(deep.problems[0]!)).toBe(
      'line 1: nested more than 32 deep',
    );
    expect(
      problems((s) => {
        (s.expect as Obj[]).push({ receives: 'A', payloads: Array(1_000).fill('m0..m99999') });
      }).map((p) => p.replace(/^line \d+, /, '')),
    ).toEqual(['expect[1].payloads: at most 100000 payloads, ranges counted in full']);
    expect(
      problems((s) => {
        (s.expect as Obj[]).push({ event: { type: 'takeover' }, count: { min: 3, max: 1 } });
      }).map((p) => p.replace(/^line \d+, /, '')),
    ).toEqual(['expect[1].count: min is over max']);
  });

  it('a client id the playground would refuse is refused in the file', () => {
    expect(
      problems((s) => ((s.clients as Obj[])[0]!.name = 'A ')).map((p) =>
        p.replace(/^line \d+, /, ''),
      ),
    ).toContain('clients[0].name: no spaces at the start or end');
  });

  it('a file over the size limit is refused before it is parsed', () => {
    const result = parseScenario(' '.repeat(MAX_SCENARIO_BYTES + 1));
    expect(result.ok ? '' : formatProblem(result.problems[0]!)).toBe(
      `line 1: the file is over ${MAX_SCENARIO_BYTES} bytes`,
    );
  });
});

describe('a field of the wrong kind is a problem, never a throw', () => {
  // Each of these threw out of parseScenario (found by the property below).
  it.each<[string, (s: Obj) => void, string]>([
    [
      'a name that is a number',
      (s) => ((s.clients as Obj[])[0]!.name = 7),
      'clients[0].name: must be text',
    ],
    [
      'a client id that is a number',
      (s) => ((s.clients as Obj[])[0]!.clientId = 5),
      'clients[0].clientId: must be text',
    ],
    [
      'a Will topic that is a number',
      (s) => ((s.clients as Obj[])[0]!.will = { topic: 5, payload: 'x' }),
      'clients[0].will.topic: must be text',
    ],
    [
      'a Will that is text',
      (s) => ((s.clients as Obj[])[0]!.will = 'x'),
      'clients[0].will: must be an object',
    ],
    [
      'a step kind that is an object',
      (s) => ((s.steps as Obj[])[0]!.do = {}),
      'steps[0].do: must be one of',
    ],
    [
      'a step kind named constructor',
      (s) => ((s.steps as Obj[])[0]!.do = 'constructor'),
      'steps[0].do: must be one of',
    ],
    [
      'an expectation named constructor',
      (s) => (s.expect = [{ constructor: 1 }]),
      'expect[0]: must have exactly one of',
    ],
    [
      'a range bound that is a list',
      (s) => (s.expect = [{ replay: 'A', between: [[], '1s'] }]),
      'expect[0].between[0]: must be a duration',
    ],
  ])('%s', (_what, change, problem) => {
    const found = problems(change).map((p) => p.replace(/^line \d+, /, ''));
    expect(
      found.some((p) => p.startsWith(problem)),
      found.join('\n'),
    ).toBe(true);
  });

  it('any JSON value in any field of a lesson: problems or a scenario, never a throw', () => {
    const files = LESSONS.map((l) => JSON.parse(JSON.stringify(toFileForm(l.scenario))) as Obj);
    const odd = fc.constantFrom('constructor', '__proto__', 'toString', 'valueOf', '', ' ', 'A');
    const value = fc.oneof(fc.jsonValue(), odd, fc.dictionary(odd, fc.jsonValue()));
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.nat(), value, (f, p, v) => {
        const file = structuredClone(files[f]!);
        const places = fieldPaths(file);
        const path = places[p % places.length]!;
        let at = file as Record<string | number, unknown>;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
        at[path.at(-1)!] = v;
        const result = parseScenario(JSON.stringify(file));
        return result.ok || result.problems.length > 0;
      }),
      { numRuns: 3000, seed: 16 },
    );
  });
});

/** Every place in a JSON value, as keys and indexes from the top (the top itself left out). */
function fieldPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = at.length ? [at] : [];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => fieldPaths(x, [...at, i]))];
  if (v && typeof v === 'object') {
    return [...here, ...Object.entries(v).flatMap(([k, x]) => fieldPaths(x, [...at, k]))];
  }
  return here;
}

describe('durations and payload ranges', () => {
  it.each([
    [90, 90_000],
    ['250ms', 250],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['0:01:30', 90_000],
    ['1:00:00.5', 3_600_500],
  ])('%j is %d ms', (d, ms) => expect(parseDuration(d)).toBe(ms));

  it.each([['soon'], ['-5s'], ['5 s'], [''], [-1], ['1h 30m']])('%j is not a duration', (d) =>
    expect(parseDuration(d)).toBeUndefined(),
  );

  it('shows durations for people', () => {
    expect([250, 2900, 90_000, 5_400_000, 3_661_000].map(showDuration)).toEqual([
      '250 ms',
      '2.9 s',
      '1 min 30 s',
      '1 h 30 min',
      '1 h 1 min 1 s',
    ]);
  });

  it('m0..m3 is four payloads; a range must go up and keep its prefix', () => {
    expect(parseRange('m0..m3')).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(parseRange('live10..live12')).toEqual(['live10', 'live11', 'live12']);
    expect(parseRange('m3..m0')).toBeUndefined();
    expect(parseRange('m0..n3')).toBeUndefined();
    expect(parseRange('m0')).toBeUndefined();
  });
});

type Obj = Record<string, unknown>;
