import react from '@vitejs/plugin-react';
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

// mqtt-packet needs no alias, define or optimizeDeps entry: Vite resolves its Node imports
// ('buffer', 'events', and 'process/' via bl -> readable-stream) to the npm polyfills of the
// same names. That only works while those packages are installed, which is why `buffer`,
// `events` and `process` are pinned dependencies; without them Vite substitutes an empty
// module and the codec fails at run time.
export default defineConfig({
  // Relative asset URLs, so the built site works from any sub-path.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: 'dist',
  },
  worker: {
    // Module workers, so a worker can share chunks with the page (the default 'iife' cannot).
    format: 'es',
  },
  test: {
    include: ['app/**/*.test.ts', 'app/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
