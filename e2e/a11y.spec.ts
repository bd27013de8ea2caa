import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 16, accessibility: axe-core finds no serious or critical violation in any state a
// person reaches: the first screen, after a lesson, in presenter mode, with the inspector open,
// with a file's errors, with the profile's figures open, and the embedded stage.

/** axe's findings of `serious` or `critical` impact (and the listed moderate ones the issue named). */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const named = new Set(['heading-order', 'aria-allowed-role']);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || named.has(v.id))
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 4)
          .map((n) => n.target.join(' '))
          .join(', ')}${v.nodes.length > 4 ? ` and ${v.nodes.length - 4} other elements` : ''}`,
    );
}

async function openLesson(page: Page, title: RegExp): Promise<void> {
  const select = page.getByRole('combobox', { name: 'Lesson' });
  const value = await select.locator('option', { hasText: title }).getAttribute('value');
  await select.selectOption(value!);
}

test('the first screen', async ({ page }) => {
  await new Playground(page).open();
  expect(await violations(page)).toEqual([]);
});

test('after the seed lesson, with clients, sessions, charts and the step list', async ({
  page,
}) => {
  await new Playground(page).open();
  await openLesson(page, /Persistent session basics/);
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(page.getByTestId('verdicts')).toContainText('passed', { timeout: 30_000 });
  // The received list holds rows now; the timeline's text is open.
  await page.getByText('The timeline as text').click();
  expect(await violations(page)).toEqual([]);
});

test('in presenter mode, mid-lesson', async ({ page }) => {
  await new Playground(page).open();
  await openLesson(page, /Persistent session basics/);
  await page.getByRole('checkbox', { name: 'Presenter' }).check();
  await expect(page.locator('.app.presenter')).toHaveCount(1);
  const progress = page.getByTestId('scenario-progress');
  for (let i = 1; i <= 4; i++) {
    await page.getByRole('button', { name: 'Next step ▶' }).first().click();
    await expect(progress.first()).toHaveText(`step ${i} of 8`);
  }
  expect(await violations(page)).toEqual([]);
});

test('with the inspector open on a packet', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  await lab.storedAndReplayed(3);
  // The timeline's text entries open the inspector too (from the keyboard).
  await page.getByText('The timeline as text').click();
  const entry = page
    .getByTestId('mark-text')
    .getByRole('button', { name: /CONNACK/ })
    .first();
  await entry.click();
  await expect(page.getByTestId('inspector').first()).toContainText('CONNACK');
  expect(await violations(page)).toEqual([]);
});

test("with a scenario file's errors and a bad field", async ({ page }) => {
  await new Playground(page).open();
  await page.getByTestId('scenario-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{\n  "format": "mqtt-session-lab/scenario@1",\n  "title": 7\n}'),
  });
  await expect(page.getByTestId('scenario-problems')).toContainText('title: must be text');
  const form = page.getByRole('form', { name: 'Add a client' });
  await form.getByLabel('Keep-alive (s)').fill('-3');
  expect(await violations(page)).toEqual([]);
});

test("with the profile's figures open", async ({ page }) => {
  await new Playground(page).open();
  await page.getByRole('button', { name: 'Figures' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the embedded stage', async ({ page }) => {
  await page.goto('./#embed&lesson=01');
  await expect(page.getByRole('region', { name: 'Stage' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
