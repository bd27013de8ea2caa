import { describe, expect, it } from 'vitest';
import {
  addressFor,
  connectPolicy,
  pageBrokerUrlError,
  prefixError,
  readBrokerChoice,
} from './choice';

describe('the broker the address chooses', () => {
  it('none: the in-page broker, and a policy that allows no connection', () => {
    const choice = readBrokerChoice('');
    expect(choice).toEqual({ kind: 'in-page' });
    expect(connectPolicy(choice)).toBe("connect-src 'none'");
    expect(readBrokerChoice('?debug')).toEqual({ kind: 'in-page' });
  });

  it('a WebSocket URL: that broker, and a policy that allows its origin alone', () => {
    const choice = readBrokerChoice(
      `?broker=${encodeURIComponent('wss://broker.example:8884/mqtt')}&prefix=qa-`,
    );
    expect(choice).toEqual({
      kind: 'remote',
      mode: {
        url: 'wss://broker.example:8884/mqtt',
        label: 'wss://broker.example:8884/mqtt',
        origin: 'wss://broker.example:8884',
        idPrefix: 'qa-',
        credentials: {},
      },
    });
    expect(connectPolicy(choice)).toBe('connect-src wss://broker.example:8884');
    // The default port is no part of the origin; the default prefix is lab-.
    const plain = readBrokerChoice('?broker=wss://a.example:443/mqtt');
    expect(plain.kind === 'remote' && [plain.mode.origin, plain.mode.idPrefix]).toEqual([
      'wss://a.example',
      'lab-',
    ]);
    // A presigned URL keeps its query, which is never shown.
    const signed = readBrokerChoice(
      `?broker=${encodeURIComponent('wss://x-ats.iot.eu-west-1.amazonaws.com/mqtt?X-Amz-Signature=abc')}`,
    );
    expect(signed.kind === 'remote' && [signed.mode.url, signed.mode.label]).toEqual([
      'wss://x-ats.iot.eu-west-1.amazonaws.com/mqtt?X-Amz-Signature=abc',
      'wss://x-ats.iot.eu-west-1.amazonaws.com/mqtt?…',
    ]);
  });

  it('a policy names one host, never a wildcard or a second directive', () => {
    for (const url of ['ws://*/mqtt', 'ws://x;script-src/mqtt', 'wss://*.example.com:8884/mqtt']) {
      const choice = readBrokerChoice(`?broker=${encodeURIComponent(url)}`);
      expect(choice.kind).toBe('bad');
      expect(connectPolicy(choice)).toBe("connect-src 'none'");
    }
    const idn = readBrokerChoice(`?broker=${encodeURIComponent('wss://bücher.example/mqtt')}`);
    expect(connectPolicy(idn)).toBe('connect-src wss://xn--bcher-kva.example');
  });

  it('a page served over https may open wss://, and ws:// only to this machine', () => {
    expect(pageBrokerUrlError('ws://broker.example:8000/mqtt', 'https:')).toMatch(
      /served over https.*wss:\/\//,
    );
    expect(pageBrokerUrlError('wss://broker.example:8884/mqtt', 'https:')).toBeUndefined();
    expect(pageBrokerUrlError('ws://127.0.0.1:8080/mqtt', 'https:')).toBeUndefined();
    expect(pageBrokerUrlError('ws://localhost:8080/mqtt', 'https:')).toBeUndefined();
    expect(pageBrokerUrlError('ws://broker.example:8000/mqtt', 'http:')).toBeUndefined();
  });

  it('a bad one: why, and nothing chosen', () => {
    expect(readBrokerChoice('?broker=mqtt://localhost:1883')).toEqual({
      kind: 'bad',
      problem: expect.stringContaining('a browser reaches a broker only over WebSocket'),
    });
    expect(readBrokerChoice('?broker=ws://h/mqtt&prefix=a%2Fb').kind).toBe('bad');
  });

  const cases: [string, string | RegExp | undefined][] = [
    ['ws://127.0.0.1:8080/mqtt', undefined],
    ['wss://broker.hivemq.com:8884/mqtt', undefined],
    ['  ws://h/mqtt  ', undefined],
    ['', /enter the broker/],
    ['localhost:8080', /not a WebSocket URL/],
    ['not a url', /is not a URL/],
    ['mqtts://h:8883', /only over WebSocket/],
    ['https://h/mqtt', /must start with ws:\/\/ or wss:\/\//],
    ['ws://user:pw@h/mqtt', /leave the user name and password out/],
    ['ws://h/mqtt#x', /no fragment/],
    ['ws://[::1]:8080/mqtt', /IPv6/],
    // Hosts that would widen the page's policy or add a directive to it.
    ['ws://*/mqtt', /not a host name the page can allow/],
    ['ws://*.example.com/mqtt', /not a host name the page can allow/],
    ['ws://x;script-src/mqtt', /not a host name the page can allow/],
    ["ws://x'unsafe-inline'/mqtt", /not a host name the page can allow/],
    ['ws://a,b/mqtt', /not a host name the page can allow/],
    ['wss://BROKER.Example./mqtt', undefined],
    ['wss://bücher.example/mqtt', undefined],
  ];
  it.each(cases)('URL %j', (url, expected) => {
    const error = pageBrokerUrlError(url);
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toMatch(expected);
  });

  it('prefixes: short, no wildcards or control characters', () => {
    expect(prefixError('')).toBeUndefined();
    expect(prefixError('sensor-')).toBeUndefined();
    expect(prefixError('a#')).toBeDefined();
    expect(prefixError('x'.repeat(65))).toBe('at most 64 characters');
  });

  it('the address for a broker keeps the rest of it, the fragment too; none takes it out', () => {
    const here = 'https://example.github.io/lab/?debug#lesson=01';
    const there = addressFor(here, { url: 'ws://127.0.0.1:9001/mqtt', prefix: 'qa-' });
    expect(there).toBe(
      'https://example.github.io/lab/?debug=&broker=ws%3A%2F%2F127.0.0.1%3A9001%2Fmqtt&prefix=qa-#lesson=01',
    );
    expect(readBrokerChoice(new URL(there).search).kind).toBe('remote');
    expect(addressFor(there, undefined)).toBe('https://example.github.io/lab/?debug=#lesson=01');
  });
});
