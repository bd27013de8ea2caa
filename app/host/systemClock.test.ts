import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSystemClock } from './systemClock';
import { waitFor } from './testing/waitFor';

describe('createSystemClock: the broker clock in real time', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts at 0 and follows real time', async () => {
    const clock = createSystemClock();
    const start = clock.now();
    expect(start).toBeGreaterThanOrEqual(0);
    expect(start).toBeLessThan(50);
    await sleep(30);
    expect(clock.now() - start).toBeGreaterThanOrEqual(29);
  });

  it('reads the time once per turn of the event loop: constant within a turn, fresh in the next', async () => {
    const clock = createSystemClock();
    const first = clock.now();
    const spinUntil = performance.now() + 5;
    while (performance.now() < spinUntil);
    expect(clock.now()).toBe(first);
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.now()).toBeGreaterThanOrEqual(first + 5);
  });

  it('fires timers in order, never before their time as now() sees it', async () => {
    const clock = createSystemClock();
    const fired: [string, number, number][] = [];
    const arm = (name: string, delay: number) => {
      const due = clock.now() + delay;
      clock.setTimeout(() => fired.push([name, clock.now(), due]), delay, 'replay');
    };
    arm('b', 40);
    arm('a', 10);
    arm('zero', 0);
    arm('negative', -5);
    expect(clock.pending()).toBe(4);
    await waitFor(() => fired.length === 4, 'the four timers');
    expect(fired.map(([name]) => name)).toEqual(['zero', 'negative', 'a', 'b']);
    for (const [, firedAt, due] of fired) expect(firedAt).toBeGreaterThanOrEqual(due);
    expect(clock.pending()).toBe(0);
  });

  it('clearTimeout cancels one timer; dispose cancels them all', async () => {
    const clock = createSystemClock();
    const fired: string[] = [];
    const cancelled = clock.setTimeout(() => fired.push('cancelled'), 5);
    clock.setTimeout(() => fired.push('kept'), 10);
    clock.clearTimeout(cancelled);
    clock.clearTimeout(undefined);
    clock.clearTimeout(12345);
    await waitFor(() => fired.length === 1, 'the kept timer');
    clock.setTimeout(() => fired.push('disposed'), 5);
    clock.setTimeout(() => fired.push('disposed too'), 3_600_000);
    expect(clock.pending()).toBe(2);
    clock.dispose();
    expect(clock.pending()).toBe(0);
    await sleep(20);
    expect(fired).toEqual(['kept']);
  });

  it('a delay longer than Node timers allow (2^31 ms, about 24.8 days) waits its full length', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const clock = createSystemClock();
    const fired: number[] = [];
    const days40 = 40 * 24 * 3600 * 1000;
    clock.setTimeout(() => fired.push(clock.now()), days40, 'session-expiry');
    vi.advanceTimersByTime(2 ** 31);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(days40 - 2 ** 31 - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([days40]);
  });
});
