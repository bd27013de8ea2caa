import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 16, item 10: the layout of a twin's card, a field with an error, the step list.

const box = async (l: Locator) => (await l.boundingBox())!;

test("a twin's card header keeps twin and remove on its first line", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  await a.connect();
  await a.root.getByRole('button', { name: 'twin' }).click();
  const twin = lab.client('A′');
  await twin.connect();
  await expect(twin.sessionPresent()).toBeVisible();
  const name = await box(twin.root.getByRole('heading', { name: 'A′' }));
  const remove = await box(twin.root.getByRole('button', { name: 'Remove client A′' }));
  expect(remove.y).toBeLessThan(name.y + name.height);
  expect(remove.y + remove.height).toBeGreaterThan(name.y);
});

test('a number field with an error keeps its width', async ({ page }) => {
  await new Playground(page).open();
  const form = page.getByRole('form', { name: 'Add a client' });
  const keepAlive = form.getByLabel('Keep-alive (s)');
  const before = await box(keepAlive);
  await keepAlive.fill('abc');
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(keepAlive).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('alert')).toBeVisible();
  expect((await box(keepAlive)).width).toBe(before.width);
});

test('the step list shows whole steps, the next one among them', async ({ page }) => {
  await new Playground(page).open();
  const select = page.getByRole('combobox', { name: 'Lesson' });
  const value = await select.locator('option', { hasText: /backlog/ }).getAttribute('value');
  await select.selectOption(value!);
  const list = page.getByTestId('scenario-steps');
  for (let step = 0; step < 8; step++) {
    // What the list shows: its padding box (overflow is clipped there, not at its border).
    const view = await list.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { y: r.top + el.clientTop, height: el.clientHeight };
    });
    const items = await list.locator('li').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, next: e.getAttribute('data-state') === 'next' };
      }),
    );
    for (const li of items) {
      const inside = li.top >= view.y - 0.5 && li.bottom <= view.y + view.height + 0.5;
      const outside = li.bottom <= view.y + 0.5 || li.top >= view.y + view.height - 0.5;
      expect(inside || outside, `a step cut by the list's edge at step ${step}`).toBe(true);
      if (li.next) expect(inside).toBe(true);
    }
    await page.getByRole('button', { name: 'Next step ▶' }).click();
    await expect(page.getByTestId('scenario-progress')).toHaveText(`step ${step + 1} of 8`, {
      timeout: 30_000,
    });
  }
});
