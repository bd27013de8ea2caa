import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES, PROFILES, validateOverrides } from '../../broker';
import { FIELDS, hint, readNumber, show, type NumberRule } from './profileFields';

const numbers = FIELDS.flatMap((f) => (f.kind === 'number' ? [{ ...f, rule: f.rule }] : []));

describe('the profile editor: a number field says what it takes, and its error says the same', () => {
  it.each(numbers.map((f) => [f.key, f] as const))('%s', (_key, f) => {
    const text = hint(f.rule);
    const bad = readNumber(f.label, f.rule, 'x');
    expect('error' in bad).toBe(true);
    const error = (bad as { error: string }).error;
    // Every meaning the hint gives (0 = …, ∞ = …), the error gives, and no other.
    const meanings = (s: string) => [...s.matchAll(/(0|∞) = [^,)]+/g)].map((m) => m[0]);
    expect(meanings(error)).toEqual(meanings(text));
    expect(error.startsWith(`${f.label}: `)).toBe(true);
    expect(error).not.toMatch(/Infinity/);
    // What the hint offers is taken; ∞ where it does not is refused with the error.
    expect(readNumber(f.label, f.rule, '∞')).toEqual(
      f.rule.infinity ? { value: Number.POSITIVE_INFINITY } : { error },
    );
    if (f.rule.zero) expect(readNumber(f.label, f.rule, '0')).toEqual({ value: 0 });
    expect(readNumber(f.label, f.rule, String(f.rule.min - 1))).toEqual({ error });
    if (f.rule.max !== undefined)
      expect(readNumber(f.label, f.rule, String(f.rule.max + 1))).toEqual({ error });
  });

  it("every profile's own figures read back as they are, and the broker takes what is read", () => {
    for (const name of PROFILE_NAMES) {
      const overrides: Record<string, unknown> = {};
      for (const f of numbers) {
        const read = readNumber(f.label, f.rule, show(PROFILES[name][f.key]));
        expect(read, `${name}.${f.key}`).toEqual({ value: PROFILES[name][f.key] });
        overrides[f.key] = (read as { value: number }).value;
      }
      expect(validateOverrides(overrides)).toEqual([]);
    }
  });

  it('the hints', () => {
    const of = (key: string) => hint(numbers.find((f) => f.key === key)!.rule as NumberRule);
    expect(of('replayRate')).toBe('msg/s (0 = unpaced)');
    expect(of('sessionExpiryV3')).toBe('s (∞ = never)');
    expect(of('queueLimit')).toBe('messages (∞ = no limit)');
    expect(
      readNumber('Replay rate', numbers.find((f) => f.key === 'replayRate')!.rule, '-1'),
    ).toEqual({ error: 'Replay rate: a number of msg/s, 0 or more (0 = unpaced)' });
  });
});

describe('the profile editor shows every figure of a profile', () => {
  it('one field per figure, none missing and none twice (as npm run broker has a flag per figure)', () => {
    const figures = Object.keys(PROFILES.standard)
      .filter((k) => k !== 'name' && k !== 'label')
      .sort();
    expect(FIELDS.map((f) => f.key).sort()).toEqual(figures);
  });
});
