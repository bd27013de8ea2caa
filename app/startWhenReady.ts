/**
 * Starts the page once its port is ready (the remote broker's, loaded in a chunk of its own).
 * Whatever fails on the way, loading the chunk or `start` itself, is said in `root` in plain
 * words: a rejection handler given to `then` beside `start` does not see a throw inside it, and
 * the page stayed blank.
 */
export function startWhenReady<P>(
  ready: Promise<P>,
  start: (port: P) => void,
  root: Pick<HTMLElement, 'textContent'>,
  failed: (error: unknown) => string,
): Promise<void> {
  return ready.then(start).catch((error: unknown) => {
    root.textContent = failed(error);
  });
}
