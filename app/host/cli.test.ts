import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../broker';
import { HELP, parseCli, type CliResult } from './cli';
import { FIGURE_FLAGS } from './figureFlags';
import type { HostOptions } from './host';

const run = (argv: string[]): HostOptions => {
  const result: CliResult = parseCli(argv);
  if (result.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(result)}`);
  return result.options;
};

describe('parseCli: flags → host options', () => {
  it('defaults: 127.0.0.1:1883, no WebSocket, the AWS profile as it is, seed 1', () => {
    expect(run([])).toEqual({
      host: '127.0.0.1',
      port: 1883,
      profile: 'aws',
      overrides: {},
      seed: 1,
      access: { denySubscribe: [], denyPublish: [] },
    });
  });

  it('every flag lands in its option or profile figure', () => {
    expect(
      run([
        '--host=0.0.0.0',
        '--port',
        '1884',
        '--ws-port',
        '8080',
        '--profile',
        'emqx',
        '--session-expiry',
        '60',
        '--expiry-jitter',
        '0',
        '--replay-rate',
        '2.5',
        '--queue-limit',
        '50',
        '--max-keepalive',
        '30',
        '--connect-timeout',
        '5',
        '--deny-subscribe',
        'secret/#',
        '--deny-subscribe',
        '+/admin',
        '--deny-publish',
        'sys/+',
        '--seed',
        '42',
        '--max-buffered',
        '1048576',
      ]),
    ).toEqual({
      host: '0.0.0.0',
      port: 1884,
      wsPort: 8080,
      profile: 'emqx',
      overrides: {
        sessionExpiryV3: 60,
        maxSessionExpiry: 60,
        expiryJitter: 0,
        replayRate: 2.5,
        queueLimit: 50,
        maxKeepAlive: 30,
        connectTimeout: 5,
      },
      seed: 42,
      access: { denySubscribe: ['secret/#', '+/admin'], denyPublish: ['sys/+'] },
      maxBuffered: 1_048_576,
    });
  });

  it.each([
    [['--session-expiry', 'never'], { sessionExpiryV3: Infinity, maxSessionExpiry: Infinity }],
    [['--queue-limit', 'unlimited'], { queueLimit: Infinity }],
    [['--replay-rate', '0'], { replayRate: 0 }],
    [['--session-expiry', '0'], { sessionExpiryV3: 0, maxSessionExpiry: 0 }],
  ])('%j → overrides %j', (argv, overrides) => {
    expect(run(argv).overrides).toEqual(overrides);
  });

  it.each([
    [['--port', '0', '--ws-port', '0'], { port: 0, wsPort: 0 }],
    [['--host', 'localhost'], { host: 'localhost' }],
    [['--host', '::1'], { host: '::1' }],
  ])('%j → %j', (argv, expected) => {
    expect(run(argv)).toMatchObject(expected);
  });

  it.each([['--help'], ['-h'], ['--port', 'x', '--help']])(
    '%s prints the help, which names every flag',
    (...argv) => {
      const result = parseCli(argv);
      expect(result.kind).toBe('help');
      const text = result.kind === 'help' ? result.text : '';
      for (const flag of [
        '--host',
        '--port',
        '--ws-port',
        '--profile',
        '--session-expiry',
        '--expiry-jitter',
        '--replay-rate',
        '--queue-limit',
        '--max-keepalive',
        '--deny-subscribe',
        '--deny-publish',
        '--seed',
        '--help',
      ]) {
        expect(text).toContain(flag);
      }
    },
  );

  // A bad flag or value is refused with a message naming the flag.
  it.each<[string[], string]>([
    [['--bogus'], 'unknown flag --bogus'],
    [['-p', '1'], 'unknown flag -p'],
    [['1883'], "unexpected argument '1883'"],
    [['--port'], '--port: needs a value'],
    [['--port='], '--port: needs a value'],
    [['--port', '--ws-port', '1'], '--port: needs a value'],
    [['--port', 'abc'], "--port: 'abc' is not a port number"],
    [['--port', '-1'], "--port: '-1' is not a port number"],
    [['--port', '65536'], '--port: 65536 is out of range (0 to 65535)'],
    [['--port', '1.5'], "--port: '1.5' is not a port number"],
    [['--port', '1', '--port', '2'], '--port: given more than once'],
    [['--ws-port', 'x'], "--ws-port: 'x' is not a port number"],
    [['--port', '1884', '--ws-port', '1884'], '--ws-port: 1884 is already the TCP port'],
    [
      ['--profile', 'hivemq'],
      "--profile: 'hivemq' is not a profile (aws, standard, mosquitto, emqx)",
    ],
    [
      ['--session-expiry', '-5'],
      "--session-expiry: '-5' is not a whole number of seconds or 'never'",
    ],
    [['--session-expiry', '1h'], "--session-expiry: '1h' is not a whole number of seconds"],
    [['--expiry-jitter', 'never'], "--expiry-jitter: 'never' is not a whole number of seconds"],
    [['--replay-rate', 'fast'], "--replay-rate: 'fast' is not a number of messages per second"],
    [['--replay-rate', '-1'], "--replay-rate: '-1' is not a number of messages per second"],
    [['--queue-limit', '1e3'], "--queue-limit: '1e3' is not a number of messages or 'unlimited'"],
    [['--max-keepalive', '0'], '--max-keepalive: 0 is out of range (1 to 65535)'],
    [['--max-keepalive', '70000'], '--max-keepalive: 70000 is out of range (1 to 65535)'],
    [['--connect-timeout', '0'], '--connect-timeout: 0 is out of range (1 to 3600)'],
    [['--deny-subscribe', 'a/#/b'], "--deny-subscribe: 'a/#/b': '#' must be the last level"],
    [['--deny-publish', 'a+'], "--deny-publish: 'a+': '+' must stand alone in its level"],
    [['--deny-publish', ''], '--deny-publish: needs a value'],
    [['--seed', 'abc'], "--seed: 'abc' is not an integer"],
    [['--max-buffered', '100'], '--max-buffered: 100 is out of range (1024 to'],
    [['--max-buffered', '8MB'], "--max-buffered: '8MB' is not a number of bytes"],
    [['--seed', '4294967296'], '--seed: 4294967296 is out of range'],
    [['--host', 'not a host'], "--host: 'not a host' is not an IP address or host name"],
    [['--help=yes'], '--help: takes no value'],
  ])('%j is refused: %s', (argv, message) => {
    const result = parseCli(argv);
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' ? result.message : '').toContain(message);
  });
});

describe('every profile figure is a flag', () => {
  const figures = Object.keys(PROFILES.aws).filter((k) => k !== 'name' && k !== 'label');

  it('one flag per figure of a profile, no figure left out, no name twice', () => {
    expect(FIGURE_FLAGS.map((f) => f.key).sort()).toEqual([...figures].sort());
    const names = FIGURE_FLAGS.map((f) => f.flag);
    expect(new Set(names).size).toBe(names.length);
  });

  // What each flag sets, written out rather than read back from the table.
  const VALUES: [string, string, Record<string, unknown>][] = [
    ['session-expiry-311', '120', { sessionExpiryV3: 120 }],
    ['session-expiry-311', 'never', { sessionExpiryV3: Infinity }],
    ['max-session-expiry', '600', { maxSessionExpiry: 600 }],
    ['expiry-jitter', '0', { expiryJitter: 0 }],
    ['replay-rate', '2.5', { replayRate: 2.5 }],
    ['queue-limit', '50', { queueLimit: 50 }],
    ['queue-overflow', 'drop-oldest', { queueOverflow: 'drop-oldest' }],
    ['total-stored-limit', 'unlimited', { totalStoredLimit: Infinity }],
    ['store-qos0', 'true', { storeQos0: true }],
    ['live-during-replay', 'behind', { liveDuringReplay: 'behind' }],
    ['resend-as', 'dup', { resendAs: 'dup' }],
    ['sessions-across-versions', 'true', { sessionsAcrossVersions: true }],
    ['will-on-takeover', 'if-session-ends', { willOnTakeover: 'if-session-ends' }],
    ['inflight-limit', 'unlimited', { inflightLimit: Infinity }],
    ['receive-maximum', '5', { receiveMaximum: 5 }],
    ['max-qos', '2', { maxQos: 2 }],
    ['max-keepalive', '30', { maxKeepAlive: 30 }],
    ['connect-timeout', '5', { connectTimeout: 5 }],
    ['max-packet-size', '1024', { maxPacketSize: 1024 }],
    ['max-topic-length', '64', { maxTopicLength: 64 }],
    ['subscription-limit', '3', { subscriptionLimit: 3 }],
    ['retained-limit', '0', { retainedLimit: 0 }],
    ['topic-alias-maximum', '0', { topicAliasMaximum: 0 }],
    ['assign-topic-aliases', 'true', { assignTopicAliases: true }],
    ['shared-subscriptions', 'false', { sharedSubscriptions: false }],
    ['shared-subscriptions-311', 'false', { sharedSubscriptions311: false }],
  ];

  it.each(VALUES)('--%s %s sets %j', (flag, value, overrides) => {
    expect(run([`--${flag}`, value]).overrides).toEqual(overrides);
  });

  it('the values above try every flag', () => {
    expect(new Set(VALUES.map(([flag]) => flag))).toEqual(new Set(FIGURE_FLAGS.map((f) => f.flag)));
  });

  it('--session-expiry sets both expiries; the figure of either, given too, wins', () => {
    expect(run(['--session-expiry', '60', '--max-session-expiry', '3600']).overrides).toEqual({
      sessionExpiryV3: 60,
      maxSessionExpiry: 3600,
    });
  });

  // A bad value is refused with a message naming the flag.
  it.each<[string[], string]>([
    [['--receive-maximum', '0'], '--receive-maximum: 0 is out of range (1 to 65535)'],
    [['--receive-maximum', '65536'], '--receive-maximum: 65536 is out of range (1 to 65535)'],
    [
      ['--receive-maximum', 'unlimited'],
      "--receive-maximum: 'unlimited' is not a number of messages",
    ],
    [['--inflight-limit', '0'], '--inflight-limit: 0 is out of range (1 or more)'],
    [
      ['--max-packet-size', '268435456'],
      '--max-packet-size: 268435456 is out of range (1 to 268435455)',
    ],
    [['--max-topic-length', '0'], '--max-topic-length: 0 is out of range (1 to 65535)'],
    [['--topic-alias-maximum', '1.5'], "--topic-alias-maximum: '1.5' is not a number of aliases"],
    [
      ['--subscription-limit', '-1'],
      "--subscription-limit: '-1' is not a number of subscriptions or 'unlimited'",
    ],
    [
      ['--queue-overflow', 'drop-all'],
      "--queue-overflow: 'drop-all' is not one of drop-new, drop-oldest",
    ],
    [
      ['--live-during-replay', 'later'],
      "--live-during-replay: 'later' is not one of at-once, behind",
    ],
    [['--resend-as', 'DUP'], "--resend-as: 'DUP' is not one of dup, fresh"],
    [['--max-qos', '0'], "--max-qos: '0' is not one of 1, 2"],
    [['--store-qos0', 'yes'], "--store-qos0: 'yes' is not true or false"],
    [['--shared-subscriptions-311', '1'], "--shared-subscriptions-311: '1' is not true or false"],
    [
      ['--max-session-expiry', 'soon'],
      "--max-session-expiry: 'soon' is not a whole number of seconds or 'never'",
    ],
    [['--retained-limit'], '--retained-limit: needs a value'],
    [
      ['--receive-maximum', '5', '--receive-maximum', '6'],
      '--receive-maximum: given more than once',
    ],
  ])('%j is refused: %s', (argv, message) => {
    const result = parseCli(argv);
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' ? result.message : '').toContain(message);
  });

  it('the help lists every flag, and the README’s flag table too', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const f of FIGURE_FLAGS) {
      expect(HELP, f.flag).toContain(`--${f.flag} ${f.arg}`);
      expect(readme, f.flag).toContain(`| \`--${f.flag} `);
    }
    expect(HELP.split('\n').every((line) => line.length <= 96)).toBe(true);
  });
});
