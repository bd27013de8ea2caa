import { describe, expect, it } from 'vitest';
import { font, forgetFont, measure, pill, text, type StagePainter } from './paint';

/** A painter that counts font changes and measurements; each character is 6 px wide. */
function countingPainter() {
  let current = '';
  const counts = { fontSets: 0, measures: 0 };
  const drawn: string[] = [];
  const p = {
    get font() {
      return current;
    },
    set font(v: string) {
      counts.fontSets++;
      current = v;
    },
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    textAlign: 'left',
    textBaseline: 'middle',
    setLineDash() {},
    fillRect() {},
    strokeRect() {},
    beginPath() {},
    moveTo() {},
    lineTo() {},
    arc() {},
    roundRect() {},
    closePath() {},
    stroke() {},
    fill() {},
    fillText(t: string) {
      drawn.push(t);
    },
    measureText(t: string) {
      counts.measures++;
      return { width: t.length * 6 * (current.includes(' 20px') ? 2 : 1) } as TextMetrics;
    },
    save() {},
    restore() {},
  } as unknown as StagePainter;
  return { p, counts, drawn, reset: (v: string) => (current = v) };
}

describe('the stage painter helpers', () => {
  it('set the font only when it changes', () => {
    const { p, counts } = countingPainter();
    font(p, 12, 600);
    font(p, 12, 600);
    font(p, 12.2, 600); // rounds to the same size
    expect(counts.fontSets).toBe(1);
    font(p, 14, 600);
    expect(counts.fontSets).toBe(2);
    expect(p.font).toMatch(/^600 14px /);
  });

  it('set it again after forgetFont (a restore or a resize changed it behind their back)', () => {
    const { p, counts, reset } = countingPainter();
    font(p, 12);
    reset('10px sans-serif');
    forgetFont(p);
    font(p, 12);
    expect(counts.fontSets).toBe(2);
    expect(p.font).toMatch(/^400 12px /);
  });

  it('measure each text once per font, and a new font measures again', () => {
    const { p, counts } = countingPainter();
    font(p, 10);
    for (let i = 0; i < 5; i++) pill(p, 'PUBACK', 0, 0, 10, '#fff', '#000');
    expect(counts.measures).toBe(1);
    font(p, 20);
    expect(measure(p, 'PUBACK')).toBe(72);
    expect(counts.measures).toBe(2);
    font(p, 10, 600); // the pills' font, measured before
    expect(measure(p, 'PUBACK')).toBe(36);
    expect(counts.measures).toBe(2);
  });

  it('still cut a text too wide for its room, and return the width drawn', () => {
    const { p, drawn } = countingPainter();
    font(p, 10);
    expect(text(p, 'abcdefghij', 0, 0, 1000)).toBe(60);
    expect(text(p, 'abcdefghij', 0, 0, 30)).toBe(30);
    expect(text(p, 'abcdefghij', 0, 0, 30)).toBe(30);
    expect(drawn).toEqual(['abcdefghij', 'abcd…', 'abcd…']);
  });
});
