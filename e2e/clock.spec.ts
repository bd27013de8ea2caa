import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 16: Next event after a silent drop, and where the clock says it found nothing.

test('Next event after Drop silently goes to the keep-alive timeout; "nothing ahead" is said beside it', async ({
  page,
}) => {
  const lab = new Playground(page);
  await lab.open();
  const clock = page.getByRole('region', { name: 'Simulated clock' });
  const next = clock.getByRole('button', { name: 'Next event ⇥' });

  // Nothing timed yet: the answer is beside the button, not in the notice bar at the top.
  await next.click();
  await expect(clock.getByTestId('clock-note')).toHaveText(/Nothing timed is ahead/);
  await expect(page.locator('.notice')).toHaveCount(0);

  const a = await lab.addClient('A');
  await a.connect();
  await a.drop(true);
  await next.click();
  await expect(clock.getByTestId('clock-note')).toHaveText('');
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('client away');
  await page.getByText('The timeline as text').click();
  await expect(
    page.locator('[data-testid="lane-text"][data-lane="A"] [data-kind="timeout"]'),
  ).toHaveCount(1);
  await expect(page.getByTestId('sim-time')).toContainText('0:01:3');
});
