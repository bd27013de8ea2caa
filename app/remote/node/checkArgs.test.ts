import { describe, expect, it } from 'vitest';
import { parseCheckArgs } from './checkArgs';
import { runNaming } from '../naming';
import { displayUrl } from './netTarget';

describe('npm run check-broker: the command line', () => {
  it('reads the URL and the figures', () => {
    const cli = parseCheckArgs([
      'wss://a.example/mqtt',
      '--expiry',
      '3',
      '--queue',
      '20',
      '--json',
      '--expect',
      'emqx',
    ]);
    expect(cli).toMatchObject({
      kind: 'run',
      json: true,
      expect: 'emqx',
      options: {
        expiry: 3,
        queue: 20,
        settings: { address: { url: 'wss://a.example/mqtt' }, timeoutMs: 10_000 },
      },
    });
  });

  it('takes the password from MQTT_PASSWORD when the flag is not given', () => {
    const cli = parseCheckArgs(['mqtts://a.example', '--username', 'u'], {
      MQTT_PASSWORD: 's3cret',
    });
    expect(cli).toMatchObject({
      options: { settings: { address: { username: 'u', password: 's3cret' } } },
    });
  });

  it.each([
    [[], 'give one broker URL'],
    [['http://a.example'], "'http:' is not a broker scheme"],
    [['mqtt://a', '--expiry', 'soon'], "--expiry: 'soon' is not a number of seconds"],
    [['mqtt://a', '--queue', 'many'], "--queue: 'many' is not a number of messages"],
    [['mqtt://a', '--expect', 'hivemq'], "--expect: 'hivemq' is not a profile"],
    [['mqtt://a', '--ca', '/nonexistent/ca.pem'], '--ca: cannot read /nonexistent/ca.pem'],
    [['mqtt://a', '--timeout', '0'], "--timeout: '0' is not a number of seconds"],
    [['mqtt://a', '--bogus'], "Unknown option '--bogus'"],
    [['mqtts://a', '--cert', '/etc/hostname'], '--cert and --key go together'],
    [['mqtt://a', '--id-prefix', 'a+b'], "--id-prefix: 'a+b' cannot start a name"],
  ])('%j is refused: %s', (argv, message) => {
    const cli = parseCheckArgs(argv);
    expect(cli.kind).toBe('error');
    expect(cli.kind === 'error' && cli.message).toContain(message);
  });

  it('keeps the run tag after a prefix of the user’s own', () => {
    const cli = parseCheckArgs(['mqtt://a', '--id-prefix', 'sensor-', '--topic-prefix', 'qa/']);
    expect(cli).toMatchObject({
      options: { settings: { roots: { idRoot: 'sensor-', topicRoot: 'qa/' } } },
    });
    const naming = runNaming({ idRoot: 'sensor-', topicRoot: 'qa/' });
    expect(naming.clientId('A')).toMatch(/^sensor-[0-9a-f]{8}-A$/);
    expect(naming.topic('t/x')).toMatch(/^qa\/[0-9a-f]{8}\/t\/x$/);
    expect(naming.scenarioClientId(naming.clientId('A'))).toBe('A');
  });

  it('never prints credentials or a presigned query', () => {
    expect(displayUrl('wss://user:pw@a.example/mqtt?X-Amz-Signature=abc')).toBe(
      'wss://a.example/mqtt?…',
    );
  });
});
