import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { watchInView } from './inView';

/** How often a card out of view is brought up to date while what it shows keeps changing. */
export const OFFSCREEN_EVERY_MS = 500;

/**
 * `value` while the element given to the returned ref is on screen (or near it); while it is
 * not, the value it had, brought up to date at most every `ms` when it changed (by `same`; the
 * latest always arrives). A
 * card scrolled out of view in a burst to fifty clients is then rendered twice a second instead
 * of at every flush (its memoised children not at all in between); seen again, it shows the
 * latest value at once.
 */
export function useLaggedOffscreen<T>(
  value: T,
  same: (a: T, b: T) => boolean = Object.is,
  ms = OFFSCREEN_EVERY_MS,
): [ref: (el: Element | null) => void, shown: T] {
  const [el, setEl] = useState<Element | null>(null);
  const latest = useRef(value);
  // Before the browser paints (and an observer could tell the element left): what is held is
  // then what was shown.
  useLayoutEffect(() => {
    latest.current = value;
  });
  const [held, setHeld] = useState<{ value: T; at: number } | null>(null);
  useEffect(() => {
    if (!el) return;
    const view = watchInView(el, (seen) =>
      setHeld(seen ? null : { value: latest.current, at: performance.now() }),
    );
    return () => {
      view.disconnect();
      setHeld(null);
    };
  }, [el]);
  useEffect(() => {
    if (!held || same(held.value, value)) return;
    // A transition: the cards out of view that catch up together render in slices of a few
    // milliseconds between frames, not in one task that holds a frame back.
    const timer = setTimeout(
      () => startTransition(() => setHeld({ value: latest.current, at: performance.now() })),
      Math.max(0, held.at + ms - performance.now()),
    );
    return () => clearTimeout(timer);
  }, [held, value, same, ms]);
  return [setEl, held ? held.value : value];
}
