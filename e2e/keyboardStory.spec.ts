import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 16: the seed story from the keyboard alone took 115 Tab presses. With the skip links,
// forms that submit on Enter and "[" / "]" between the clients' cards, it takes a few dozen:
// counted here.

/** The focused element's name, as near as the page can say it, and the card it is in. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    if (!e || e === document.body) return '';
    const label = (e as HTMLInputElement).labels?.[0]?.textContent;
    const name = (e.getAttribute('aria-label') ?? label ?? e.textContent ?? '').trim();
    const card = e.closest('article')?.getAttribute('aria-label');
    return card ? `${name} (${card})` : name;
  });

/**
 * Presses Tab (or Shift+Tab) until the focused element is `name` (in `card`, if given);
 * returns the presses.
 */
async function tabTo(page: Page, name: string, card?: string, back = false): Promise<number> {
  const want = card ? `${name} (${card})` : name;
  for (let presses = 1; presses <= 80; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if ((await focused(page)) === want) return presses;
  }
  throw new Error(`"${want}" not reached in 80 presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

test('the seed story from the keyboard alone takes a few dozen Tab presses', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  let tabs = 0;
  const enter = () => page.keyboard.press('Enter');

  // The skip links come first: straight to the clients.
  tabs += await tabTo(page, 'Skip to the clients');
  await enter();
  tabs += await tabTo(page, 'Client id', undefined);
  // The form suggests A (persistent) first, then B (clean, the publisher): Enter adds each.
  await expect(page.getByLabel('Client id')).toHaveValue('A');
  await enter();
  await expect(lab.client('A').root).toBeVisible();
  await expect(page.getByLabel('Client id')).toHaveValue('B');
  await expect(page.getByLabel('Client id')).toBeFocused();
  await enter();
  await expect(lab.client('B').root).toBeVisible();

  tabs += await tabTo(page, 'Connect', 'Client A');
  await enter();
  await expect(lab.client('A').status()).toHaveText('connected');
  tabs += await tabTo(page, 'Subscribe', 'Client A');
  await enter(); // t/# at QoS 1, the form's defaults
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('t/#');
  tabs += await tabTo(page, 'Disconnect', 'Client A', true);
  await enter();
  await expect(lab.client('A').status()).toHaveText('offline');

  // "]" goes to the next client's card (its Connect button).
  await page.keyboard.press(']');
  await expect(
    lab.client('B').root.getByRole('button', { name: 'Connect', exact: true }),
  ).toBeFocused();
  await enter();
  await expect(lab.client('B').status()).toHaveText('connected');
  tabs += await tabTo(page, 'Publish burst', 'Client B');
  await enter(); // 30 QoS 1 messages on t/x, the form's defaults
  await expect(lab.session('A').getByTestId('stored-count')).toHaveText('30');

  await page.keyboard.press('[');
  await expect(
    lab.client('A').root.getByRole('button', { name: 'Connect', exact: true }),
  ).toBeFocused();
  await enter();
  await expect(lab.client('A').receivedCount()).toHaveText('30', { timeout: 15_000 });
  await expect(lab.client('A').sessionPresent()).toHaveText('sessionPresent=1');

  // It took 115 before; a few dozen is the goal.
  expect(tabs).toBeLessThanOrEqual(40);
  test.info().annotations.push({ type: 'Tab presses', description: String(tabs) });
  console.log(`the seed story from the keyboard: ${tabs} Tab presses`);
});
