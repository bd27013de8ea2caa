import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The built page may run only its own scripts and workers, load only its own styles and images,
 * and send nothing anywhere but to a broker over WebSocket: no eval, no inline script, no fetch.
 * Even that is narrowed at start-up, before anything connects, by a second policy the page adds
 * (app/remote/page/choice.ts): `connect-src 'none'` for the in-page broker, or the origin of the
 * remote broker the address chooses and nothing else. A <meta> policy cannot be loosened later,
 * only narrowed, which is why this one allows `ws: wss:`. (A <meta> policy, so it holds on any
 * static host; the dev server, which injects inline scripts, goes without.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  'connect-src ws: wss:',
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

const shim = (file: string) => fileURLToPath(new URL(`app/shims/${file}`, import.meta.url));

/**
 * The browser builds (page and worker) bundle Node-style modules: mqtt.js, mqtt-packet and what
 * they import. Vite resolves their `buffer` and `events` to the npm polyfills of those names (the
 * pinned dependencies `buffer` and `events`: without them it puts in an empty module and the
 * codec fails at run time). Four more are put in place here (see each file in app/shims):
 * - `mqtt`: mqtt.js's own modules instead of its browser bundle, which brings a second copy of
 *   every polyfill;
 * - `process`: `nextTick` as a microtask, as in Node (the npm polyfill's is a timer), given to
 *   the modules that read the global `process` too;
 * - `debug`: off, as it is unless a developer asks (mqtt-packet calls it for every packet);
 * - `bl`: mqtt-packet's parser uses only its BufferList, not the stream around it (which brought
 *   readable-stream into the worker).
 * Node (the unit tests, the host, the scripts) uses the real modules.
 */
const browserModules = {
  alias: [
    { find: /^mqtt$/, replacement: shim('mqtt.ts') },
    { find: /^process\/?$/, replacement: shim('process.ts') },
    { find: /^debug$/, replacement: shim('debug.cjs') },
    { find: /^bl$/, replacement: 'bl/BufferList.js' },
  ],
};
const injectGlobals = {
  transform: {
    inject: { process: shim('process.ts'), Buffer: ['buffer', 'Buffer'] as [string, string] },
  },
};

export default defineConfig({
  // Relative asset URLs, so the built site works from any sub-path.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  // Not under Vitest: the unit tests run the Node modules, as the host does.
  ...(process.env.VITEST ? {} : { resolve: browserModules }),
  build: {
    outDir: 'dist',
    rolldownOptions: {
      ...injectGlobals,
      // Everything the first visit loads in one chunk. Left to itself the bundler splits each
      // module the first screen shares with a lazy part (the remote broker, the check, the
      // inspector) into a chunk of its own: 16 small files whose gzip overheads alone cost
      // about 5 KB of the 250 KB budget (npm run check:size).
      output: { codeSplitting: { groups: [{ name: 'first', tags: ['$initial'] }] } },
    },
  },
  worker: {
    // Module workers, so a worker can share chunks with the page (the default 'iife' cannot).
    format: 'es',
    rolldownOptions: injectGlobals,
  },
  optimizeDeps: { rolldownOptions: injectGlobals },
  test: {
    include: ['app/**/*.test.ts', 'app/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
