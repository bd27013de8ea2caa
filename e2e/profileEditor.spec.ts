import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 16, item 7: the profile figures.

test('the figures: a dialog that closes with Escape or a click outside, Apply in sight at 720 px, errors in the words of the hints', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).open();
  const figures = page.getByRole('button', { name: 'Figures' });
  const dialog = page.getByRole('dialog', { name: /figures/ });

  await figures.click();
  await expect(dialog).toBeVisible();
  // Apply is in sight without scrolling anything.
  await expect(dialog.getByRole('button', { name: 'Apply and restart' })).toBeInViewport({
    ratio: 1,
  });
  // A figure it cannot take: the message is beside the field, and says what its hint says.
  const rate = dialog.getByRole('textbox', { name: 'Replay rate' });
  await expect(dialog.getByText('msg/s (0 = unpaced)')).toBeVisible();
  await rate.fill('fast');
  await dialog.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(rate).toHaveAttribute('aria-invalid', 'true');
  await expect(rate).toBeFocused();
  const error = dialog.getByRole('alert').filter({ hasText: 'Replay rate' });
  await expect(error).toHaveText('Replay rate: a number of msg/s, 0 or more (0 = unpaced)');
  await expect(dialog).not.toContainText('Infinity');
  await expect(page.getByText(/Broker restarted/)).toHaveCount(0);

  // Escape closes it, and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(figures).toBeFocused();

  // Selecting a figure's text with a drag that ends outside the box does not close it.
  await figures.click();
  await expect(dialog).toBeVisible();
  const box = (await rate.boundingBox())!;
  await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(10, 700, { steps: 4 });
  await page.mouse.up();
  await expect(dialog).toBeVisible();

  // A click outside closes it.
  await page.mouse.click(10, 700);
  await expect(dialog).toHaveCount(0);

  // A good figure applies.
  await figures.click();
  await dialog.getByRole('textbox', { name: 'Replay rate' }).fill('0');
  await dialog.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page.getByText(/Broker restarted/)).toBeVisible();
  await expect(figures).toHaveText('Figures (1 changed)');
});
