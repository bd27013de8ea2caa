import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 16, item 9: the keyboard's way through the timeline's charts and a client's buttons.

/** Tabs from `start` `presses` times; the focused element after each press. */
async function tabStops(page: Page, presses: number) {
  const stops: { inCharts: boolean; what: string }[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const e = document.activeElement!;
        return { inCharts: !!e.closest('.charts'), what: `${e.tagName} ${e.textContent ?? ''}` };
      }),
    );
  }
  return stops;
}

test('the charts take no Tab stop, and say in words what they show', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  await lab.storedAndReplayed(3);
  await page.getByText('The timeline as text').focus();
  const stops = await tabStops(page, 6);
  expect(stops.filter((s) => s.inCharts)).toEqual([]);
  // Past the charts, Tab reaches the clients' form.
  expect(stops.some((s) => s.what.startsWith('INPUT'))).toBe(true);
  const stored = page.getByTestId('chart-stored');
  await expect(stored.getByTestId('chart-summary')).toContainText(
    /Stored messages per session, .* highest per client: A: 3 at/,
  );
  await expect(stored).toHaveAccessibleDescription(/highest per client: A: 3/);
});

test('focus stays on the pair when Connect or Disconnect turns off', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  const connect = a.root.getByRole('button', { name: 'Connect', exact: true });
  const disconnect = a.root.getByRole('button', { name: 'Disconnect', exact: true });
  await connect.focus();
  await page.keyboard.press('Enter');
  await expect(a.status()).toHaveText('connected');
  await expect(disconnect).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(a.status()).toHaveText('offline');
  await expect(connect).toBeFocused();
  // Drop too hands focus back to Connect.
  await page.keyboard.press('Enter');
  await expect(disconnect).toBeFocused();
  const drop = a.root.getByRole('button', { name: 'Drop', exact: true });
  await drop.focus();
  await page.keyboard.press('Enter');
  await expect(a.status()).toHaveText('offline');
  await expect(connect).toBeFocused();
  await expect(disconnect).toBeDisabled();
});
