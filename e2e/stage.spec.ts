import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 13: the stage, one screen that teaches a session, for the room, for slides and video.

const progress = (page: Page) => page.getByTestId('scenario-progress');

async function openLesson(page: Page, title: RegExp): Promise<void> {
  const select = page.getByRole('combobox', { name: 'Lesson' });
  const value = await select.locator('option', { hasText: title }).getAttribute('value');
  await select.selectOption(value!);
  await expect(progress(page)).toHaveText(/^step 0 of \d+$/);
}

/** The page at 1280×720 with a lesson open (step 0). */
async function lessonAt1280(page: Page, title: RegExp): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).open();
  await openLesson(page, title);
}

/** Plays the open lesson to its end, its steps jumping (as fast as it goes). */
async function playThrough(page: Page): Promise<void> {
  await page.getByRole('checkbox', { name: "At the clock's speed" }).uncheck();
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(progress(page)).toHaveText(/^step (\d+) of \1$/, { timeout: 30_000 });
}

/** Whether the element lies wholly inside the viewport. */
async function inView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  return (
    !!box &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= size.width + 0.5 &&
    box.y + box.height <= size.height + 0.5
  );
}

/** "A's session stores N messages" in the stage's text equivalent; undefined when not said. */
const storedSaid = (text: string) => {
  const m = /A's session stores (\d+) message/.exec(text);
  return m ? Number(m[1]) : undefined;
};

test('the seed lesson in presenter mode at 1280×720: the stage and its words tell the replay', async ({
  page,
}) => {
  await lessonAt1280(page, /Persistent session basics/);
  const stage = page.getByRole('region', { name: 'Stage' });
  const summary = page.getByTestId('stage-summary');
  await page.getByRole('checkbox', { name: 'Presenter' }).check();
  await expect(page.locator('.app.presenter')).toHaveCount(1);
  // A presenter's clicker: the arrow steps, up to A's return.
  for (let i = 1; i <= 6; i++) {
    await page.locator('body').press('ArrowRight');
    await expect(progress(page)).toHaveText(`step ${i} of 8`);
  }
  await expect.poll(async () => storedSaid((await summary.textContent()) ?? '')).toBe(30);
  // The stage's count is the session card's.
  await expect(
    page.getByRole('article', { name: 'Session A' }).getByTestId('stored-count'),
  ).toHaveText('30');
  await page.screenshot({ path: 'test-results/stage-presenter-stored.png' });

  // A returns, then the replay plays at the clock's speed (1×): 30 messages at 10 per second.
  // The stored count is sampled from here to the end of the replay.
  const said: number[] = [30];
  await page.locator('body').press('PageDown');
  await expect(progress(page)).toHaveText('step 7 of 8');
  await page.locator('body').press('PageDown');
  let shot = false;
  for (const started = Date.now(); Date.now() - started < 20_000;) {
    const n = storedSaid((await summary.textContent()) ?? '');
    if (n !== undefined && n !== said.at(-1)) said.push(n);
    // During the replay, the whole stage and the narration are on the screen.
    if (n !== undefined && n > 0 && n < 30) {
      expect(await inView(page, stage)).toBe(true);
      expect(await inView(page, page.getByTestId('narration'))).toBe(true);
      expect(await inView(page, page.getByTestId('sim-time'))).toBe(true);
      expect(await inView(page, page.getByRole('button', { name: 'Next step ▶' }))).toBe(true);
      if (!shot && n < 20) {
        shot = true;
        await page.screenshot({ path: 'test-results/stage-presenter-replay.png' });
      }
    }
    if (n === 0) break;
    await page.waitForTimeout(100);
  }
  await expect(progress(page)).toHaveText('step 8 of 8', { timeout: 15_000 });
  // The words followed the store down, a few at a time, from 30 to 0.
  expect(said[0]).toBe(30);
  expect(said.at(-1)).toBe(0);
  expect(said.length).toBeGreaterThanOrEqual(4);
  expect(said).toEqual([...said].sort((x, y) => y - x));
  await expect(
    page.getByRole('article', { name: 'Session A' }).getByTestId('stored-count'),
  ).toHaveText('0');
});

test('the first screen at 1280×720: stage, narration, step controls and clock without scrolling', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).open();
  // A first visit is told where to start.
  const start = page.getByTestId('first-steps');
  await expect(start).toBeVisible();
  expect(await inView(page, start)).toBe(true);
  await page.screenshot({ path: 'test-results/stage-first-visit.png' });
  await start.getByRole('button', { name: /Lesson: Persistent session basics/ }).click();
  await expect(progress(page)).toHaveText('step 0 of 8');
  for (const locator of [
    page.getByRole('region', { name: 'Stage' }),
    page.getByTestId('narration'),
    page.getByRole('button', { name: 'Next step ▶' }),
    page.getByRole('button', { name: '◀ Previous step' }),
    progress(page),
    page.getByTestId('sim-time'),
  ]) {
    expect(await inView(page, locator)).toBe(true);
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
  await playThrough(page);
  await page.screenshot({ path: 'test-results/stage-1920-done.png' });
});

test('time strip: dragging it shows the stage as it was, Back to live returns', async ({
  page,
}) => {
  await lessonAt1280(page, /Persistent session basics/);
  await playThrough(page);
  const summary = page.getByTestId('stage-summary');
  await expect.poll(async () => storedSaid((await summary.textContent()) ?? '')).toBe(0);
  // Click the strip just after the burst (t = 0 to 10 s was A away with 30 stored).
  const strip = page.getByTestId('time-strip');
  const box = (await strip.boundingBox())!;
  const end = Number(await strip.getAttribute('aria-valuemax'));
  const to = Math.max(60_000, end * 1.02);
  const x = 10 + (5_000 / to) * (box.width - 20);
  await page.mouse.click(box.x + x, box.y + box.height / 2);
  await expect.poll(async () => storedSaid((await summary.textContent()) ?? '')).toBe(30);
  await expect(strip).toHaveAttribute('aria-valuetext', /travelling in time/);
  await page.screenshot({ path: 'test-results/stage-travel.png' });
  // From the keyboard: End returns to live.
  await strip.focus();
  await page.keyboard.press('End');
  await expect(strip).toHaveAttribute('aria-valuetext', /^now/);
  await expect.poll(async () => storedSaid((await summary.textContent()) ?? '')).toBe(0);
});

test('clicking a client on the stage opens the inspector on it; hovering says what it is', async ({
  page,
}) => {
  await lessonAt1280(page, /Persistent session basics/);
  await playThrough(page);
  const canvas = page.getByTestId('stage-canvas');
  const box = (await canvas.boundingBox())!;
  // A's node is at the left, in the middle of the stage's height.
  await page.mouse.move(box.x + 60, box.y + box.height / 2);
  await expect(page.getByRole('tooltip')).toContainText('A: connected');
  await page.mouse.down();
  await page.mouse.up();
  const inspector = page.locator('.stage-inspector').getByTestId('inspector');
  await expect(inspector).toContainText('CONNACK');
  await expect(inspector).toContainText('sessionPresent');
  await page.screenshot({ path: 'test-results/stage-inspector.png' });
  await inspector.getByRole('button', { name: 'Close the inspector' }).click();
  await expect(page.locator('.stage-inspector')).toHaveCount(0);
});

test('an embed link in an iframe of a slide served from a sub-path plays the lesson', async ({
  page,
  baseURL,
}) => {
  const slide = new URL('slides/deck.html', baseURL).href;
  await page.route(slide, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Deck</title><h1>Persistent sessions</h1>
<iframe title="MQTT Session Lab" src="../#embed&lesson=01&autoplay&speed=10" width="1024" height="600"></iframe>`,
    }),
  );
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(slide);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('scenario-progress')).toHaveText('step 8 of 8', {
    timeout: 30_000,
  });
  await expect(frame.getByTestId('narration')).toContainText('Step 8 of 8');
  await expect(frame.getByTestId('stage-summary')).toContainText("A's session stores 0 messages");
  // An embed shows the stage, not the playground's panels.
  await expect(frame.getByRole('heading', { name: 'Clients' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/stage-embed.png' });
});

test('a bad embed link gets the same message as a bad shared link', async ({ page }) => {
  await page.goto('./#scenario=bad!link');
  const notice = page.getByTestId('notice');
  const shared = await notice.textContent();
  expect(shared).toMatch(/link/);
  await page.goto('about:blank');
  await page.goto('./#embed&scenario=bad!link');
  await expect(notice).toHaveText(shared!);
  await expect(page.getByRole('region', { name: 'Stage' })).toBeVisible();
  await page.goto('about:blank');
  await page.goto('./#embed&lesson=99');
  await expect(notice).toHaveText(shared!);
  // An embed has no scenario panel: it lists what is wrong itself.
  await expect(page.getByTestId('scenario-problems')).toContainText('does not exist');
});

test('the run exports as a WebM video, and the stage as a PNG that names what it shows', async ({
  page,
}) => {
  await lessonAt1280(page, /Persistent session basics/);
  await new Playground(page).speed(10);
  const video = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: '● Video' }).click();
  const file = await (await video).path();
  const bytes = await readFile(file);
  expect(bytes.length).toBeGreaterThan(10_000);
  // A WebM file starts with the EBML magic number.
  expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  const png = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Stage PNG' }).click();
  const picture = await readFile(await (await png).path());
  expect([...picture.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  // Wider than tall and as wide as the stage on screen (at least).
  const width = picture.readUInt32BE(16);
  const height = picture.readUInt32BE(20);
  expect(width).toBeGreaterThanOrEqual(1000);
  expect(height).toBeLessThan(width);
});

test('with reduced motion the tokens jump: the replay still empties the store', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).open();
  await openLesson(page, /QoS 0 is not stored/);
  await page.getByRole('button', { name: 'Play to the end' }).click();
  await expect(progress(page)).toHaveText(/^step (\d+) of \1$/, { timeout: 30_000 });
  await expect(page.getByTestId('verdicts')).toContainText('passed');
  await page.screenshot({ path: 'test-results/stage-reduced-motion.png' });
});

test("a presenter's keys: '.' plays and pauses, + and − change speed, Space steps, Esc leaves", async ({
  page,
}) => {
  await lessonAt1280(page, /Persistent session basics/);
  await page.getByRole('checkbox', { name: 'Presenter' }).check();
  const body = page.locator('body');
  const paused = page.getByTestId('clock-paused');
  await expect(paused).toBeAttached();
  await body.press('.');
  await expect(paused).toHaveCount(0);
  await body.press('.');
  await expect(paused).toBeAttached();
  const speed = page.getByRole('combobox', { name: 'Clock speed' });
  await body.press('+');
  await expect(speed).toHaveValue('10');
  await body.press('-');
  await expect(speed).toHaveValue('1');
  // Space on the focused Presenter box would untick it: a clicker's Space reaches the page.
  await page.getByTestId('stage-canvas').click();
  await body.press(' ');
  await expect(progress(page)).toHaveText('step 1 of 8');
  await body.press('Escape');
  await expect(page.locator('.app.presenter')).toHaveCount(0);
});
