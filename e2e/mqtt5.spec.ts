import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground } from './playground';

/** Opens a form's "MQTT 5 options" fold (if closed) and returns it. */
async function v5Options(form: Locator): Promise<Locator> {
  const fold = form.locator('details.v5-options');
  if (!(await fold.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await fold.getByText('MQTT 5 options').click();
  }
  return fold;
}

/** The inspector's value for a packet field, by the field's exact name. */
function packetField(page: Page, name: string): Locator {
  return page
    .getByTestId('inspector-packet')
    .locator('tr')
    .filter({ has: page.locator('th code', { hasText: new RegExp(`^${escape(name)}$`) }) })
    .locator('td');
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('MQTT 5 options: checked next to their fields, carried by mqtt.js, shown by the receiver and the inspector', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const lab = new Playground(page);
  await lab.open();

  // Bad CONNECT options: a message next to each field and no client.
  const add = page.getByRole('form', { name: 'Add a client' });
  await add.getByLabel('Client id').fill('A');
  await add.getByRole('combobox', { name: 'MQTT version' }).selectOption({ label: '5.0' });
  await add.getByRole('checkbox', { name: 'Clean Start' }).check();
  let fold = await v5Options(add);
  await fold.getByLabel('Topic Alias Maximum').fill('70000');
  await fold.getByLabel('Receive Maximum').fill('0');
  await fold.getByLabel('CONNECT User Properties').fill('site=lab\nno key here');
  await add.getByRole('button', { name: 'Add client' }).click();
  await expect(add.locator('#err-tam')).toHaveText('a whole number, 0 (no aliases) to 65535');
  await expect(add.locator('#err-rm')).toHaveText('a whole number, 1 to 65535 (blank for 65535)');
  await expect(add.locator('#err-connect-user')).toHaveText('line 2: write key=value');
  await expect(page.getByRole('article', { name: /^Client / })).toHaveCount(0);
  await lab.shot('mqtt5-1-connect-errors');

  // Good ones: A takes up to 4 aliases from the broker and says who it is.
  await fold.getByLabel('Topic Alias Maximum').fill('4');
  await fold.getByLabel('Receive Maximum').fill('');
  await fold.getByLabel('CONNECT User Properties').fill('site=lab\nrole=viewer');
  await add.getByRole('button', { name: 'Add client' }).click();
  const a = lab.client('A');
  await expect(a.root).toBeVisible();
  await expect(add.locator('#err-tam')).toHaveCount(0);
  const b = await lab.addClient('B', { version: '5.0', clean: true });
  await a.connect();
  await b.connect();

  // A bad Subscription Identifier is refused before anything is sent.
  const sub = a.root.getByRole('form', { name: /^Subscribe/ });
  await sub.getByLabel('Subscription Identifier').fill('0');
  await sub.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(sub.locator('#err-subid-A')).toHaveText(
    'a whole number, 1 to 268435455 (blank for none)',
  );
  await expect(lab.session('A').getByTestId('subscriptions')).not.toContainText('t/#');
  await sub.getByLabel('Subscription Identifier').fill('7');
  await a.subscribe('t/#', 1);
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('t/#');

  // Bad PUBLISH options: messages next to the fields, nothing published.
  const pub = b.root.getByRole('form', { name: /^Publish/ });
  fold = await v5Options(pub);
  await fold.getByLabel('Response Topic').fill('reply/+');
  await fold.getByLabel('Topic Alias').fill('0');
  await b.publish('t/x', 'bad');
  await expect(pub.locator('#err-responseTopic-B')).toContainText('wildcard');
  await expect(pub.locator('#err-topicAlias-B')).toHaveText(
    'a whole number from 1 (blank for none)',
  );
  await fold.getByLabel('Topic Alias').fill('9');
  await fold.getByLabel('Response Topic').fill('reply/b');
  await b.publish('t/x', 'bad');
  await expect(pub.locator('#err-topicAlias-B')).toHaveText(
    'the broker takes aliases 1 to 8 (Topic Alias Maximum of its CONNACK)',
  );
  await expect(page.getByTestId('totals')).toContainText('0 published');
  await lab.shot('mqtt5-2-publish-errors');

  // Good ones: the first PUBLISH sets alias 1 for t/x, the second sends the alias alone.
  await fold.getByLabel('Topic Alias').fill('1');
  await fold.getByLabel('Correlation Data').fill('req-1');
  await fold.getByLabel('Content Type').fill('text/plain');
  await fold.getByLabel('PUBLISH User Properties').fill('k=v');
  await b.publish('t/x', 'hello');
  await expect(a.receivedCount()).toHaveText('1');
  await b.publish('t/x', 'again');
  await expect(a.receivedCount()).toHaveText('2');
  const props = a.root.getByTestId('received-props');
  await expect(props).toHaveCount(2);
  for (const text of ['reply/b', 'req-1', 'text/plain', 'k=v', 'sub id', '7']) {
    await expect(props.nth(1)).toContainText(text);
  }
  await expect(a.received().locator('.topic')).toHaveText(['t/x', 't/x']);
  await lab.shot('mqtt5-3-received');

  // The inspector: the first PUBLISH from B with its properties, field by field.
  await page.getByText('The timeline as text').click();
  const messages = page.getByTestId('message-text');
  await expect(messages).toHaveCount(2);
  await messages
    .nth(0)
    .getByRole('button', { name: /published by B on t\/x/ })
    .click();
  await expect(packetField(page, 'topic')).toHaveText('t/x');
  await expect(packetField(page, 'properties.topicAlias')).toHaveText('1');
  await expect(packetField(page, 'properties.responseTopic')).toHaveText('reply/b');
  await expect(packetField(page, 'properties.correlationData')).toHaveText(
    'hex 72 65 71 2d 31 (“req-1”)',
  );
  await expect(packetField(page, 'properties.userProperties[0]')).toHaveText('k = v');
  await expect(packetField(page, 'properties.contentType')).toHaveText('text/plain');
  await page.getByTestId('inspector').scrollIntoViewIfNeeded();
  await page.getByTestId('inspector').screenshot({ path: 'test-results/mqtt5-4-inspector.png' });

  // The second came with the alias alone: the inspector says what it stood for.
  await messages
    .nth(1)
    .getByRole('button', { name: /published by B on t\/x/ })
    .click();
  await expect(packetField(page, 'topic')).toHaveText('');
  await expect(packetField(page, 'topic (alias 1)')).toHaveText('t/x');
  await page.getByTestId('inspector').screenshot({ path: 'test-results/mqtt5-5-alias-only.png' });
  await lab.shot('mqtt5-6-page');
});
