import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 16: the timeline's window while the run goes on.

/** "h:mm:ss.t" → ms. */
const ms = (text: string) => {
  const [h, m, s] = text.trim().replace('−', '-').split(':');
  const sign = h!.startsWith('-') ? -1 : 1;
  return sign * ((Math.abs(Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000;
};

/** The timeline's window, [from, to] in ms, as it says above the lanes. */
async function window(page: Page): Promise<[number, number]> {
  const text = await page.getByTestId('timeline-window').textContent();
  const [from, to] = text!.split('–');
  return [ms(from!), ms(to!)];
}

const simNow = async (page: Page) =>
  ms((await page.getByTestId('sim-time').textContent())!.replace('sim', ''));

test('zooming while following now keeps following, around now', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  await a.connect();
  await lab.speed(10);
  // Past the first minute, so that following slides the window.
  await expect.poll(() => simNow(page), { timeout: 20_000 }).toBeGreaterThan(70_000);
  const follow = page.getByRole('checkbox', { name: 'Follow now' });
  await expect(follow).toBeChecked();

  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(follow).toBeChecked();
  const [from, to] = await window(page);
  expect(to - from).toBeLessThan(16_000);
  // Now stays in the window as time runs on: the lanes are not left empty.
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(700);
    // Both read in one go: at 10×, a second between two reads on a loaded machine is 10 s.
    const [f, t, now] = await page
      .evaluate(() =>
        [
          document.querySelector('[data-testid="timeline-window"]')!.textContent!,
          document.querySelector('[data-testid="sim-time"]')!.textContent!,
        ].join('–'),
      )
      .then((text) => {
        const [from, to, sim] = text.split('–');
        return [ms(from!), ms(to!), ms(sim!.replace('sim', ''))];
      });
    expect(now).toBeGreaterThanOrEqual(f!);
    // The window and the clock's label render on their own frames: allow a frame or two.
    expect(now).toBeLessThanOrEqual(t! + 2_000);
  }
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect(follow).toBeChecked();
});

test('after a lesson step, the window shows the whole run, an hour and more', async ({ page }) => {
  await new Playground(page).open();
  const select = page.getByRole('combobox', { name: 'Lesson' });
  const value = await select.locator('option', { hasText: /Session expiry/ }).getAttribute('value');
  await select.selectOption(value!);
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(page.getByTestId('verdicts')).toContainText('passed', { timeout: 30_000 });
  const [from, to] = await window(page);
  // The run: from 0 to A's return after the expiry (1 h and up to 30 min).
  expect(from).toBeLessThanOrEqual(0);
  expect(to).toBeGreaterThanOrEqual(await simNow(page));
  expect(to - from).toBeGreaterThan(3_600_000);
});
