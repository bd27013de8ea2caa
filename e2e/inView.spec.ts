import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground, type ClientCard } from './playground';

// Issue 14: a canvas scrolled out of view is not drawn (unless a video records it); it draws at
// once when seen again.

const stageDraws = (page: Page) =>
  page.evaluate(() => (window as unknown as { __stageDraws: number[] }).__stageDraws.length);

/**
 * A subscribed and B connected, at 1280×720, with the stage noting its draws (as for
 * bench:page); `beforeBurst` runs with the stage in view. Then B's burst of 1,000 at 100 a
 * second: tokens fly for ten seconds, and clicking B's button scrolls the stage out of view.
 */
async function burstBelowTheStage(
  page: Page,
  beforeBurst: () => Promise<void> = async () => {},
): Promise<ClientCard> {
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
  await beforeBurst();
  await b.burst({ topic: 't/x', payload: 'm', qos: 1, count: 1_000, rate: 100 });
  await expect(page.getByRole('region', { name: 'Stage', exact: true })).not.toBeInViewport();
  await expect(a.receivedCount()).not.toHaveText('0');
  return a;
}

test('the stage is not drawn while scrolled away during a burst, and draws when seen again', async ({
  page,
}) => {
  const a = await burstBelowTheStage(page);
  const before = await stageDraws(page);
  await page.waitForTimeout(600);
  const received = Number((await a.receivedCount().textContent())?.replace(/\D/g, ''));
  expect(received).toBeLessThan(1_000);
  expect(await stageDraws(page)).toBe(before);
  // Back at the top: the stage draws the burst still going on.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => stageDraws(page)).toBeGreaterThan(before + 5);
});

test('while a video records, the stage is drawn even scrolled out of view', async ({ page }) => {
  await burstBelowTheStage(page, async () => {
    await page.getByRole('button', { name: '● Video' }).click();
    await expect(page.getByRole('button', { name: '■ Stop video' })).toBeVisible();
  });
  const before = await stageDraws(page);
  await page.waitForTimeout(600);
  expect(await stageDraws(page)).toBeGreaterThan(before + 5);
});

test('out of view the timeline keeps its height: nothing below it moves as it scrolls into view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const playground = new Playground(page);
  await playground.open();
  // Clients added and connected down in their panel: two more lanes while the timeline is away.
  for (const id of ['A', 'B', 'C']) await (await playground.addClient(id)).connect();
  await playground.client('C').root.scrollIntoViewIfNeeded();
  const timeline = page.getByRole('img', { name: /^Timeline of the run/ });
  await expect(timeline).not.toBeInViewport();
  const summary = page.getByText('The timeline as text');
  const top = () => summary.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  const before = await top();
  await summary.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  expect(await top()).toBe(before);
});
