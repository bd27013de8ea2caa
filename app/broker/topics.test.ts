import { describe, expect, it } from 'vitest';
import { isSharedFilter, topicFilterError, topicMatches, topicNameError } from './topics';

/** A string of `n` UTF-8 bytes made of `unit` (whose byte length divides `n`). */
const bytesOf = (unit: string, n: number): string =>
  unit.repeat(n / new TextEncoder().encode(unit).length);

/** A filter as a test name shows it: long ones by their length. */
const show = (s: string): string =>
  s.length > 40 ? `(${new TextEncoder().encode(s).length} bytes)` : JSON.stringify(s);

describe('topicNameError', () => {
  const valid: [string, string][] = [
    ['a single level', 'a'],
    ['several levels', 'sport/tennis/player1'],
    ['a leading separator (an empty first level)', '/finance'],
    ['a trailing separator (an empty last level)', 'sport/'],
    ['a lone separator', '/'],
    ['empty levels in the middle', 'a//b'],
    ['a space', ' '],
    ['a $ topic (only filters care about $)', '$SYS/broker/load'],
    ['non-ASCII characters', 'capteur/température/°C'],
    ['exactly 65535 bytes', bytesOf('a', 65_535)],
    ['65535 bytes of two-byte characters plus one ASCII byte', bytesOf('é', 65_534) + 'a'],
  ];
  it.each(valid)('accepts %s', (_description, topic) => {
    expect(topicNameError(topic)).toBeUndefined();
  });

  const invalid: [string, string, string][] = [
    ['[MQTT-4.7.3-1, 3.1.1/5.0]', 'the empty string', ''],
    ['[MQTT-4.7.1-1, 3.1.1]', "a '+'", 'sport/+/player1'],
    ['[MQTT-4.7.1-1, 3.1.1]', "a '#'", 'sport/#'],
    ['[MQTT-4.7.1-1, 3.1.1]', "a '+' inside a level", 'sport+'],
    ['[MQTT-4.7.1-1, 3.1.1]', "a '#' inside a level", 'sport/tennis#'],
    ['[MQTT-4.7.1-1, 3.1.1]', "a lone '#'", '#'],
    ['[MQTT-4.7.3-2, 3.1.1/5.0]', 'U+0000', 'a\u0000b'],
    ['[MQTT-4.7.3-3, 3.1.1/5.0]', '65536 bytes', bytesOf('a', 65_536)],
    ['[MQTT-4.7.3-3, 3.1.1/5.0]', '65536 bytes of two-byte characters', bytesOf('é', 65_536)],
    ['[MQTT-4.7.3-3, 3.1.1/5.0]', '65536 bytes of four-byte characters', bytesOf('😀', 65_536)],
  ];
  it.each(invalid)('%s refuses %s', (_id, _description, topic) => {
    expect(topicNameError(topic)).toEqual(expect.any(String));
  });
});

describe('topicFilterError', () => {
  const valid: [string, string][] = [
    ['[MQTT-4.7.1-2, 3.1.1]', '#'],
    ['[MQTT-4.7.1-2, 3.1.1]', 'sport/tennis/player1/#'],
    ['[MQTT-4.7.1-2, 3.1.1]', 'sport/#'],
    ['[MQTT-4.7.1-2, 3.1.1]', '/#'],
    ['[MQTT-4.7.1-3]', '+'],
    ['[MQTT-4.7.1-3]', '+/tennis/#'],
    ['[MQTT-4.7.1-3]', 'sport/+/player1'],
    ['[MQTT-4.7.1-3]', '+/+'],
    ['[MQTT-4.7.1-3]', '/+'],
    ['[MQTT-4.7.1-3]', 'a/+/#'],
    ['[MQTT-4.7.3-1, 3.1.1/5.0]', '/'],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '$SYS/#'],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '$SYS/monitor/+'],
    ['[MQTT-4.7.3-3, 3.1.1/5.0]', bytesOf('a', 65_535)],
    ['(shared subscriptions are refused by the broker, not by the syntax)', '$share/g/t'],
  ];
  for (const [id, filter] of valid) {
    it(`${id} accepts ${show(filter)}`, () => {
      expect(topicFilterError(filter)).toBeUndefined();
    });
  }

  const invalid: [string, string][] = [
    ['[MQTT-4.7.3-1, 3.1.1/5.0]', ''],
    ['[MQTT-4.7.1-2, 3.1.1]', 'sport/tennis#'],
    ['[MQTT-4.7.1-2, 3.1.1]', 'sport/tennis/#/ranking'],
    ['[MQTT-4.7.1-2, 3.1.1]', 'a/#/b'],
    ['[MQTT-4.7.1-2, 3.1.1]', '#/'],
    ['[MQTT-4.7.1-2, 3.1.1]', '##'],
    ['[MQTT-4.7.1-2, 3.1.1]', '#a'],
    ['[MQTT-4.7.1-2, 3.1.1]', 'a/#/#'],
    ['[MQTT-4.7.1-3]', 'sport+'],
    ['[MQTT-4.7.1-3]', '+sport'],
    ['[MQTT-4.7.1-3]', 'sport/+player1'],
    ['[MQTT-4.7.1-3]', 'a/++'],
    ['[MQTT-4.7.1-3]', '+#'],
    ['[MQTT-4.7.3-2, 3.1.1/5.0]', 'a/\u0000'],
    ['[MQTT-4.7.3-3, 3.1.1/5.0]', bytesOf('a', 65_536)],
    ['[MQTT-4.7.3-3, 3.1.1/5.0]', bytesOf('€', 65_538)],
  ];
  for (const [id, filter] of invalid) {
    it(`${id} refuses ${show(filter)}`, () => {
      expect(topicFilterError(filter)).toEqual(expect.any(String));
    });
  }
});

describe('isSharedFilter', () => {
  it('recognises $share/ filters only', () => {
    expect(isSharedFilter('$share/group/a/b')).toBe(true);
    expect(isSharedFilter('$share/g/#')).toBe(true);
    expect(isSharedFilter('$shared/g/t')).toBe(false);
    expect(isSharedFilter('share/g/t')).toBe(false);
    expect(isSharedFilter('$SYS/#')).toBe(false);
  });
});

describe('topicMatches', () => {
  // [filter, topic, matches] — the examples of spec section 4.7 first, then edge cases.
  const table: [string, string, string, boolean][] = [
    // Exact match, case-sensitive, levels compared whole.
    ['exact', 'a/b', 'a/b', true],
    ['exact', 'a/b', 'a/b/c', false],
    ['exact', 'a/b/c', 'a/b', false],
    ['[MQTT-4.7.3-4, 3.1.1/5.0] no normalisation', 'ACCOUNTS', 'Accounts', false],
    ['exact', 'a/b', 'a/bb', false],
    ['exact', 'a', 'a/', false],
    ['exact', '/', '/', true],
    ['exact', 'a//b', 'a//b', true],
    ['exact', 'a//b', 'a/b', false],
    // '#' matches the parent and any number of levels below.
    ['[MQTT-4.7.1-2, 3.1.1]', 'sport/tennis/player1/#', 'sport/tennis/player1', true],
    ['[MQTT-4.7.1-2, 3.1.1]', 'sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
    [
      '[MQTT-4.7.1-2, 3.1.1]',
      'sport/tennis/player1/#',
      'sport/tennis/player1/score/wimbledon',
      true,
    ],
    ['[MQTT-4.7.1-2, 3.1.1] a/# matches a', 'a/#', 'a', true],
    ['[MQTT-4.7.1-2, 3.1.1]', 'a/#', 'a/', true],
    ['[MQTT-4.7.1-2, 3.1.1]', 'a/#', 'ab', false],
    ['[MQTT-4.7.1-2, 3.1.1]', 'a/#', 'b/a', false],
    ['[MQTT-4.7.1-2, 3.1.1]', 'a/b/#', 'a', false],
    ['[MQTT-4.7.1-2, 3.1.1]', '#', 'a', true],
    ['[MQTT-4.7.1-2, 3.1.1]', '#', 'a/b/c', true],
    ['[MQTT-4.7.1-2, 3.1.1]', '#', '/', true],
    ['[MQTT-4.7.1-2, 3.1.1]', '/#', '/finance', true],
    ['[MQTT-4.7.1-2, 3.1.1]', '/#', 'finance', false],
    // '+' matches exactly one level, which may be empty.
    ['[MQTT-4.7.1-3]', 'sport/tennis/+', 'sport/tennis/player1', true],
    ['[MQTT-4.7.1-3]', 'sport/tennis/+', 'sport/tennis/player2', true],
    ['[MQTT-4.7.1-3]', 'sport/tennis/+', 'sport/tennis/player1/ranking', false],
    ['[MQTT-4.7.1-3]', 'sport/+', 'sport', false],
    ['[MQTT-4.7.1-3]', 'sport/+', 'sport/', true],
    ['[MQTT-4.7.1-3]', '+', 'a', true],
    ['[MQTT-4.7.1-3]', '+', 'a/b', false],
    ['[MQTT-4.7.1-3]', '+/+', '/finance', true],
    ['[MQTT-4.7.1-3]', '/+', '/finance', true],
    ['[MQTT-4.7.1-3]', '+', '/finance', false],
    ['[MQTT-4.7.1-3]', '+/+', '/', true],
    ['[MQTT-4.7.1-3]', 'sport/+/player1', 'sport/tennis/player1', true],
    ['[MQTT-4.7.1-3]', 'sport/+/player1', 'sport/tennis/player2', false],
    ['[MQTT-4.7.1-3]', '+/tennis/#', 'sport/tennis', true],
    ['[MQTT-4.7.1-3]', '+/tennis/#', 'sport/tennis/player1/ranking', true],
    ['[MQTT-4.7.1-3]', '+/tennis/#', 'sport/golf', false],
    ['[MQTT-4.7.1-3]', '+/#', 'a', true],
    ['[MQTT-4.7.1-3]', 'a/+/#', 'a', false],
    ['[MQTT-4.7.1-3]', 'a/+/#', 'a/b', true],
    // '$' topics are not matched by a filter starting with a wildcard.
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '#', '$SYS/broker/load', false],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '#', '$SYS', false],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '+/monitor/Clients', '$SYS/monitor/Clients', false],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '+', '$SYS', false],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '+/#', '$SYS/x', false],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '$SYS/#', '$SYS/monitor/Clients', true],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '$SYS/#', '$SYS', true],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '$SYS/monitor/+', '$SYS/monitor/Clients', true],
    ['[MQTT-4.7.2-1, 3.1.1/5.0]', '$SYS/+/Clients', '$SYS/monitor/Clients', true],
    ['[MQTT-4.7.2-1, 3.1.1/5.0] only a leading $ counts', '#', 'a/$SYS', true],
    ['[MQTT-4.7.2-1, 3.1.1/5.0] only a leading $ counts', '+/+', 'a/$b', true],
    ['[MQTT-4.7.2-1, 3.1.1/5.0] a $ later in the name is plain', 'a$/#', 'a$/x', true],
  ];
  it.each(table)('%s: %j matches %j → %s', (_id, filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('[MQTT-4.7.2-1, 3.1.1/5.0] no filter starting with a wildcard matches any $ topic', () => {
    const filters = ['#', '+', '+/#', '+/+', '+/b', '+/+/+/#'];
    const topics = ['$SYS', '$SYS/b', '$x/b/c', '$', '$/'];
    for (const f of filters) {
      for (const t of topics) expect(topicMatches(f, t), `${f} vs ${t}`).toBe(false);
    }
  });
});
