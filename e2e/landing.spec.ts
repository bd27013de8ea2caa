import { expect, test } from '@playwright/test';

test('landing page shows the title and the broker profiles', async ({ page }) => {
  await page.goto('./');

  await expect(page).toHaveTitle('MQTT Session Lab');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('MQTT Session Lab');

  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(5);
  const aws = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /aws/ }) });
  await expect(aws).toHaveCount(1);
  await expect(aws.getByRole('cell', { name: '10 msg/s' })).toBeVisible();

  await page.screenshot({ path: 'test-results/landing.png', fullPage: true });
});
