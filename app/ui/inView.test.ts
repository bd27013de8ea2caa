import { afterEach, describe, expect, it } from 'vitest';
import { watchInView } from './inView';

type Callback = (entries: { isIntersecting: boolean }[]) => void;

/** An IntersectionObserver the test moves the page for. */
class FakeObserver {
  static last: FakeObserver | undefined;
  observed: unknown[] = [];
  disconnected = false;
  constructor(
    readonly callback: Callback,
    readonly options: { rootMargin?: string },
  ) {
    FakeObserver.last = this;
  }
  observe(el: unknown): void {
    this.observed.push(el);
  }
  disconnect(): void {
    this.disconnected = true;
  }
}

const globals = globalThis as { IntersectionObserver?: unknown };
afterEach(() => {
  delete globals.IntersectionObserver;
});

describe('watchInView', () => {
  it('counts an element as seen until the observer says it left, and tells each change', () => {
    globals.IntersectionObserver = FakeObserver;
    const told: boolean[] = [];
    const el = {} as Element;
    const view = watchInView(el, (seen) => told.push(seen));
    const observer = FakeObserver.last!;
    expect(observer.observed).toEqual([el]);
    expect(observer.options.rootMargin).toBe('200px');
    expect(view.seen).toBe(true);
    observer.callback([{ isIntersecting: false }]);
    expect(view.seen).toBe(false);
    expect(told).toEqual([false]);
    // Several entries at once: the last one says where it is now.
    observer.callback([{ isIntersecting: false }, { isIntersecting: true }]);
    expect(view.seen).toBe(true);
    expect(told).toEqual([false, true]);
    observer.callback([{ isIntersecting: true }]);
    expect(told).toEqual([false, true]);
    view.disconnect();
    expect(observer.disconnected).toBe(true);
  });

  it('without IntersectionObserver, everything counts as seen', () => {
    const view = watchInView({} as Element, () => {});
    expect(view.seen).toBe(true);
  });
});
