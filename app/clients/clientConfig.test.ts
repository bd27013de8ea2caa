import { describe, expect, it } from 'vitest';
import { topicNameError } from '../broker';
import {
  defaultClientConfig,
  isInt,
  parseUserProperties,
  suggestedClient,
  userPropertiesObject,
  validateClientConfig,
  type ClientConfig,
  type FieldErrors,
} from './clientConfig';

const none: ReadonlySet<string> = new Set();

function check(patch: Partial<ClientConfig>, taken: ReadonlySet<string> = none): FieldErrors {
  return validateClientConfig({ ...defaultClientConfig('A'), ...patch }, taken);
}

const will = (patch: Partial<NonNullable<ClientConfig['will']>> = {}): ClientConfig['will'] => ({
  topic: 'status/A',
  payload: 'gone',
  qos: 1,
  retain: false,
  delay: 0,
  ...patch,
});

describe('validateClientConfig', () => {
  it('the default config is valid', () => {
    expect(defaultClientConfig('A')).toEqual({
      clientId: 'A',
      protocolVersion: 4,
      clean: false,
      sessionExpiry: 3600,
      keepalive: 60,
    });
    expect(check({})).toEqual({});
    expect(check({ protocolVersion: 5, will: will({ delay: 30 }) })).toEqual({});
  });

  const cases: [string, Partial<ClientConfig>, FieldErrors, ReadonlySet<string>?][] = [
    ['a space at the start', { clientId: ' A' }, { clientId: 'no spaces at the start or end' }],
    ['a space at the end', { clientId: 'A ' }, { clientId: 'no spaces at the start or end' }],
    ['only spaces', { clientId: '   ' }, { clientId: 'no spaces at the start or end' }],
    [
      'an id already in the playground',
      { clientId: 'sensor-1' },
      { clientId: 'a client with id “sensor-1” is already in the playground' },
      new Set(['sensor-1']),
    ],
    [
      'an id over 128 characters (the scenario format takes no more)',
      { clientId: 'x'.repeat(129) },
      { clientId: 'at most 128 characters (this one has 129)' },
    ],
    [
      'an id over 128 characters counted as a person counts them',
      { clientId: '📡'.repeat(129) },
      { clientId: 'at most 128 characters (this one has 129)' },
    ],
    [
      'an empty id with cleanSession=0 on 3.1.1',
      { clientId: '', clean: false, protocolVersion: 4 },
      { clientId: 'an empty id needs cleanSession=1 in MQTT 3.1.1 (the broker would refuse it)' },
    ],
    [
      'keep-alive below 0',
      { keepalive: -1 },
      { keepalive: 'a whole number of seconds, 0 to 65535' },
    ],
    [
      'keep-alive over 65535',
      { keepalive: 65_536 },
      { keepalive: 'a whole number of seconds, 0 to 65535' },
    ],
    [
      'keep-alive not whole',
      { keepalive: 1.5 },
      { keepalive: 'a whole number of seconds, 0 to 65535' },
    ],
    ['keep-alive NaN', { keepalive: NaN }, { keepalive: 'a whole number of seconds, 0 to 65535' }],
    [
      'session expiry below 0',
      { sessionExpiry: -1 },
      { sessionExpiry: 'a whole number of seconds, 0 to 4294967295 (never)' },
    ],
    [
      'session expiry over 0xFFFFFFFF',
      { sessionExpiry: 0x1_0000_0000 },
      { sessionExpiry: 'a whole number of seconds, 0 to 4294967295 (never)' },
    ],
    [
      'session expiry not whole',
      { sessionExpiry: 0.5 },
      { sessionExpiry: 'a whole number of seconds, 0 to 4294967295 (never)' },
    ],
    [
      'a will topic with a wildcard',
      { will: will({ topic: 'status/+' }) },
      { willTopic: topicNameError('status/+')! },
    ],
    ['an empty will topic', { will: will({ topic: '' }) }, { willTopic: 'topic name is empty' }],
    [
      'a negative will delay',
      { will: will({ delay: -1 }) },
      { willDelay: 'a whole number of seconds' },
    ],
    [
      'a will delay not whole',
      { will: will({ delay: 2.5 }) },
      { willDelay: 'a whole number of seconds' },
    ],
    [
      'a will delay over 0xFFFFFFFF',
      { will: will({ delay: 0x1_0000_0000 }) },
      { willDelay: 'a whole number of seconds' },
    ],
  ];
  for (const [name, patch, expected, taken] of cases) {
    it(`refuses ${name}`, () => {
      expect(check(patch, taken)).toEqual(expected);
    });
  }

  const valid: [string, Partial<ClientConfig>][] = [
    ['an empty id with cleanSession=1 on 3.1.1', { clientId: '', clean: true }],
    [
      'an empty id with Clean Start=0 on MQTT 5 (the broker assigns one)',
      { clientId: '', protocolVersion: 5 },
    ],
    ['an id of exactly 128 characters', { clientId: 'x'.repeat(128) }],
    ['an id of 128 characters outside the BMP', { clientId: '📡'.repeat(128) }],
    ['spaces inside the id', { clientId: 'my client' }],
    ['keep-alive 0', { keepalive: 0 }],
    ['keep-alive 65535', { keepalive: 65_535 }],
    ['session expiry 0', { sessionExpiry: 0 }],
    ['session expiry 0xFFFFFFFF (never)', { sessionExpiry: 0xffff_ffff }],
    ['a will delay of 0xFFFFFFFF', { will: will({ delay: 0xffff_ffff }) }],
  ];
  for (const [name, patch] of valid) {
    it(`accepts ${name}`, () => {
      expect(check(patch)).toEqual({});
    });
  }

  it('an id taken is checked exactly (another case is another id)', () => {
    expect(check({ clientId: 'a' }, new Set(['A']))).toEqual({});
  });

  it('reports every wrong field at once', () => {
    expect(
      check({
        clientId: ' x',
        keepalive: -1,
        sessionExpiry: -1,
        will: will({ topic: '#', delay: -1 }),
      }),
    ).toEqual({
      clientId: 'no spaces at the start or end',
      keepalive: 'a whole number of seconds, 0 to 65535',
      sessionExpiry: 'a whole number of seconds, 0 to 4294967295 (never)',
      willTopic: 'topic name contains a wildcard (+ or #)',
      willDelay: 'a whole number of seconds',
    });
  });
});

describe('isInt', () => {
  it('is a whole number within the bounds, both included', () => {
    expect(isInt(0, 0, 10)).toBe(true);
    expect(isInt(10, 0, 10)).toBe(true);
    expect(isInt(11, 0, 10)).toBe(false);
    expect(isInt(-1, 0, 10)).toBe(false);
    expect(isInt(1.5, 0, 10)).toBe(false);
    expect(isInt(NaN, 0, 10)).toBe(false);
    expect(isInt(Infinity, 0, Infinity)).toBe(false);
  });
});

describe('MQTT 5 CONNECT options', () => {
  const v5 = (patch: Partial<ClientConfig>) => check({ protocolVersion: 5, ...patch });

  it.each([
    ['Topic Alias Maximum 0 and 65535', { topicAliasMaximum: 0 }, {}],
    ['Topic Alias Maximum 65535', { topicAliasMaximum: 65_535 }, {}],
    [
      'Topic Alias Maximum 65536',
      { topicAliasMaximum: 65_536 },
      { topicAliasMaximum: 'a whole number, 0 (no aliases) to 65535' },
    ],
    [
      'Topic Alias Maximum not a number',
      { topicAliasMaximum: NaN },
      { topicAliasMaximum: 'a whole number, 0 (no aliases) to 65535' },
    ],
    [
      '[MQTT-3.1.2.11.3] Receive Maximum 0',
      { receiveMaximum: 0 },
      { receiveMaximum: 'a whole number, 1 to 65535 (blank for 65535)' },
    ],
    ['Receive Maximum 1', { receiveMaximum: 1 }, {}],
    [
      '[MQTT-3.1.2.11.4] Maximum Packet Size 0',
      { maximumPacketSize: 0 },
      { maximumPacketSize: 'a whole number of bytes, 1 to 268435460 (blank for no limit)' },
    ],
    ['Maximum Packet Size 1024', { maximumPacketSize: 1024 }, {}],
    [
      'a user property value over 65535 bytes',
      { userProperties: [['k', 'x'.repeat(65_536)]] as [string, string][] },
      { userProperties: 'property 1: keys and values are at most 65535 bytes' },
    ],
  ])('%s', (_, patch, expected) => {
    expect(v5(patch)).toEqual(expected);
  });

  it('3.1.1 clients are not checked for options they never send', () => {
    expect(check({ protocolVersion: 4, receiveMaximum: 0 })).toEqual({});
  });

  it('user properties come from key=value lines; a repeated key keeps every value', () => {
    expect(parseUserProperties('a=1\n\n b = x=y \na=2')).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
      ['a', '2'],
    ]);
    expect(parseUserProperties('a=1\nnope')).toEqual({ error: 'line 2: write key=value' });
    expect(parseUserProperties('=v')).toEqual({ error: 'line 1: write key=value' });
    expect({
      ...userPropertiesObject([
        ['a', '1'],
        ['b', '2'],
        ['a', '3'],
      ]),
    }).toEqual({
      a: ['1', '3'],
      b: '2',
    });
    expect(Object.keys(userPropertiesObject([['__proto__', 'p']]))).toEqual(['__proto__']);
  });
});

describe('the client the add form suggests', () => {
  it('A to subscribe, persistent; B to publish, clean, as the empty panel says; then persistent', () => {
    expect(suggestedClient([])).toEqual({ clientId: 'A', clean: false });
    expect(suggestedClient(['A'])).toEqual({ clientId: 'B', clean: true });
    expect(suggestedClient(['A', 'B'])).toEqual({ clientId: 'C', clean: false });
    // B is the publisher whenever it is suggested.
    expect(suggestedClient(['A', 'C'])).toEqual({ clientId: 'B', clean: true });
    expect(suggestedClient(['B'])).toEqual({ clientId: 'A', clean: false });
  });
});
