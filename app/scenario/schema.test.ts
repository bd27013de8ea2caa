import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES, PROFILES } from '../broker';
import {
  defaultClientConfig,
  MAX_CLIENT_ID_CHARS,
  validateClientConfig,
} from '../clients/clientConfig';
import { DROP_REASONS } from './eventTypes';
import { LESSONS } from './lessons';
import { parseScenario, toFileForm } from './validate';

// The JSON Schema (public/scenario.schema.json, for editors and other tools) and the validator
// the playground runs must agree: same enums, and the same verdict on good and bad files.
const schema = JSON.parse(readFileSync('public/scenario.schema.json', 'utf8')) as {
  properties: Record<string, { enum?: unknown[]; properties?: Record<string, unknown> }>;
  $defs: Record<string, { properties?: Record<string, { enum?: unknown[] }> }>;
};
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

const base = {
  format: 'mqtt-session-lab/scenario@1',
  title: 'T',
  profile: 'aws',
  clients: [{ name: 'A' }],
  steps: [{ do: 'connect', client: 'A' }],
};

const BAD: [string, Record<string, unknown>][] = [
  ['an unknown field', { ...base, colour: 'red' }],
  ['no title', { ...base, title: undefined }],
  ['another format', { ...base, format: 'x@2' }],
  ['an unknown profile', { ...base, profile: 'hivemq' }],
  ['an unknown figure', { ...base, overrides: { speed: 3 } }],
  ['a negative figure', { ...base, overrides: { queueLimit: -1 } }],
  ['no clients', { ...base, clients: [] }],
  ['version 3', { ...base, clients: [{ name: 'A', version: 3 }] }],
  ['an unknown step', { ...base, steps: [{ do: 'fly' }] }],
  ['QoS 3', { ...base, steps: [{ do: 'subscribe', client: 'A', filter: 't', qos: 3 }] }],
  ['a step field of another step', { ...base, steps: [{ do: 'connect', client: 'A', by: 1 }] }],
  ['a bad duration', { ...base, steps: [{ do: 'advance', by: 'soon' }] }],
  [
    'a burst of 0',
    { ...base, steps: [{ do: 'burst', client: 'A', topic: 't', payload: 'm', count: 0 }] },
  ],
  [
    'two kinds in one expectation',
    { ...base, expect: [{ dropped: 0, replay: 'A', between: [1, 2] }] },
  ],
  ['an unknown drop reason', { ...base, expect: [{ dropped: 0, reason: 'bored' }] }],
  ['a bad range', { ...base, expect: [{ receives: 'A', payloads: 'm0-m3' }] }],
  [
    'a client id of 129 characters',
    { ...base, clients: [{ name: 'A', clientId: 'x'.repeat(129) }] },
  ],
  ['a name that is the id, of 129 characters', { ...base, clients: [{ name: 'x'.repeat(129) }] }],
  ['a name of 133 characters', { ...base, clients: [{ name: 'x'.repeat(133), clientId: 'A' }] }],
];

/** Files both must take: the add form's longest client id, a twin's name beside it. */
const noSteps = { ...base, steps: [] };
const GOOD: [string, Record<string, unknown>][] = [
  ['a client id of 128 characters', { ...noSteps, clients: [{ name: 'x'.repeat(128) }] }],
  [
    'a client id of 128 characters outside the BMP',
    { ...noSteps, clients: [{ name: '📡'.repeat(128) }] },
  ],
  [
    "a twin's name of 131 characters",
    {
      ...noSteps,
      clients: [
        { name: 'x'.repeat(128) },
        { name: `${'x'.repeat(128)}′50`, clientId: 'x'.repeat(128) },
      ],
    },
  ],
];

describe('the scenario schema and the validator agree', () => {
  it('on every built-in lesson: valid', () => {
    for (const { id, scenario } of LESSONS) {
      const file = toFileForm(scenario);
      expect(validate(file) ? 'valid' : validate.errors, id).toBe('valid');
    }
  });

  it.each(BAD)('on a file with %s: invalid', (_what, file) => {
    const clean = JSON.parse(JSON.stringify(file)) as unknown;
    expect(validate(clean)).toBe(false);
    expect(parseScenario(JSON.stringify(clean)).ok).toBe(false);
  });

  it.each(GOOD)('on a file with %s: valid', (_what, file) => {
    expect(validate(file) ? 'valid' : validate.errors).toBe('valid');
    const result = parseScenario(JSON.stringify(file));
    expect(result.ok ? 'valid' : result.problems).toBe('valid');
  });

  it('on the longest client id: the add form’s limit', () => {
    const id = (n: number) => ({ ...base, clients: [{ name: 'A', clientId: 'x'.repeat(n) }] });
    const form = (n: number) => validateClientConfig(defaultClientConfig('x'.repeat(n)), new Set());
    expect([
      validate(id(MAX_CLIENT_ID_CHARS)),
      parseScenario(JSON.stringify(id(MAX_CLIENT_ID_CHARS))).ok,
      form(MAX_CLIENT_ID_CHARS).clientId,
    ]).toEqual([true, true, undefined]);
    const over = MAX_CLIENT_ID_CHARS + 1;
    expect(validate(id(over))).toBe(false);
    expect(parseScenario(JSON.stringify(id(over))).ok).toBe(false);
    expect(form(over).clientId).toBeDefined();
  });

  it('on the names: profiles, figures and drop reasons are the code’s', () => {
    expect(schema.properties.profile!.enum).toEqual([...PROFILE_NAMES]);
    const figures = Object.keys(PROFILES.aws).filter((k) => k !== 'name' && k !== 'label');
    expect(Object.keys(schema.properties.overrides!.properties!).sort()).toEqual(figures.sort());
    const dropped = (
      schema.$defs.expectation as unknown as {
        oneOf: { properties: Record<string, { enum?: unknown[] }> }[];
      }
    ).oneOf.find((o) => 'dropped' in o.properties)!;
    expect(dropped.properties.reason!.enum).toEqual(DROP_REASONS);
  });
});
