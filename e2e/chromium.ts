import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Chromium flags for a closed network: no background requests, no sandbox (CI runs as root). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const systemChromium = '/usr/bin/chromium';

/** Where one can come from, for the error message. */
const howToGetOne =
  'No Chromium found. Install one with `npx playwright install chromium` or ' +
  '`apt-get install chromium`, or set CHROMIUM_PATH.';

/**
 * The Chromium binary the browser tests drive: CHROMIUM_PATH if set, else the one Playwright
 * installed, else Debian's. Throws when none exists rather than letting Playwright try to
 * download one, which fails on a machine without internet.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file exists there.`);
    }
    return fromEnv;
  }

  const playwrights = playwrightChromium();
  if (playwrights && existsSync(playwrights)) return playwrights;

  if (existsSync(systemChromium)) return systemChromium;

  throw new Error(howToGetOne);
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    // Playwright throws when its browser registry has no entry for this platform.
    return undefined;
  }
}
