import { startTransition, useEffect, useRef, useState } from 'react';

/**
 * A value that follows `value` at most every `ms` milliseconds (the last one always arrives).
 * For views that are costly to render and need not move every frame, like the charts while
 * the timeline follows a clock running at 3600×.
 */
export function useThrottled<T>(value: T, ms: number, same: (a: T, b: T) => boolean): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (same(value, shown)) return;
    const wait = Math.max(0, last.current + ms - performance.now());
    const timer = setTimeout(() => {
      last.current = performance.now();
      // A transition: what follows slowly need not take a frame all at once.
      startTransition(() => setShown(value));
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms, same]);
  return shown;
}
