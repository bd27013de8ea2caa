import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 16, item 4: a step played at the clock's speed, at 1×.

test("at the clock's speed, 1×: the replay step plays without a pause, in its own time", async ({
  page,
}) => {
  await page.goto('./?debug');
  await expect(page.getByRole('heading', { name: 'Clients' })).toBeVisible();
  const lab = new Playground(page);
  const select = page.getByRole('combobox', { name: 'Lesson' });
  const value = await select
    .locator('option', { hasText: /Persistent session basics/ })
    .getAttribute('value');
  await select.selectOption(value!);
  const next = page.getByRole('button', { name: 'Next step ▶' });
  const progress = page.getByTestId('scenario-progress');
  for (let i = 1; i <= 7; i++) {
    await next.click();
    await expect(progress).toHaveText(`step ${i} of 8`);
  }
  await page.getByRole('checkbox', { name: "At the clock's speed" }).check();
  await lab.speed(1);

  // Every change of the Play/Pause label and of the "paused" badge while the replay plays, and
  // every clock the store shows, with the wall time then.
  await page.evaluate(() => {
    const w = window as unknown as {
      clockChanges: string[];
      clocks: [number, number, boolean][];
      sessionLab: {
        subscribe(fn: (s: Clocked, before: Clocked) => void): void;
      };
    };
    type Clocked = { clock: { now: number; paused: boolean } };
    const bar = document.querySelector('.clockbar')!;
    const state = () =>
      `${bar.querySelector('button')!.textContent}|${bar.querySelector('.pill') ? 'paused' : ''}`;
    let last = state();
    w.clockChanges = [];
    new MutationObserver(() => {
      const now = state();
      if (now !== last) w.clockChanges.push((last = now));
    }).observe(bar, { subtree: true, childList: true, characterData: true });
    w.clocks = [];
    w.sessionLab.subscribe((s, before) => {
      if (s.clock !== before.clock) w.clocks.push([performance.now(), s.clock.now, s.clock.paused]);
    });
  });
  await next.click();
  await expect(progress).toHaveText('step 8 of 8', { timeout: 20_000 });
  const { changes, clocks } = await page.evaluate(() => {
    const w = window as unknown as { clockChanges: string[]; clocks: [number, number, boolean][] };
    return { changes: w.clockChanges, clocks: w.clocks };
  });
  // Playing once, paused once at the end: no flicker (it changed 44 times in 5 s).
  expect(changes).toEqual(['❚❚ Pause|', '▶ Play|paused']);
  await expect(page.getByTestId('verdicts')).toContainText('30 messages in 2.9 s');
  // While it played, simulated time kept to wall time: the replay's 2.9 s took about 2.9 s of
  // wall time (it took 5–6 s, a rate of 0.5). Within a step every replay step waits for the
  // page to take its message in, so a page slowed by a loaded machine slows the clock: 1.0 on
  // a quiet machine, 0.7–0.9 with a load of 8 on 2 cores. Hence the margin.
  const playing = clocks.filter(([, , paused]) => !paused);
  const [wall0, sim0] = playing[0]!;
  const [wall1, sim1] = playing.at(-1)!;
  expect(sim1 - sim0).toBeGreaterThan(2_000);
  expect((sim1 - sim0) / (wall1 - wall0)).toBeGreaterThan(0.65);
  expect((sim1 - sim0) / (wall1 - wall0)).toBeLessThan(1.1);
});
