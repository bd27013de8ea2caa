import { describe, expect, it } from 'vitest';
import { LESSONS } from './lessons';
import { packScenario, readFragment, sharedBase, unpackScenario } from './link';
import { formatProblem } from './validate';

describe('a scenario in a link', () => {
  it('packs and unpacks to the same scenario, short enough for a URL', async () => {
    for (const { id, scenario } of LESSONS) {
      const text = JSON.stringify(scenario);
      const packed = await packScenario(text);
      expect(packed, id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(packed.length, id).toBeLessThan(text.length);
      const back = await unpackScenario(packed);
      expect(back.ok && back.scenario, id).toEqual(scenario);
    }
  });

  it('finds the scenario in a fragment', () => {
    expect(readFragment('#scenario=abc_-')).toEqual({ kind: 'scenario', packed: 'abc_-' });
    expect(readFragment('#other=1&scenario=x')).toEqual({ kind: 'scenario', packed: 'x' });
    expect(readFragment('')).toEqual({ kind: 'none' });
    expect(readFragment('#')).toEqual({ kind: 'none' });
  });

  it('a fragment that is not a scenario link, or an empty one, says so', () => {
    expect(readFragment('#garbage')).toEqual({
      kind: 'not-a-scenario',
      why: 'the address ends in #garbage, which is not a scenario link (a scenario link ends in #scenario= and the packed scenario)',
    });
    expect(readFragment('#scenario=')).toEqual({
      kind: 'not-a-scenario',
      why: 'the link has nothing after #scenario= (was it cut short when copied?)',
    });
  });

  it('a tampered link is refused with a message, never a throw', async () => {
    const packed = await packScenario(JSON.stringify(LESSONS[0]!.scenario));
    const cases = [
      'not base64!',
      packed.slice(0, 20),
      `${packed.slice(0, 30)}A${packed.slice(31)}`,
      await packScenario('{"format": "mqtt-session-lab/scenario@1", "title": 3}'),
    ];
    const messages = [];
    for (const c of cases) {
      const r = await unpackScenario(c);
      expect(r.ok).toBe(false);
      messages.push(r.ok ? '' : r.problems.map(formatProblem).join('; '));
    }
    // A link has no lines: its problems say what is wrong with the link, or name the field.
    expect(messages[0]).toBe(
      'the link is damaged: the part after #scenario= holds characters a scenario link never has (it has only letters, digits, - and _)',
    );
    expect(messages[1]).toMatch(/^(the link is damaged|not valid JSON)/);
    expect(messages[3]).toContain("missing field 'profile'; ");
    expect(messages[3]).toContain('; title: must be text');
    for (const m of messages) expect(m).not.toMatch(/\bline \d/);
  });

  it('a link that would unpack into megabytes is refused', async () => {
    const bomb = await packScenario(' '.repeat(3_000_000));
    const r = await unpackScenario(bomb);
    expect(r.ok ? '' : formatProblem(r.problems[0]!)).toBe(
      'the link is damaged: the scenario packed in it does not unpack (was the link cut short when copied?)',
    );
  });
});

describe('the address a shared link starts from', () => {
  it('leaves out the broker URL’s query (a presigned URL’s signature), and says so', () => {
    const presigned =
      'wss://a1b2.iot.eu-west-1.amazonaws.com/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123&X-Amz-Security-Token=tok';
    const href = `https://lab.example/app/?broker=${encodeURIComponent(presigned)}&prefix=lab-#lesson=01`;
    const { base, dropped } = sharedBase(href);
    expect(dropped).toBe(true);
    expect(base).not.toMatch(/Amz|abc123|tok/);
    const params = new URL(base).searchParams;
    expect(params.get('broker')).toBe('wss://a1b2.iot.eu-west-1.amazonaws.com/mqtt');
    expect(params.get('prefix')).toBe('lab-');
    expect(new URL(base).hash).toBe('');
  });

  it('a presigned URL pasted unencoded: its query spread over the page’s goes too', () => {
    const href =
      'https://lab.example/app/?broker=wss://h.example/mqtt?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA%2Fx&X-Amz-Signature=abc123&prefix=lab-#lesson=01';
    const { base, dropped } = sharedBase(href);
    expect(dropped).toBe(true);
    expect(base).not.toMatch(/Amz|AKIA|abc123/);
    const params = new URL(base).searchParams;
    expect([...params.keys()]).toEqual(['broker', 'prefix']);
    expect(params.get('broker')).toBe('wss://h.example/mqtt');
  });

  it('keeps an address with no broker query as it is, without its fragment', () => {
    const plain = `https://lab.example/app/?broker=${encodeURIComponent('ws://127.0.0.1:9001/mqtt')}&prefix=e2e-&debug#old`;
    expect(sharedBase(plain)).toEqual({ base: plain.replace(/#old$/, ''), dropped: false });
    expect(sharedBase('https://lab.example/app/?debug#x')).toEqual({
      base: 'https://lab.example/app/?debug',
      dropped: false,
    });
  });
});
