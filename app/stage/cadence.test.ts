import { describe, expect, it } from 'vitest';
import { BUSY_TOKENS, stageDue } from './cadence';

/** Frames 1/60 s apart: which of them the stage draws, given what changed and what flies. */
function draws(frames: number, dirty: (i: number) => boolean, tokens: (i: number) => number) {
  let last = Number.NEGATIVE_INFINITY;
  let count = 0;
  for (let i = 0; i < frames; i++) {
    const wall = 1000 + (i * 1000) / 60;
    if (stageDue(dirty(i), tokens(i), wall, last)) {
      last = wall;
      count++;
    }
  }
  return count;
}

describe('when the stage is drawn', () => {
  it('once more when the last token has landed, then not again', () => {
    // A burst's last frame was drawn with 40 tokens in the air; now none fly, nothing changed.
    expect(stageDue(false, 0, 2000, 1990, 40)).toBe(true);
    // Drawn: that frame had none, so the next is not.
    expect(stageDue(false, 0, 2016, 2000, 0)).toBe(false);
  });

  it('not at all while nothing changed and nothing flies', () => {
    expect(
      draws(
        60,
        () => false,
        () => 0,
      ),
    ).toBe(0);
  });

  it('once for each change of a still stage', () => {
    expect(
      draws(
        60,
        (i) => i % 20 === 0,
        () => 0,
      ),
    ).toBe(3);
  });

  it('every frame while a few tokens fly', () => {
    expect(
      draws(
        60,
        () => false,
        () => BUSY_TOKENS,
      ),
    ).toBe(60);
  });

  it('thirty times a second in a burst, however much changes', () => {
    expect(
      draws(
        60,
        () => true,
        () => 96,
      ),
    ).toBe(30);
  });
});
