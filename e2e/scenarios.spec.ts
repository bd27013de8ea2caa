import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 6: scenarios in the page. The site is served from a sub-path (see playwright.config).

async function openLesson(page: Page, title: RegExp): Promise<void> {
  const select = page.getByRole('combobox', { name: 'Lesson' });
  const value = await select.locator('option', { hasText: title }).getAttribute('value');
  await select.selectOption(value!);
  await expect(page.getByTestId('scenario-progress')).toHaveText(/^step 0 of \d+$/);
}

const progress = (page: Page) => page.getByTestId('scenario-progress');

/** What happened, in a form two pages can compare: type, time, client of every event. */
const eventShape = (page: Page) =>
  page.evaluate(() => {
    const lab = (
      window as unknown as {
        sessionLab: { log: { all(): { type: string; at: number; clientId?: string }[] } };
      }
    ).sessionLab;
    return lab.log.all().map((e) => `${e.at} ${e.type} ${e.clientId ?? ''}`);
  });

test('a lesson step by step with its narration on the timeline, then straight through', async ({
  page,
}) => {
  await new Playground(page).open();
  await openLesson(page, /Persistent session basics/);
  for (let i = 1; i <= 3; i++) {
    await page.getByRole('button', { name: 'Next step ▶' }).click();
    await expect(progress(page)).toHaveText(`step ${i} of 8`);
  }
  await expect(page.getByTestId('narration')).toContainText('Step 3 of 8');
  await expect(page.getByTestId('narration')).toContainText('A goes away.');
  await page.getByRole('button', { name: '◀ Previous step' }).click();
  await expect(progress(page)).toHaveText('step 2 of 8');
  await expect(page.getByTestId('narration')).toContainText('A subscribes to t/#');
  // The keyboard steps too (N), as a presenter's clicker would.
  await page.locator('body').press('n');
  await expect(progress(page)).toHaveText('step 3 of 8');

  // Straight through at the clock's speed (10×): the timeline animates the 10 s away and the
  // replay; the events are the same as a jump's (a unit test compares them).
  await page.getByRole('checkbox', { name: "At the clock's speed" }).check();
  const lab = new Playground(page);
  await lab.speed(10);
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(progress(page)).toHaveText('running…');
  await expect(progress(page)).toHaveText('step 8 of 8', { timeout: 30_000 });
  const verdicts = page.getByTestId('verdicts');
  await expect(verdicts).toContainText('Expectations: 4 of 4 passed');
  await expect(verdicts).toContainText("A's replay takes 2.8 s to 3.2 s: 30 messages in 2.9 s");
  await expect(page.locator('[data-state="done"]')).toHaveCount(8);
  // An expectation's events open in the inspector.
  await verdicts
    .getByRole('button', { name: /^#\d+$/ })
    .first()
    .click();
  await expect(page.getByTestId('inspector')).toContainText('CONNACK');
  await page.screenshot({ path: 'test-results/scenario-lesson.png', fullPage: true });
});

test('a shared link opens the same scenario in a fresh page, with the same events', async ({
  page,
  browser,
}) => {
  await page.goto('./?debug');
  await openLesson(page, /QoS 0 is not stored/);
  // Steps that jump: the same events as at the clock's speed, in less time.
  await page.getByRole('checkbox', { name: "At the clock's speed" }).uncheck();
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(page.getByTestId('verdicts')).toContainText('3 of 3 passed', { timeout: 30_000 });
  const here = await eventShape(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Scenario link' }).inputValue();
  expect(link).toMatch(/\/mqtt-session-lab\/\?debug#scenario=[A-Za-z0-9_-]+$/);

  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(link);
  await expect(fresh.getByTestId('scenario-title')).toHaveText('QoS 0 is not stored');
  await fresh.getByRole('checkbox', { name: "At the clock's speed" }).uncheck();
  await fresh.getByRole('button', { name: 'Play to the end' }).click();
  await expect(fresh.getByTestId('verdicts')).toContainText('3 of 3 passed', { timeout: 30_000 });
  expect(await eventShape(fresh)).toEqual(here);
  expect(here.length).toBeGreaterThan(50);
  await fresh.context().close();
});

test('a tampered link and a malformed file get clear messages; the playground is untouched', async ({
  page,
}) => {
  const lab = new Playground(page);
  await lab.open();
  const x = await lab.addClient('X');
  await x.connect();

  await page.evaluate(() => {
    location.hash = 'scenario=bm90IGEgc2NlbmFyaW8';
  });
  await expect(page.getByRole('alert').first()).toContainText(
    "The link's scenario cannot be opened; the playground is unchanged.",
  );
  await expect(x.status()).toHaveText('connected');

  await page.getByTestId('scenario-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{\n  "format": "mqtt-session-lab/scenario@1",\n  "title": 7\n}'),
  });
  const problems = page.getByTestId('scenario-problems');
  await expect(problems).toContainText('line 3, title: must be text');
  await expect(problems).toContainText("line 1: missing field 'profile'");
  await expect(x.status()).toHaveText('connected');
  await expect(page.getByTestId('scenario-title')).toHaveCount(0);
});

test('a second bad file shows only its own problems; a link that is not a scenario says so once', async ({
  page,
}) => {
  const lab = new Playground(page);
  await lab.open();
  const file = page.getByTestId('scenario-file');
  const problems = page.getByTestId('scenario-problems').getByRole('listitem');
  // Not JSON at all: the parser stumbles twice on line 1, which is said once.
  await file.setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello world'),
  });
  await expect(problems).toHaveText([
    'line 1: not valid JSON: invalid symbol',
    'line 1: not valid JSON: value expected',
  ]);
  await file.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{\n  "format": "mqtt-session-lab/scenario@1",\n  "title": 7\n}'),
  });
  await expect(problems).toHaveText([
    "line 1: missing field 'profile'",
    "line 1: missing field 'clients'",
    "line 1: missing field 'steps'",
    'line 3, title: must be text',
  ]);

  const fragments: [string, string][] = [
    ['#garbage', 'the address ends in #garbage, which is not a scenario link'],
    ['#scenario=', 'the link has nothing after #scenario='],
  ];
  for (const [hash, why] of fragments) {
    // A page opened on the link, not a fragment changed on a page already open.
    await page.goto('about:blank');
    await page.goto(`./${hash}`);
    await expect(page.getByRole('alert')).toHaveText(
      /^The link's scenario cannot be opened; the playground is unchanged\. What is wrong is listed under Scenario\./,
    );
    await expect(problems).toHaveCount(1);
    await expect(problems).toContainText(why);
    await expect(page.getByText(why)).toHaveCount(1);
    await expect(page.getByTestId('scenario-title')).toHaveCount(0);
  }
  // A damaged link: what is wrong with the link, with no line (a link has none), once.
  const x = await lab.addClient('X');
  await x.connect();
  await page.evaluate(() => {
    location.hash = 'scenario=bm90IGEgc2NlbmFyaW8';
  });
  await expect(problems).toHaveText([
    'the link is damaged: the scenario packed in it does not unpack (was the link cut short when copied?)',
  ]);
  await expect(page.getByText(/the link is damaged/)).toHaveCount(1);
  await expect(x.status()).toHaveText('connected');
});

test('presenter mode: large type, the narration first, the keyboard steps', async ({ page }) => {
  await new Playground(page).open();
  await openLesson(page, /The MQTT 5 trap/);
  const size = () =>
    page.getByTestId('narration').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const normal = await size();
  await page.getByRole('checkbox', { name: 'Presenter' }).check();
  await expect(page.locator('.app.presenter')).toHaveCount(1);
  await page.locator('body').press('ArrowRight');
  await expect(progress(page)).toHaveText(/^step 1 of \d+$/);
  expect(await size()).toBeGreaterThanOrEqual(normal * 1.6);
  await page.screenshot({ path: 'test-results/scenario-presenter.png' });
});

test('what a person does is recorded as a scenario that, played again, passes', async ({
  page,
}) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  const b = await lab.addClient('B', { clean: true });
  await page.getByRole('button', { name: '● Record' }).click();
  await expect(page.getByText('Recording: the broker restarted')).toBeVisible();
  await a.connect();
  await a.subscribe('t/#', 1);
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('t/#');
  await a.disconnect();
  await b.connect();
  await b.burst({ topic: 't/x', payload: 'm', qos: 1, count: 3 });
  await expect(lab.session('A').getByTestId('stored-count')).toHaveText('3');
  await a.connect();
  await expect(a.receivedCount()).toHaveText('3');
  await page.getByRole('button', { name: '■ Stop recording' }).click();

  await expect(page.getByTestId('scenario-title')).toContainText('Recorded on');
  await expect(page.getByTestId('scenario-steps')).toContainText('B: burst of 3 QoS 1 on t/x');
  await page.getByRole('button', { name: 'Play to the end' }).click();
  const verdicts = page.getByTestId('verdicts');
  await expect(verdicts).toContainText(/Expectations: (\d+) of \1 passed/, { timeout: 30_000 });
  await expect(verdicts).toContainText('A receives m0, m1, m2 in order');
  await page.screenshot({ path: 'test-results/scenario-recorded.png', fullPage: true });
});

test('one scenario on two profiles: both timelines, and the differences listed', async ({
  page,
}) => {
  const lab = new Playground(page);
  await lab.open();
  const x = await lab.addClient('X');
  await openLesson(page, /a full store/);
  const before = await page.getByTestId('scenario-progress').textContent();
  await page.getByRole('combobox', { name: 'Profile to compare with' }).selectOption('emqx');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const differences = page.getByTestId('differences');
  await expect(differences).toContainText('3 queue-full', { timeout: 30_000 });
  await expect(differences).toContainText('3 oldest-evicted');
  await expect(differences).toContainText('5: m3, m4, m5, m6, m7');
  await expect(page.getByRole('img', { name: /Timeline of the scenario on/ })).toHaveCount(2);
  // The playground on show did not move: still before step 1, the scenario's clients in it.
  await expect(page.getByTestId('scenario-progress')).toHaveText(before!);
  await expect(x.root).toHaveCount(0);
  await page.getByTestId('comparison').screenshot({ path: 'test-results/scenario-compare.png' });
});

test('the comparison is brought into view and focused; with reduced motion, without a smooth scroll', async ({
  page,
}) => {
  // Every scroll the page asks for, and how.
  await page.addInitScript(() => {
    const asked: string[] = [];
    (window as unknown as { __scrolls: string[] }).__scrolls = asked;
    const scrollTo = window.scrollTo.bind(window);
    window.scrollTo = ((options: ScrollToOptions) => {
      asked.push(options.behavior ?? 'auto');
      scrollTo(options);
    }) as typeof window.scrollTo;
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).open();
  await openLesson(page, /a full store/);
  const heading = page.getByRole('heading', { name: 'Mosquitto 2 and EMQX 5 compared' });
  const scrolls = () =>
    page.evaluate(() => (window as unknown as { __scrolls: string[] }).__scrolls);
  for (const motion of ['no-preference', 'reduce'] as const) {
    await page.emulateMedia({ reducedMotion: motion });
    await page.evaluate(() => {
      window.scrollTo({ top: 0, behavior: 'instant' });
      (window as unknown as { __scrolls: string[] }).__scrolls.length = 0;
    });
    await page.getByRole('combobox', { name: 'Profile to compare with' }).selectOption('emqx');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect(heading).toBeFocused({ timeout: 30_000 });
    // Under the sticky top bar, not behind it, and in view.
    await expect(heading).toBeInViewport();
    const bar = await page.locator('header.topbar').boundingBox();
    await expect
      .poll(async () => (await heading.boundingBox())!.y)
      .toBeGreaterThanOrEqual(bar!.y + bar!.height);
    expect(await scrolls()).toEqual([motion === 'reduce' ? 'instant' : 'smooth']);
    await page.getByRole('button', { name: 'close comparison' }).click();
  }
});
