import { describe, expect, it } from 'vitest';
import { embedInHash, embedLink, findLesson } from './embedLink';

const ids = ['01-persistent-basics', '02-clean-session-loses', '11-full-store'];

describe('embed links', () => {
  it('reads the embed flag, autoplay and the speed from the fragment', () => {
    expect(embedInHash('#embed&lesson=01&autoplay&speed=10')).toEqual({
      embed: true,
      autoplay: true,
      speed: 10,
    });
    expect(embedInHash('#scenario=abc')).toEqual({ embed: false, autoplay: false });
    expect(embedInHash('')).toEqual({ embed: false, autoplay: false });
    expect(embedInHash('#embed&speed=fast').speed).toBeUndefined();
  });

  it('finds a lesson by its id, its number or its name without the number', () => {
    expect(findLesson(ids, '01-persistent-basics')).toBe('01-persistent-basics');
    expect(findLesson(ids, '1')).toBe('01-persistent-basics');
    expect(findLesson(ids, '11')).toBe('11-full-store');
    expect(findLesson(ids, 'clean-session-loses')).toBe('02-clean-session-loses');
    expect(findLesson(ids, '12')).toBeUndefined();
    expect(findLesson(ids, 'nothing')).toBeUndefined();
    expect(findLesson(ids, '')).toBeUndefined();
  });

  it('makes a link relative to the page, dropping any fragment it had', () => {
    expect(
      embedLink('https://x.test/lab/#scenario=zz', { lesson: '01-persistent-basics' }, true),
    ).toBe('https://x.test/lab/#embed&lesson=01-persistent-basics&autoplay');
    expect(embedLink('https://x.test/lab/', { packed: 'abc' })).toBe(
      'https://x.test/lab/#embed&scenario=abc',
    );
  });
});
