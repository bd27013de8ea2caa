import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deque } from './deque';

function contents<T>(d: Deque<T>): T[] {
  return [...d];
}

describe('Deque', () => {
  it('is empty at first', () => {
    const d = new Deque<number>();
    expect(d.length).toBe(0);
    expect(d.peek()).toBeUndefined();
    expect(d.shift()).toBeUndefined();
    expect(contents(d)).toEqual([]);
  });

  it('push and shift are first in, first out', () => {
    const d = new Deque<string>();
    d.push('a');
    d.push('b');
    d.push('c');
    expect(d.peek()).toBe('a');
    expect(d.shift()).toBe('a');
    expect(d.shift()).toBe('b');
    expect(d.length).toBe(1);
    expect(contents(d)).toEqual(['c']);
  });

  it('unshift puts an item back at the front', () => {
    const d = new Deque<number>();
    d.push(2);
    d.push(3);
    d.unshift(1);
    d.unshift(0);
    expect(contents(d)).toEqual([0, 1, 2, 3]);
    expect(d.shift()).toBe(0);
  });

  it('grows past its first capacity (16) while wrapped around, keeping order', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 10; i++) d.push(i);
    for (let i = 0; i < 8; i++) d.shift();
    // Now the head is in the middle of the ring and the items wrap past its end.
    for (let i = 10; i < 100; i++) d.push(i);
    expect(d.length).toBe(92);
    expect(contents(d)).toEqual(Array.from({ length: 92 }, (_, i) => i + 8));
    d.unshift(7);
    expect(d.peek()).toBe(7);
    expect(d.length).toBe(93);
  });

  it('unshift into a full ring grows it', () => {
    const d = new Deque<number>();
    for (let i = 1; i <= 16; i++) d.push(i);
    d.unshift(0);
    expect(contents(d)).toEqual(Array.from({ length: 17 }, (_, i) => i));
  });

  it('holds thousands of items (a session store)', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 5000; i++) d.push(i);
    let expected = 0;
    for (let item = d.shift(); item !== undefined; item = d.shift()) expect(item).toBe(expected++);
    expect(expected).toBe(5000);
    expect(d.length).toBe(0);
  });

  it('filter keeps the wanted items in order and returns the removed ones in order', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 20; i++) d.push(i);
    d.shift();
    d.shift();
    const removed = d.filter((n) => n % 3 !== 0);
    expect(removed).toEqual([3, 6, 9, 12, 15, 18]);
    expect(contents(d)).toEqual([2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19]);
    expect(d.length).toBe(12);
    expect(d.filter(() => true)).toEqual([]);
    expect(d.length).toBe(12);
  });

  it('clear empties it and it can be used again', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 40; i++) d.push(i);
    d.clear();
    expect(d.length).toBe(0);
    expect(d.peek()).toBeUndefined();
    d.push(1);
    expect(contents(d)).toEqual([1]);
  });

  it('shift clears the slot it leaves: the store keeps no reference to a message it gave up', () => {
    const d = new Deque<{ id: number }>();
    const item = { id: 1 };
    d.push(item);
    d.shift();
    const ring = (d as unknown as { items: unknown[] }).items;
    expect(ring.includes(item)).toBe(false);
  });

  type Op =
    | { op: 'push'; value: number }
    | { op: 'unshift'; value: number }
    | { op: 'shift' }
    | { op: 'peek' }
    | { op: 'filter'; mod: number }
    | { op: 'clear' };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: fc.integer().map((value) => ({ op: 'push' as const, value })) },
    { weight: 2, arbitrary: fc.integer().map((value) => ({ op: 'unshift' as const, value })) },
    { weight: 5, arbitrary: fc.constant({ op: 'shift' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'peek' as const }) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 2, max: 5 }).map((mod) => ({ op: 'filter' as const, mod })),
    },
    { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
  );

  /** Applies the ops to the deque and to an array (the model); they must agree at every step. */
  function check(ops: Op[]): void {
    const d = new Deque<number>();
    const model: number[] = [];
    for (const o of ops) {
      switch (o.op) {
        case 'push':
          d.push(o.value);
          model.push(o.value);
          break;
        case 'unshift':
          d.unshift(o.value);
          model.unshift(o.value);
          break;
        case 'shift':
          expect(d.shift()).toBe(model.shift());
          break;
        case 'peek':
          expect(d.peek()).toBe(model[0]);
          break;
        case 'filter': {
          const keep = (n: number) => Math.abs(n) % o.mod !== 0;
          expect(d.filter(keep)).toEqual(model.filter((n) => !keep(n)));
          model.splice(0, model.length, ...model.filter(keep));
          break;
        }
        case 'clear':
          d.clear();
          model.length = 0;
          break;
      }
      expect(d.length).toBe(model.length);
    }
    expect(contents(d)).toEqual(model);
  }

  it('agrees with an array model on seeded random operation sequences', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => check(ops)),
      { seed: 20_240_601, numRuns: 300 },
    );
  });

  it('regression: unshift on an empty deque, then growth across the wrap', () => {
    const ops: Op[] = [{ op: 'unshift', value: 1 }];
    for (let i = 2; i <= 40; i++) ops.push({ op: 'push', value: i });
    ops.push({ op: 'shift' }, { op: 'unshift', value: 0 }, { op: 'filter', mod: 2 });
    check(ops);
  });

  it('gives memory back once a large backlog has drained', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 10_000; i++) d.push(i);
    expect(d.capacity).toBe(16_384);
    for (let i = 0; i < 9_990; i++) expect(d.shift()).toBe(i);
    expect(d.capacity).toBeLessThanOrEqual(64);
    expect([...d]).toEqual([9990, 9991, 9992, 9993, 9994, 9995, 9996, 9997, 9998, 9999]);
    d.push(1);
    expect(d.length).toBe(11);
  });

  it('keeps a shared tally of the items in every deque that shares it', () => {
    const tally = { count: 0 };
    const a = new Deque<number>(tally);
    const b = new Deque<number>(tally);
    for (let i = 0; i < 100; i++) a.push(i);
    b.push(1);
    b.unshift(0);
    expect(tally.count).toBe(102);
    a.shift();
    a.filter((n) => n % 2 === 0);
    expect(tally.count).toBe(a.length + b.length);
    b.clear();
    expect(tally.count).toBe(a.length);
    while (a.shift() !== undefined);
    a.shift();
    expect(tally.count).toBe(0);
  });
});
