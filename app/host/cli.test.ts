import { describe, expect, it } from 'vitest';
import { parseCli, type CliResult } from './cli';
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
