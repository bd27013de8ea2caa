import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * Shows the page full screen while `on` (the Fullscreen API, where the browser allows it: not
 * without a person's gesture, nor in an iframe without `allow="fullscreen"`); the presenter
 * layout fills the window either way. Leaving full screen (Esc) calls `onExit`.
 */
export function useFullscreen(on: boolean, onExit: () => void): void {
  const exit = useRef(onExit);
  useLayoutEffect(() => {
    exit.current = onExit;
  });
  useEffect(() => {
    const root = document.documentElement;
    if (!on || typeof root.requestFullscreen !== 'function') return;
    if (document.fullscreenElement !== root) root.requestFullscreen().catch(() => {});
    const onChange = () => {
      if (document.fullscreenElement === null) exit.current();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement === root) void document.exitFullscreen().catch(() => {});
    };
  }, [on]);
}
