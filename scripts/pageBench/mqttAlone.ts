import type { Browser } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveSites } from '../staticSites';
import type { MqttAlone } from './mqttAlone/main';

/** What the page puts on `window`. */
type AloneWindow = { mqttAlone?: MqttAlone };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The ceiling of the page's burst: mqtt.js alone (mqttAlone/main.ts), built with the page's own
 * configuration (its mqtt.js, shims and polyfills), in this browser. Each burst's deliveries per
 * second: the first of a fresh page (as the page's burst is: its code not yet optimised), and the
 * last of `bursts` in one page, once the engine has optimised mqtt.js's code.
 */
export async function mqttAloneRates(
  browser: Browser,
  count: number,
  runs: number,
  bursts = 5,
): Promise<{ first: number[]; last: number[] }> {
  const outDir = mkdtempSync(join(tmpdir(), 'mqtt-alone-'));
  try {
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      root: join(ROOT, 'scripts/pageBench/mqttAlone'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    const server = await serveSites({ alone: outDir });
    try {
      const first: number[] = [];
      const last: number[] = [];
      for (let r = 0; r < runs; r++) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(server.url('alone'));
          await page.waitForFunction(() => typeof (window as AloneWindow).mqttAlone === 'function');
          const rates = await page.evaluate(
            ({ n, b }) => (window as AloneWindow).mqttAlone!(n, b),
            {
              n: count,
              b: bursts,
            },
          );
          first.push(rates[0]!);
          last.push(rates.at(-1)!);
        } finally {
          await context.close();
        }
      }
      return { first, last };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
