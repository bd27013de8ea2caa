import type { RootOptions } from 'react-dom/client';

/**
 * The root's options that say an uncaught error in plain words in `root`: React 19 unmounts the
 * whole tree on an error no boundary catches, and the page went blank with nothing to tell the
 * visitor what happened. React calls `onUncaughtError` after the tree is gone, so the text stays.
 * Kept tiny: it is on the first load, which is at its budget.
 */
export function whenRenderFails(
  root: Pick<HTMLElement, 'textContent' | 'setAttribute'>,
): RootOptions {
  return {
    onUncaughtError(error, info) {
      console.error(error, info.componentStack);
      const what = error instanceof Error ? `${error.name}: ${error.message}` : 'an unknown error';
      root.setAttribute('role', 'alert');
      root.textContent = `The page stopped on an error (${what}). Reload the page to start again.`;
    },
  };
}
