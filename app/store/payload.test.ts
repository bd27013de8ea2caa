import { describe, expect, it } from 'vitest';
import { PROFILES } from '../broker';
import { payloadError, publishOverhead } from './payload';

const AWS_MAX = PROFILES.aws.maxPacketSize; // 128 KiB

describe('payloadError', () => {
  it('accepts text and valid JSON under the limit', () => {
    expect(payloadError('hello', 'text', AWS_MAX)).toBeUndefined();
    expect(payloadError('', 'text', AWS_MAX)).toBeUndefined();
    expect(payloadError('{"a":[1,2,{"b":null}]}', 'json', AWS_MAX)).toBeUndefined();
    expect(payloadError('42', 'json', AWS_MAX)).toBeUndefined();
  });

  it('leaves room for the header and the topic: the boundary', () => {
    const room = AWS_MAX - publishOverhead('t/x');
    expect(payloadError('x'.repeat(room), 'text', AWS_MAX, 't/x')).toBeUndefined();
    expect(payloadError('x'.repeat(room + 1), 'text', AWS_MAX, 't/x')).toBe(
      `${room + 1} bytes is over the broker's limit (${AWS_MAX} bytes per packet, topic and header included)`,
    );
    // A longer topic leaves less room for the payload.
    expect(payloadError('x'.repeat(room), 'text', AWS_MAX, 't/xx')).toMatch(/is over/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const max = publishOverhead('') + 10;
    expect(payloadError('é'.repeat(5), 'text', max)).toBeUndefined(); // 10 bytes
    expect(payloadError('é'.repeat(6), 'text', max)).toMatch(/^12 bytes is over/);
    expect(payloadError('😀'.repeat(3), 'text', max)).toMatch(/^12 bytes is over/);
  });

  it('checks JSON only in the json format, and names the parse error', () => {
    expect(payloadError('{"a":', 'text', AWS_MAX)).toBeUndefined();
    expect(payloadError('{"a":', 'json', AWS_MAX)).toMatch(/^not valid JSON: \S/);
    expect(payloadError("{'a':1}", 'json', AWS_MAX)).toMatch(/^not valid JSON: /);
    expect(payloadError('', 'json', AWS_MAX)).toMatch(/^not valid JSON: /);
  });

  it('reports the size before the JSON when both are wrong', () => {
    const max = publishOverhead('') + 4;
    expect(payloadError('{"a":1', 'json', max)).toMatch(/^6 bytes is over/);
  });

  it('a small (but valid) packet limit still lets a small payload through', () => {
    // maxPacketSize is a settable profile figure (any value ≥ 1). A 5-byte QoS 1 PUBLISH on
    // 't/x' is 2 + 2 + 3 + 2 + 5 = 14 bytes, which a broker with a 500-byte limit accepts.
    expect(payloadError('hello', 'text', 500)).toBeUndefined();
    expect(payloadError('', 'text', 500)).toBeUndefined();
  });
});
