/**
 * `process` as the browser build gives it to the Node-style modules it bundles (readable-stream,
 * mqtt.js, mqtt-packet): what they read of it, and no more.
 *
 * `nextTick` is a microtask, which is what Node's is: it runs before the event loop goes on.
 * The npm polyfill's `setTimeout` made every step of a stream and every packet mqtt.js handles
 * after the first of a chunk a task of its own (at least 4 ms apart once nested): a chunk of
 * packets handed to a client was finished only many tasks later, out of reach of the page's
 * frame budget.
 */
function nextTick(fn: (...args: unknown[]) => void, ...args: unknown[]): void {
  queueMicrotask(() => fn(...args));
}

const browserProcess = {
  nextTick,
  env: {} as Record<string, string | undefined>,
  browser: true,
  // Empty: process-nextick-args then uses its own nextTick, which calls this one.
  version: '',
  versions: {} as Record<string, string>,
  platform: 'browser',
  argv: [] as string[],
  cwd: () => '/',
  emitWarning: (warning: unknown) => console.warn(warning),
};

export default browserProcess;
export { nextTick };
