import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// mqtt-packet needs no alias, define or optimizeDeps entry: Vite resolves its Node imports
// ('buffer', 'events', and 'process/' via bl -> readable-stream) to the npm polyfills of the
// same names. That only works while those packages are installed, which is why `buffer`,
// `events` and `process` are pinned dependencies; without them Vite substitutes an empty
// module and the codec fails at run time.
export default defineConfig({
  // Relative asset URLs, so the built site works from any sub-path.
  base: './',
  plugins: [react()],
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
