import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 16, "first visit": what a newcomer sees must not alarm or mislead.

test('the add form suggests A persistent and B clean, as its hint says', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  await expect(
    page.getByText('A to subscribe (it keeps a persistent session), B to publish'),
  ).toBeVisible();
  const form = page.getByRole('form', { name: 'Add a client' });
  const clean = form.getByRole('checkbox', { name: 'cleanSession' });
  await expect(form.getByLabel('Client id')).toHaveValue('A');
  await expect(clean).not.toBeChecked();
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(form.getByLabel('Client id')).toHaveValue('B');
  await expect(clean).toBeChecked();
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(lab.client('A').root).toContainText('cleanSession=0');
  await expect(lab.client('B').root).toContainText('cleanSession=1');
  // Past B the form's own default again: persistent.
  await expect(form.getByLabel('Client id')).toHaveValue('C');
  await expect(clean).not.toBeChecked();
});

test('sessionPresent=0 is neutral on a first connection and amber where a session was lost', async ({
  page,
}) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  await a.connect();
  await expect(a.sessionPresent()).toHaveText('sessionPresent=0');
  await expect(a.sessionPresent()).toHaveClass(/pill-neutral/);
  await expect(lab.session('A').getByTestId('session-present')).toHaveClass(/pill-neutral/);

  // The expiry while A is away: a countdown, and the clock time said as one.
  await a.disconnect();
  await expect(lab.session('A').getByTestId('expiry')).toHaveText(
    /^Expires in 1 h \d+ min \(at 1:\d\d:\d\d\.\d on the simulated clock: the nominal expiry, 1:00:0\d\.\d, plus an extra delay of \d+ min \d+ s\)$/,
  );

  // The MQTT 5 trap: Clean Start=0 without a Session Expiry Interval. The session ends with the
  // connection, and the next CONNACK's sessionPresent=0 is a session lost.
  const form = page.getByRole('form', { name: 'Add a client' });
  await form.getByLabel('Client id').fill('T');
  await form.getByRole('combobox', { name: 'MQTT version' }).selectOption({ label: '5.0' });
  await form.getByRole('checkbox', { name: 'Clean Start' }).setChecked(false);
  await form.getByLabel('Session Expiry (s)').fill('0');
  await form.getByRole('button', { name: 'Add client' }).click();
  const t = lab.client('T');
  await t.connect();
  await expect(t.sessionPresent()).toHaveClass(/pill-neutral/);
  await t.disconnect();
  await t.connect();
  await expect(t.sessionPresent()).toHaveText('sessionPresent=0: session lost');
  await expect(t.sessionPresent()).toHaveClass(/pill-lost/);
  await expect(lab.session('T').getByTestId('session-present')).toHaveText(
    'CONNACK sessionPresent=0: session lost',
  );
  await lab.shot('first-visit-session-lost');
});
