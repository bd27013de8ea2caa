import { createServer } from 'node:net';
import type { Page } from '@playwright/test';
import { startMosquitto, type RunningMosquitto } from '../app/remote/testing/mosquitto';
import { expect, test, type PageGuard } from './fixtures';
import { Playground } from './playground';

// Issue 15, in the page: the built site, served from its sub-path, points its clients at a real
// broker (Debian's mosquitto, started here on a free 127.0.0.1 port with its own configuration
// and a WebSocket listener) and runs the seed's lesson and the broker check against it.

let mosquitto: RunningMosquitto | undefined;
test.beforeAll(async () => {
  mosquitto = await startMosquitto();
});
test.afterAll(async () => {
  await mosquitto?.stop();
});

const wsUrl = () => mosquitto!.wsUrl;

/** The page's address that chooses a remote broker (relative: it stays under the sub-path). */
const remoteAddress = (url: string) => `./?broker=${encodeURIComponent(url)}&prefix=e2e-`;

/** The built page at 1280×720, its address naming the test's mosquitto. */
async function openOnMosquitto(page: Page, guard: PageGuard): Promise<void> {
  guard.allowSocketsTo(wsUrl());
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(remoteAddress(wsUrl()));
}

async function openLesson(page: Page, title: RegExp): Promise<void> {
  const select = page.getByRole('combobox', { name: 'Lesson' });
  const value = await select.locator('option', { hasText: title }).getAttribute('value');
  await select.selectOption(value!);
  await expect(page.getByTestId('scenario-progress')).toHaveText(/^step 0 of \d+$/);
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('the seed lesson against real mosquitto over WebSocket: sessionPresent=1 and the 30 stored messages', async ({
  page,
  pageGuard,
}) => {
  // The lesson's `advance 10s` takes ten real seconds against a remote broker.
  test.setTimeout(90_000);
  await openOnMosquitto(page, pageGuard);
  await expect(page).toHaveURL(/\/mqtt-session-lab\/\?broker=/);
  const host = new URL(wsUrl()).host;
  await expect(page.getByTestId('remote-broker')).toContainText(host);
  // The page may connect to that broker and nowhere else.
  const policies = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .evaluateAll((metas) => metas.map((m) => m.getAttribute('content')));
  expect(policies.at(-1)).toBe(`connect-src ws://${host}`);
  // Real time: the clock cannot pause, jump or go faster.
  await expect(page.getByTestId('real-time')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Clock speed' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Next event ⇥' })).toBeDisabled();

  await openLesson(page, /Persistent session basics/);
  await expect(page.getByTestId('real-time-steps')).toBeVisible();
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(page.getByTestId('scenario-progress')).toHaveText('step 8 of 8', {
    timeout: 60_000,
  });

  const lab = new Playground(page);
  const a = lab.client('A');
  // The broker said it kept A's session, and the 30 it stored while A was away arrived.
  await expect(a.sessionPresent()).toHaveText('sessionPresent=1');
  await expect(a.receivedCount()).toHaveText('30');
  expect(await a.payloads()).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
  // A's client id as sent: the person's prefix, the run's tag, the lesson's name.
  const session = page.getByRole('article', { name: /^Session e2e-[0-9a-f]{8}-A$/ });
  await expect(session.getByTestId('session-present')).toContainText('sessionPresent=1');
  await expect(session.getByTestId('replay')).toContainText('Replay finished (inferred): 30 of 30');

  // The verdicts: what the clients saw is judged; what only the broker knows is not.
  const verdicts = page.getByTestId('verdicts');
  await expect(verdicts).toContainText('not observable against a remote broker');
  const line = (text: RegExp) => verdicts.locator('li', { hasText: text });
  await expect(line(/sessionPresent/)).toHaveAttribute('data-pass', 'true');
  await expect(line(/m0\.\.m29/)).toHaveAttribute('data-pass', 'true');
  // mosquitto sends a stored backlog at once: the lesson's AWS pace (10/s) is not this broker's.
  await expect(line(/replay takes/)).toHaveAttribute('data-pass', 'false');
  // And the narration, which tells the lesson's AWS story, says so beside it.
  await expect(page.getByTestId('remote-narration')).toContainText(
    'The words tell the story as AWS IoT Core keeps it',
  );
  await expect(line(/dropped/i)).toHaveClass('verdict-unseen');
  // The charts draw what was seen; the lesson's profile's replay limit is not this broker's.
  await expect(page.getByTestId('chart-deliveries')).toContainText('Deliveries per second');
  await expect(page.getByTestId('chart-deliveries')).not.toContainText('replay limit');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/remote-lesson-1280.png' });
  await page.screenshot({ path: 'test-results/remote-lesson-1280-full.png', fullPage: true });
});

test('the top bar offers a remote broker beside the profiles; a bad URL is said in the form', async ({
  page,
  pageGuard,
}) => {
  pageGuard.allowSocketsTo(wsUrl());
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).open();
  await page.getByRole('combobox', { name: 'Broker profile' }).selectOption({ label: 'Remote…' });
  const form = page.getByRole('form', { name: 'Choose a remote broker' });
  await expect(form).toBeVisible();
  // The in-page broker's profile is still chosen: the form changes nothing until it is used.
  await expect(page.getByRole('combobox', { name: 'Broker profile' })).toHaveValue('aws');
  await form.getByLabel('WebSocket URL').fill('mqtt://127.0.0.1:1883');
  await form.getByRole('button', { name: 'Use this broker' }).click();
  await expect(form.getByTestId('remote-form-error')).toContainText('only over WebSocket');
  await page.screenshot({ path: 'test-results/remote-choose-1280.png' });
  await form.getByLabel('WebSocket URL').fill(wsUrl());
  await form.getByLabel('Client id prefix').fill('qa-');
  await form.getByRole('button', { name: 'Use this broker' }).click();
  await expect(page.getByTestId('remote-broker')).toContainText(new URL(wsUrl()).host);
  expect(new URL(page.url()).searchParams.get('prefix')).toBe('qa-');
  await expect(page).toHaveURL(/\/mqtt-session-lab\/\?broker=/);
});

test('a wrong URL: the client says why, and the playground stays usable', async ({
  page,
  pageGuard,
}) => {
  const port = await closedPort();
  const url = `ws://127.0.0.1:${port}/mqtt`;
  pageGuard.allowSocketsTo(url);
  await page.goto(remoteAddress(url));
  const lab = new Playground(page);
  const a = await lab.addClient('A');
  await a.root.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(a.root.getByRole('alert')).toContainText(`could not open a WebSocket to ${url}`);
  await expect(a.status()).toHaveText('offline');
  await page.screenshot({ path: 'test-results/remote-wrong-url.png' });
  // Nothing else broke: another client can be added, and the way back is there.
  await lab.addClient('B');
  await page.getByRole('link', { name: 'In-page broker' }).click();
  await expect(page).toHaveURL(/\/mqtt-session-lab\/$/);
  await expect(page.getByTestId('remote-broker')).toHaveCount(0);
  const c = await lab.addClient('C');
  await c.connect();
  await expect(c.sessionPresent()).toHaveText('sessionPresent=0');
});

test('the check from the page against real mosquitto shows its table', async ({
  page,
  pageGuard,
}) => {
  test.setTimeout(90_000);
  await openOnMosquitto(page, pageGuard);
  await page.getByRole('button', { name: 'Check this broker' }).click();
  const panel = page.locator('#check-broker');
  await expect(panel).toHaveAttribute('open', '');
  // Opened in place: the fragment (where a scenario link travels) is left alone.
  expect(new URL(page.url()).hash).toBe('');
  const started = Date.now();
  await panel.getByRole('button', { name: /^Run the check/ }).click();
  await expect(panel.getByTestId('check-progress')).toBeVisible();
  await expect(panel.getByRole('table')).toBeVisible({ timeout: 60_000 });
  console.log(`the check took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Real mosquitto keeps sessions as our mosquitto profile says (the Node tests find the same).
  await expect(panel.getByTestId('check-verdict')).toHaveText(
    'The broker matches our mosquitto profile.',
  );
  const [matched, of] = (await panel.getByTestId('matched-mosquitto').textContent())!.split('/');
  expect(matched).toBe(of);
  await expect(panel.locator('tr[data-row]').first()).toBeVisible();
  await expect(page.getByTestId('notice')).toHaveCount(0);
  // The verdict and the table's head, below the sticky top bar.
  await panel.getByTestId('check-result').evaluate((el) => {
    const bar = document.querySelector('.topbar')!.getBoundingClientRect().height;
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - bar - 16);
  });
  await page.screenshot({ path: 'test-results/remote-check-1280.png' });
});

test('a link that asks to play a lesson at once waits for a click: no WebSocket before it', async ({
  page,
  pageGuard,
}) => {
  pageGuard.allowSocketsTo(wsUrl());
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.setViewportSize({ width: 1280, height: 720 });
  // An embed link, as one would put in an iframe on someone else's page.
  await page.goto(`${remoteAddress(wsUrl())}#embed&lesson=01&autoplay`);
  await expect(page.getByTestId('narration')).toContainText('Persistent session basics');
  // Playing would have connected the lesson's first client at once: give it the time it took
  // (a fixed wait, for nothing is to happen in it), then look.
  await page.waitForTimeout(1_500);
  expect(sockets).toEqual([]);
  await expect(page.getByTestId('scenario-progress')).toHaveText('step 0 of 8');
  await expect(page.getByTestId('autoplay-held')).toContainText(
    'Against a remote broker a lesson starts when you press Play to the end',
  );
  await page.screenshot({ path: 'test-results/remote-autoplay-held.png' });
  // The person asks: it plays, and the first client's WebSocket opens to that broker.
  const opened = page.waitForEvent('websocket');
  await page.getByRole('button', { name: 'Play to the end' }).click();
  expect(new URL((await opened).url()).host).toBe(new URL(wsUrl()).host);
  await expect(page.getByTestId('autoplay-held')).toHaveCount(0);
  await expect(page.getByTestId('scenario-progress')).not.toHaveText('step 0 of 8');
});

test('a shared link made against a presigned URL leaves out its query, and says so', async ({
  page,
  pageGuard,
}) => {
  pageGuard.allowSocketsTo(wsUrl());
  const signed = `${wsUrl()}?X-Amz-Signature=s3cr3t&X-Amz-Security-Token=t0k3n`;
  await page.goto(remoteAddress(signed));
  await openLesson(page, /Persistent session basics/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Scenario link' }).inputValue();
  expect(link).not.toMatch(/s3cr3t|t0k3n|Amz/);
  expect(new URL(link).searchParams.get('broker')).toBe(wsUrl());
  expect(link).toMatch(/#scenario=[\w-]+$/);
  await expect(page.getByTestId('link-query-left-out')).toContainText(
    "The broker URL's query (a signature?) is left out",
  );
});

test('a client that left holding acknowledgements: its store reads unknown, what it left unacknowledged is seen', async ({
  page,
  pageGuard,
}) => {
  await openOnMosquitto(page, pageGuard);
  const lab = new Playground(page);
  // An id of this run's own: mosquitto keeps a persistent session from one run to the next.
  const id = `H${Date.now().toString(36)}`;
  const a = await lab.addClient(id);
  const p = await lab.addClient('P', { clean: true });
  await a.connect();
  await a.subscribe('held/#', 1);
  const session = lab.session(`e2e-${id}`);
  await expect(session.getByTestId('subscriptions')).toContainText('held/#');
  await a.root.getByRole('checkbox', { name: 'Hold acknowledgements' }).check();
  await p.connect();
  await p.publish('held/x', 'm0', 1);
  await expect(a.root.getByTestId('held-count')).toHaveText('1 held');
  await a.disconnect();
  await expect(session.getByTestId('session-status')).toHaveText('client away');
  // What the broker holds for it now, the broker does not say; the message it left
  // unacknowledged, the client saw.
  await expect(session.getByTestId('stored-unknown')).toContainText(
    'unknown while the client is away',
  );
  await expect(session.getByTestId('stored-unacknowledged')).toHaveText(
    '1 unacknowledged when it left (observed)',
  );
  await expect(session.getByTestId('stored-count')).toHaveCount(0);
  await expect(session).not.toContainText('they arrived when the client came back');
  await session.evaluate((el) => {
    const bar = document.querySelector('.topbar')!.getBoundingClientRect().height;
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - bar - 16);
  });
  await page.screenshot({ path: 'test-results/remote-away-unacknowledged-1280.png' });
});
