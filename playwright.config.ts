import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, findChromium } from './e2e/chromium';
import { e2ePort } from './e2e/freePort';

/** A free port, so that two runs (or another server) on one machine do not clash. */
const port = e2ePort();
/** The site is served from a sub-path, as a project site on GitHub Pages is. */
const base = '/mqtt-session-lab/';

export default defineConfig({
  testDir: 'e2e',
  // Two cores: one browser at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // Two cores, a broker worker and real clients per page: waits are for conditions, given room.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}${base}`,
    headless: true,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: findChromium(), args: chromiumArgs },
      },
    },
  ],
  // The tests run against the built site (`npm run test:e2e` builds it first), served as
  // plain files from a sub-path by e2e/serve.ts.
  webServer: {
    command: `npx tsx e2e/serve.ts ${port} ${base}`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
