import { expect, test } from './fixtures';
import { Playground } from './playground';

// Parts loaded when first used (the charts, the inspector) may fail to load: the site was
// published again while the page was open, or the network went. The page says so in their
// place and keeps everything else.

test('a part that cannot be loaded says so in its place; the playground stays', async ({
  page,
}) => {
  await page.route(/\/assets\/(Charts|Inspector)-[^/]+\.js$/, (route) => route.abort());
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  await a.connect();
  await expect(page.getByText(/The charts could not be loaded/)).toBeVisible();
  // Everything else goes on: the client is connected and can subscribe.
  await expect(a.status()).toHaveText('connected');
  await a.subscribe('t/#', 1);
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('t/#');
  await expect(page.getByRole('heading', { name: 'Clients' })).toBeVisible();
});

test('the form choosing a remote broker, when it cannot be loaded, says so; the page stays', async ({
  page,
}) => {
  await page.route(/\/assets\/BrokerBar-[^/]+\.js$/, (route) => route.abort());
  const lab = new Playground(page);
  await lab.open();
  await page.getByRole('combobox', { name: 'Broker profile' }).selectOption({ label: 'Remote…' });
  await expect(
    page.getByText(/The form choosing a remote broker could not be loaded/),
  ).toBeVisible();
  // The rest of the page is still there and works: a client connects to the in-page broker.
  await expect(page.getByRole('heading', { name: 'Clients' })).toBeVisible();
  const a = await lab.addClient('A');
  await a.connect();
  await expect(a.sessionPresent()).toHaveText('sessionPresent=0');
});

test('the remote broker part, when it cannot be loaded, leaves a message, not a blank page', async ({
  page,
}) => {
  await page.route(/\/assets\/remotePort-[^/]+\.js$/, (route) => route.abort());
  await page.goto(`./?broker=${encodeURIComponent('ws://127.0.0.1:9/mqtt')}`);
  await expect(page.locator('#root')).toContainText(
    'The page could not start on its remote broker',
  );
  await expect(page.locator('#root')).toContainText('open the page without ?broker=');
});
