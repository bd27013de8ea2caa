import { describe, expect, it } from 'vitest';
import { layoutStage, slotX, slotY, tokenSize } from './layout';

const inside = (x: number, y: number, r: { x: number; y: number; w: number; h: number }) =>
  x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;

describe('the stage layout', () => {
  it('puts clients left and right of the broker, each with its session box on its side', () => {
    const l = layoutStage(1240, 420, ['A', 'B', 'C']);
    const [a, b, c] = ['A', 'B', 'C'].map((id) => l.rows.get(id)!);
    expect([a!.side, b!.side, c!.side]).toEqual(['left', 'right', 'left']);
    expect(a!.node.x + a!.node.w).toBeLessThan(l.broker.x);
    expect(b!.node.x).toBeGreaterThan(l.broker.x + l.broker.w);
    expect(a!.session.x + a!.session.w).toBeLessThan(l.spineX);
    expect(b!.session.x).toBeGreaterThan(l.spineX);
    expect(c!.session.y).toBeGreaterThan(a!.session.y + a!.session.h);
  });

  it('keeps every queue slot inside its session box', () => {
    for (const [w, h] of [
      [1240, 420],
      [1900, 800],
      [800, 360],
    ] as const) {
      const l = layoutStage(w, h, ['A', 'B', 'C', 'D']);
      const t = tokenSize(l.scale);
      for (const row of l.rows.values()) {
        for (const i of [0, row.queue.perLine - 1, row.queue.capacity - 1]) {
          const r = row.session;
          expect(inside(slotX(row, i) - t / 2, slotY(row, i) - t / 2, r)).toBe(true);
          expect(inside(slotX(row, i) + t / 2, slotY(row, i) + t / 2, r)).toBe(true);
        }
      }
    }
  });

  it('gathers the clients that do not fit instead of squeezing them past reading', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const l = layoutStage(1240, 420, ids);
    expect(l.rows.size + l.hidden.length).toBe(50);
    expect(l.hidden.length).toBeGreaterThan(0);
    for (const row of l.rows.values()) expect(row.session.h).toBeGreaterThanOrEqual(40);
  });

  it('grows with the screen: a projector at 1920×1080 gets larger type than a laptop', () => {
    expect(layoutStage(1880, 800, ['A', 'B']).scale).toBeGreaterThan(
      layoutStage(1240, 420, ['A', 'B']).scale,
    );
  });
});
