import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Shows `element` full screen while `on` (the Fullscreen API, where the browser allows it; the
 * presenter layout fills the window either way). Leaving full screen (Esc) calls `onExit`.
 */
export function useFullscreen(
  element: RefObject<HTMLElement | null>,
  on: boolean,
  onExit: () => void,
): void {
  const exit = useRef(onExit);
  useLayoutEffect(() => {
    exit.current = onExit;
  });
  useEffect(() => {
    const el = element.current;
    if (!on || !el || typeof el.requestFullscreen !== 'function') return;
    if (document.fullscreenElement !== el) {
      // Refused without a user's gesture, in an iframe without allowfullscreen, or headless.
      el.requestFullscreen().catch(() => {});
    }
    const onChange = () => {
      if (document.fullscreenElement === null) exit.current();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement === el) void document.exitFullscreen().catch(() => {});
    };
  }, [element, on]);
}
