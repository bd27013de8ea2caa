import { expect, test } from './fixtures';
import { Playground } from './playground';

test('unacknowledged messages come again with DUP on resume (standard profile)', async ({
  page,
}) => {
  const lab = new Playground(page);
  await lab.open();
  await lab.profile('MQTT standard');
  const a = await lab.addClient('A');
  const b = await lab.addClient('B');
  await a.connect();
  await a.subscribe('t/#', 1);
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('t/#');
  await a.root.getByRole('checkbox', { name: 'Hold acknowledgements' }).check();
  await b.connect();
  await b.burst({ topic: 't/x', payload: 'u', qos: 1, count: 3 });
  await expect(a.receivedCount()).toHaveText('3');
  await expect(a.root.getByTestId('held-count')).toHaveText('3 held');
  const session = lab.session('A');
  await expect(session.locator('[data-state="in-flight"]')).toHaveCount(3);
  await lab.shot('unacked-1-held');

  await a.drop();
  await expect(session.getByTestId('session-status')).toHaveText('client away');
  await a.root.getByRole('checkbox', { name: 'Hold acknowledgements' }).uncheck();
  await a.connect();
  await expect(a.sessionPresent()).toHaveText('sessionPresent=1');
  await expect(a.receivedCount()).toHaveText('6');
  const again = a.received().filter({ has: page.locator('.flag.dup') });
  await expect(again).toHaveCount(3);
  expect(await again.locator('.payload').allTextContents()).toEqual(['u0', 'u1', 'u2']);
  await expect(session.locator('[data-state="acknowledged"]')).toHaveCount(3);
  await lab.shot('unacked-2-resent');
});

test('a clean session loses the messages sent while it was away', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A', { clean: true });
  const b = await lab.addClient('B');
  await a.connect();
  await a.subscribe('t/#', 1);
  await a.disconnect();
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('discarded');
  await b.connect();
  await b.burst({ topic: 't/x', payload: 'lost', qos: 1, count: 4 });
  await expect(page.getByTestId('totals')).toContainText('4 published');
  await a.connect();
  await expect(a.sessionPresent()).toHaveText('sessionPresent=0');
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('none');
  await expect(a.receivedCount()).toHaveText('0');
});

test('takeover: a second connection with the same client id takes the session', async ({
  page,
}) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  await a.connect();
  await a.subscribe('t/#', 1);
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('t/#');
  // Adding a client with the same id by the form is refused, with the reason next to the field.
  const form = page.getByRole('form', { name: 'Add a client' });
  await form.getByLabel('Client id').fill('A');
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(form.getByRole('alert')).toContainText('already in the playground');
  // A twin is the way to show a second device with the same id.
  await a.root.getByRole('button', { name: 'twin' }).click();
  const twin = lab.client('A′');
  await twin.connect();
  await expect(twin.sessionPresent()).toHaveText('sessionPresent=1');
  await expect(a.status()).toHaveText('offline');
  await expect(lab.session('A').getByTestId('takeover')).toContainText('Taken over once');
  const b = await lab.addClient('B');
  await b.connect();
  await b.burst({ topic: 't/x', payload: 'after', qos: 1, count: 1 });
  await expect(twin.receivedCount()).toHaveText('1');
  await expect(a.receivedCount()).toHaveText('0');
  await lab.shot('takeover');
});

test('a Will is published when the connection is dropped, not on DISCONNECT', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  const watcher = await lab.addClient('W');
  await watcher.connect();
  await watcher.subscribe('status/#', 1);
  const d = await lab.addClient('D', { will: { topic: 'status/D', payload: 'D is gone' } });
  await d.connect();
  await d.disconnect();
  await d.connect();
  await expect(watcher.receivedCount()).toHaveText('0');
  await d.drop();
  await expect(watcher.receivedCount()).toHaveText('1');
  await expect(watcher.received().first()).toContainText('D is gone');
  await lab.shot('will');
});

test('a silent drop is noticed by the broker only at 1.5 × keep-alive', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  await a.connect();
  await a.drop(true);
  // The broker still thinks A is there until 90 s of simulated time have passed.
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('connected');
  await lab.speed(600);
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('client away', {
    timeout: 10_000,
  });
  await expect(lab.session('A').getByTestId('expiry')).toContainText('Expires in');
});

test('bad input gets a message next to the field and nothing is lost', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  await a.connect();
  const sub = a.root.getByRole('form', { name: /^Subscribe/ });
  await sub.getByLabel('Topic filter').fill('a/#/b');
  await sub.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(sub.getByRole('alert')).toContainText("'#' must be the last level");
  const pub = a.root.getByRole('form', { name: /^Publish/ });
  await pub.getByLabel('Publish topic').fill('');
  await pub.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(pub.getByRole('alert').first()).toContainText('topic name is empty');
  await pub.getByLabel('Publish topic').fill('t/x');
  await pub.getByRole('combobox', { name: 'Payload format' }).selectOption('json');
  await pub.getByLabel('Payload', { exact: true }).fill('{oops');
  await pub.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(pub.getByRole('alert').first()).toContainText('not valid JSON');
  await pub.getByRole('combobox', { name: 'Payload format' }).selectOption('text');
  await pub.getByLabel('Payload', { exact: true }).fill('x'.repeat(140 * 1024));
  await pub.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(pub.getByRole('alert').first()).toContainText("over the broker's limit");
  await lab.shot('bad-input');
  // Nothing was lost: A is still connected with its session.
  await expect(a.status()).toHaveText('connected');
  await expect(lab.session('A').getByTestId('session-status')).toHaveText('connected');
});
