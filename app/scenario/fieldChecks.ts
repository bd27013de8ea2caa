import { PROFILE_NAMES, topicFilterError, topicNameError, validateOverrides } from '../broker';
import { parseDuration } from './duration';
import { DROP_REASONS, EVENT_TYPES } from './eventTypes';
import { charCount, MAX_CLIENT_ID_CHARS, validateClientConfig } from '../clients/clientConfig';
import { toClientConfig } from './clients';
import { SCENARIO_FORMAT, type ScenarioClient } from './format';
import { MAX_PAYLOADS, payloadCount, rangeSize } from './payloads';
import type { Path } from './validate';

export const MAX_CLIENTS = 50;
/**
 * A client's name is its client id unless the file gives one, and a twin's name is the id with
 * a mark (A′, A″, A′3… up to the 50th): room for both, so a recording of any client the form
 * adds can be written.
 */
export const MAX_CLIENT_NAME_CHARS = MAX_CLIENT_ID_CHARS + 4;
export const MAX_STEPS = 10_000;
const MAX_ADVANCE_MS = 30 * 86_400_000;
const MAX_U32 = 0xffffffff;

export type Report = (path: Path, message: string) => void;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Checks an object's fields: known ones only, required ones present. */
function fields(
  value: unknown,
  path: Path,
  report: Report,
  known: readonly string[],
  required: readonly string[],
): value is Obj {
  if (!isObj(value)) {
    report(path, 'must be an object');
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) report([...path, key], `unknown field (known: ${known.join(', ')})`);
  }
  for (const key of required) {
    if (!(key in value)) report(path, `missing field '${key}'`);
  }
  return true;
}

/** Checks every field of a parsed file; each problem goes to `report` with its path. */
export function checkScenario(value: unknown, report: Report): void {
  const known = [
    '$schema',
    'format',
    'title',
    'description',
    'profile',
    'overrides',
    'seed',
    'clients',
    'steps',
    'expect',
  ];
  if (!fields(value, [], report, known, ['format', 'title', 'profile', 'clients', 'steps'])) {
    return;
  }
  if ('format' in value && value.format !== SCENARIO_FORMAT) {
    report(['format'], `must be '${SCENARIO_FORMAT}'`);
  }
  if ('title' in value) text(value.title, ['title'], report, 200, false);
  if ('description' in value) text(value.description, ['description'], report, 2000, true);
  if ('profile' in value && !(PROFILE_NAMES as readonly unknown[]).includes(value.profile)) {
    report(['profile'], `must be one of ${PROFILE_NAMES.join(', ')}`);
  }
  if ('overrides' in value) checkOverrides(value.overrides, report);
  if ('seed' in value && !isInt(value.seed, 0, MAX_U32)) {
    report(['seed'], 'must be a whole number from 0 to 4294967295');
  }
  const names = 'clients' in value ? checkClients(value.clients, report) : new Set<string>();
  if ('steps' in value) checkSteps(value.steps, names, report);
  if ('expect' in value) checkExpectations(value.expect, names, report);
}

function text(v: unknown, path: Path, report: Report, max: number, emptyOk: boolean): boolean {
  if (typeof v !== 'string') report(path, 'must be text');
  else if (!emptyOk && v.trim() === '') report(path, 'must not be empty');
  // Characters as JSON Schema's maxLength counts them (code points), so the two agree.
  else if (charCount(v) > max) report(path, `at most ${max} characters`);
  else return true;
  return false;
}

function checkOverrides(v: unknown, report: Report): void {
  if (!isObj(v)) {
    report(['overrides'], 'must be an object of profile figures');
    return;
  }
  const figures = Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, x === 'unlimited' ? Infinity : x]),
  );
  for (const message of validateOverrides(figures)) {
    const key = message.slice(0, message.indexOf(':'));
    report(['overrides', key], message.slice(key.length + 2));
  }
}

function checkClients(v: unknown, reportAll: Report): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_CLIENTS) {
    reportAll(['clients'], `must be a list of 1 to ${MAX_CLIENTS} clients`);
    return names;
  }
  const known = ['name', 'clientId', 'version', 'clean', 'sessionExpiry', 'keepalive', 'will'];
  v.forEach((c: unknown, i) => {
    const at: Path = ['clients', i];
    let problems = 0;
    const report: Report = (path, message) => {
      problems++;
      reportAll(path, message);
    };
    if (!fields(c, at, report, known, ['name'])) return;
    if (text(c.name, [...at, 'name'], report, MAX_CLIENT_NAME_CHARS, false)) {
      if (names.has(c.name as string)) report([...at, 'name'], `'${String(c.name)}' is used twice`);
      names.add(c.name as string);
    }
    // The client id's own limit is the add form's, checked below with the form's other rules.
    if ('clientId' in c && typeof c.clientId !== 'string')
      report([...at, 'clientId'], 'must be text');
    if ('version' in c && c.version !== 4 && c.version !== 5) {
      report([...at, 'version'], 'must be 4 (MQTT 3.1.1) or 5 (MQTT 5.0)');
    }
    bool(c, 'clean', at, report);
    if ('sessionExpiry' in c && !isInt(c.sessionExpiry, 0, MAX_U32)) {
      report([...at, 'sessionExpiry'], 'must be a whole number of seconds, 0 to 4294967295');
    }
    if ('keepalive' in c && !isInt(c.keepalive, 0, 65_535)) {
      report([...at, 'keepalive'], 'must be a whole number of seconds, 0 to 65535');
    }
    if ('will' in c) checkWill(c.will, [...at, 'will'], report);
    // What the playground's add form would refuse, refused here, before anything changes; only
    // for a client whose fields are all of the right kind (the form's checks take them as typed).
    if (problems === 0) {
      const form = validateClientConfig(toClientConfig(c as unknown as ScenarioClient), new Set());
      if (form.clientId) report([...at, 'clientId' in c ? 'clientId' : 'name'], form.clientId);
    }
  });
  return names;
}

function checkWill(v: unknown, at: Path, report: Report): void {
  if (!fields(v, at, report, ['topic', 'payload', 'qos', 'retain', 'delay'], ['topic', 'payload']))
    return;
  topicName(v.topic, [...at, 'topic'], report);
  if ('payload' in v) text(v.payload, [...at, 'payload'], report, 65_536, true);
  qos(v, at, report);
  bool(v, 'retain', at, report);
  if ('delay' in v && !isInt(v.delay, 0, MAX_U32)) {
    report([...at, 'delay'], 'must be a whole number of seconds');
  }
}

function bool(o: Obj, key: string, at: Path, report: Report): void {
  if (key in o && typeof o[key] !== 'boolean') report([...at, key], 'must be true or false');
}

function qos(o: Obj, at: Path, report: Report): void {
  if ('qos' in o && o.qos !== 0 && o.qos !== 1 && o.qos !== 2) {
    report([...at, 'qos'], 'must be 0, 1 or 2');
  }
}

function topicName(v: unknown, at: Path, report: Report): void {
  if (typeof v !== 'string') return report(at, 'must be text');
  const error = topicNameError(v);
  if (error) report(at, error);
}

function duration(v: unknown, at: Path, report: Report): void {
  const ms = typeof v === 'number' || typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined) report(at, "must be a duration: seconds, or text like '90s', '1h30m'");
  else if (ms > MAX_ADVANCE_MS) report(at, 'at most 30 days');
}

/** The fields of each step, after `do` and `say`; the first ones listed are required. */
const STEP_FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  note: { required: [], optional: [] },
  connect: { required: ['client'], optional: [] },
  disconnect: { required: ['client'], optional: ['sessionExpiry'] },
  drop: { required: ['client'], optional: ['silent'] },
  subscribe: { required: ['client', 'filter'], optional: ['qos'] },
  unsubscribe: { required: ['client', 'filter'], optional: [] },
  publish: {
    required: ['client', 'topic', 'payload'],
    optional: ['qos', 'retain', 'messageExpiry'],
  },
  burst: { required: ['client', 'topic', 'payload', 'count'], optional: ['qos', 'rate'] },
  'hold-acks': { required: ['client'], optional: ['hold'] },
  'release-acks': { required: ['client'], optional: ['count'] },
  advance: { required: ['by'], optional: [] },
  wait: { required: ['for', 'within'], optional: [] },
};

function checkSteps(v: unknown, names: Set<string>, report: Report): void {
  if (!Array.isArray(v) || v.length > MAX_STEPS) {
    report(['steps'], `must be a list of at most ${MAX_STEPS} steps`);
    return;
  }
  v.forEach((s: unknown, i) => {
    const at: Path = ['steps', i];
    if (!isObj(s)) return report(at, 'must be an object');
    // Own keys only: `"do": "constructor"` is not a step, and the parser's objects have no
    // prototype to turn into text.
    const kind =
      typeof s.do === 'string' && Object.hasOwn(STEP_FIELDS, s.do) ? STEP_FIELDS[s.do] : undefined;
    if (!kind) {
      return report([...at, 'do'], `must be one of ${Object.keys(STEP_FIELDS).join(', ')}`);
    }
    if (!fields(s, at, report, ['do', 'say', ...kind.required, ...kind.optional], kind.required))
      return;
    if ('say' in s) text(s.say, [...at, 'say'], report, 500, true);
    if ('client' in s) clientRef(s.client, [...at, 'client'], names, report);
    if ('filter' in s) {
      const error = typeof s.filter === 'string' ? topicFilterError(s.filter) : 'must be text';
      if (error) report([...at, 'filter'], error);
    }
    if ('topic' in s) topicName(s.topic, [...at, 'topic'], report);
    if ('payload' in s) text(s.payload, [...at, 'payload'], report, 65_536, true);
    qos(s, at, report);
    bool(s, 'retain', at, report);
    bool(s, 'silent', at, report);
    bool(s, 'hold', at, report);
    if ('count' in s && !isInt(s.count, 1, 10_000)) {
      report([...at, 'count'], 'must be a whole number from 1 to 10000');
    }
    if ('rate' in s && !(typeof s.rate === 'number' && s.rate >= 0 && s.rate <= 1000)) {
      report([...at, 'rate'], 'must be from 0 (all at once) to 1000 per second');
    }
    for (const key of ['sessionExpiry', 'messageExpiry'] as const) {
      if (key in s && !isInt(s[key], 0, MAX_U32)) report([...at, key], 'must be whole seconds');
    }
    if ('by' in s) duration(s.by, [...at, 'by'], report);
    if ('within' in s) duration(s.within, [...at, 'within'], report);
    if ('for' in s) eventMatch(s.for, [...at, 'for'], names, report);
  });
}

function clientRef(v: unknown, at: Path, names: Set<string>, report: Report): void {
  if (typeof v !== 'string' || !names.has(v)) {
    report(at, `must name one of the clients (${[...names].join(', ') || 'none'})`);
  }
}

function eventMatch(v: unknown, at: Path, names: Set<string>, report: Report): void {
  if (!fields(v, at, report, ['type', 'client', 'reason'], ['type'])) return;
  if ('type' in v && !(EVENT_TYPES as readonly unknown[]).includes(v.type)) {
    report([...at, 'type'], `must be a broker event type, such as session.expired`);
  }
  if ('client' in v) clientRef(v.client, [...at, 'client'], names, report);
  if ('reason' in v) text(v.reason, [...at, 'reason'], report, 64, false);
}

const EXPECT_KINDS: Record<string, { required: string[]; optional: string[] }> = {
  connack: { required: ['sessionPresent'], optional: ['nth', 'code'] },
  receives: { required: ['payloads'], optional: ['order'] },
  dropped: { required: [], optional: ['reason', 'client'] },
  replay: { required: ['between'], optional: [] },
  expires: { required: ['between'], optional: [] },
  event: { required: ['count'], optional: [] },
};

function checkExpectations(v: unknown, names: Set<string>, report: Report): void {
  if (!Array.isArray(v)) return report(['expect'], 'must be a list');
  v.forEach((x: unknown, i) => {
    const at: Path = ['expect', i];
    if (!isObj(x)) return report(at, 'must be an object');
    const kinds = Object.keys(x).filter((k) => Object.hasOwn(EXPECT_KINDS, k));
    if (kinds.length !== 1) {
      return report(at, `must have exactly one of ${Object.keys(EXPECT_KINDS).join(', ')}`);
    }
    const kind = kinds[0]!;
    const spec = EXPECT_KINDS[kind]!;
    if (!fields(x, at, report, [kind, 'label', ...spec.required, ...spec.optional], spec.required))
      return;
    if ('label' in x) text(x.label, [...at, 'label'], report, 200, false);
    switch (kind) {
      case 'connack':
      case 'receives':
      case 'replay':
      case 'expires':
        clientRef(x[kind], [...at, kind], names, report);
        break;
      case 'dropped':
        if (!isInt(x.dropped, 0, Number.MAX_SAFE_INTEGER)) {
          report([...at, 'dropped'], 'must be a whole number of messages');
        }
        if ('client' in x) clientRef(x.client, [...at, 'client'], names, report);
        if ('reason' in x && !(DROP_REASONS as readonly unknown[]).includes(x.reason)) {
          report([...at, 'reason'], `must be one of ${DROP_REASONS.join(', ')}`);
        }
        break;
      case 'event':
        eventMatch(x.event, [...at, 'event'], names, report);
        break;
    }
    bool(x, 'sessionPresent', at, report);
    if ('nth' in x && !isInt(x.nth, 1, 10_000)) report([...at, 'nth'], 'must be 1 or more');
    if ('code' in x && !isInt(x.code, 0, 255)) report([...at, 'code'], 'must be 0 to 255');
    if ('payloads' in x) payloads(x.payloads, [...at, 'payloads'], report);
    if ('order' in x && x.order !== 'exact' && x.order !== 'any') {
      report([...at, 'order'], "must be 'exact' or 'any'");
    }
    if ('between' in x) between(x.between, [...at, 'between'], report);
    if ('count' in x) count(x.count, [...at, 'count'], report);
  });
}

function payloads(v: unknown, at: Path, report: Report): void {
  if (typeof v === 'string') {
    if (!rangeSize(v)) report(at, "must be a range like 'm0..m29' or a list of payloads");
  } else if (!Array.isArray(v) || v.some((p) => typeof p !== 'string')) {
    report(at, "must be a range like 'm0..m29' or a list of payloads");
  } else if (payloadCount(v as string[]) > MAX_PAYLOADS) {
    report(at, `at most ${MAX_PAYLOADS} payloads, ranges counted in full`);
  }
}

function between(v: unknown, at: Path, report: Report): void {
  if (!Array.isArray(v) || v.length !== 2) return report(at, 'must be [shortest, longest]');
  duration(v[0], [...at, 0], report);
  duration(v[1], [...at, 1], report);
  const read = (d: unknown) =>
    typeof d === 'number' || typeof d === 'string' ? parseDuration(d) : undefined;
  const [lo, hi] = [read(v[0]), read(v[1])];
  if (lo !== undefined && hi !== undefined && lo > hi)
    report(at, 'the shortest is over the longest');
}

function count(v: unknown, at: Path, report: Report): void {
  if (isInt(v, 0, Number.MAX_SAFE_INTEGER)) return;
  if (!fields(v, at, report, ['min', 'max'], [])) return;
  for (const key of ['min', 'max'] as const) {
    if (key in v && !isInt(v[key], 0, Number.MAX_SAFE_INTEGER)) {
      report([...at, key], 'must be a whole number');
    }
  }
  if (isInt(v.min, 0, Infinity) && isInt(v.max, 0, Infinity) && v.min > v.max) {
    report(at, 'min is over max');
  }
}
