import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `condition` until it holds; fails after a bounded wait, naming what it waited for. */
export async function waitFor(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
}
