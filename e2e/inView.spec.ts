import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 14: a canvas scrolled out of view is not drawn; it draws at once when seen again.

const stageDraws = (page: Page) =>
  page.evaluate(() => (window as unknown as { __stageDraws: number[] }).__stageDraws.length);

test('the stage is not drawn while scrolled away during a burst, and draws when seen again', async ({
  page,
}) => {
  // The stage notes each of its draws here when the array is there (as for bench:page).
  await page.addInitScript(() => {
    (window as unknown as { __stageDraws: number[] }).__stageDraws = [];
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  const playground = new Playground(page);
  await playground.open();
  const a = await playground.addClient('A');
  const b = await playground.addClient('B');
  await a.connect();
  await b.connect();
  await a.subscribe('t/#');
  await expect(page.getByTestId('subscriptions').first()).toContainText('t/#');
  // 1,000 messages at 100 a second: tokens fly for ten seconds. Clicking B's button scrolls
  // the page down to it, and the stage at its top out of view.
  await b.burst({ topic: 't/x', payload: 'm', qos: 1, count: 1_000, rate: 100 });
  await expect(page.getByRole('region', { name: 'Stage', exact: true })).not.toBeInViewport();
  await expect(a.receivedCount()).not.toHaveText('0');
  const before = await stageDraws(page);
  await page.waitForTimeout(600);
  const received = Number((await a.receivedCount().textContent())?.replace(/\D/g, ''));
  expect(received).toBeLessThan(1_000);
  expect(await stageDraws(page)).toBe(before);
  // Back at the top: the stage draws the burst still going on.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => stageDraws(page)).toBeGreaterThan(before + 5);
});
