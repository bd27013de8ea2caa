import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 7: nothing unsafe in the page. The guard in ./fixtures checks every spec for CSP
// violations and for requests to other origins; these check the policy itself.

test('the built page carries a Content-Security-Policy: no inline script, no eval', async ({
  page,
  pageGuard,
}) => {
  const lab = new Playground(page);
  await lab.open();
  // The built policy, then the page's own narrowing of it (with no remote broker chosen: no
  // connection at all; see remote.spec.ts for a chosen one).
  const [policy, narrowed, ...more] = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .evaluateAll((metas) => metas.map((m) => m.getAttribute('content') ?? ''));
  expect(more).toEqual([]);
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("worker-src 'self'");
  expect(policy).toContain('connect-src ws: wss:');
  expect(policy).not.toContain('unsafe');
  expect(narrowed).toBe("connect-src 'none'");
  // And it holds: a WebSocket to anywhere is refused, and the refusal is reported.
  pageGuard.allowSocketsTo('ws://127.0.0.1:9');
  await page.evaluate(() => {
    try {
      new WebSocket('ws://127.0.0.1:9/mqtt');
    } catch {
      // Refused at once: the report below says so too.
    }
  });
  const violations = () =>
    page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  await expect
    .poll(async () => (await violations()).filter((v) => v.startsWith('connect-src')).length)
    .toBe(1);
  await page.evaluate(() =>
    (window as unknown as { __cspViolations: string[] }).__cspViolations.splice(0),
  );
  // An inline script and a string handed to setTimeout (eval in disguise) are refused, and
  // the guard's listener sees both refusals (then they are cleared for it).
  await page.addScriptTag({ content: 'window.__inline = 1' }).catch(() => undefined);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        (setTimeout as (code: string, ms: number) => number)('window.__implied = 1', 0);
        setTimeout(resolve, 50);
      }),
  );
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __inline?: number; __implied?: number };
    return [w.__inline, w.__implied];
  });
  expect(ran).toEqual([undefined, undefined]);
  const seen = await page.evaluate(() => {
    const list = (window as unknown as { __cspViolations: string[] }).__cspViolations;
    return list.splice(0);
  });
  expect(seen).toEqual([
    expect.stringMatching(/^script-src/),
    expect.stringMatching(/^script-src.*eval/),
  ]);
});

test('topics and payloads are shown as text, never as HTML', async ({ page }) => {
  const lab = new Playground(page);
  await lab.open();
  const a = await lab.addClient('A');
  await a.connect();
  await a.subscribe('t/#', 1);
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('t/#');
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  const topic = 't/<b>bold</b>';
  await a.publish(topic, payload, 1);
  await expect(a.receivedCount()).toHaveText('1');
  expect(await a.payloads()).toEqual([payload]);
  await expect(a.received().locator('.topic')).toHaveText(topic);
  expect(await page.locator('img[src="x"], b:text("bold")').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBe(
    undefined,
  );
});

test('a full session store is shown as a limit reached, with the messages it turned away', async ({
  page,
}) => {
  const lab = new Playground(page);
  await lab.open();
  await page.getByRole('button', { name: /^Figures/ }).click();
  const figures = page.getByRole('form', { name: 'Profile figures' });
  await figures.getByLabel('Stored messages per session').fill('3');
  await figures.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page.getByText(/Broker restarted with the/)).toBeVisible();

  const a = await lab.addClient('A');
  const b = await lab.addClient('B');
  await a.connect();
  await a.subscribe('t/#', 1);
  await expect(lab.session('A').getByTestId('subscriptions')).toContainText('t/#');
  await a.disconnect();
  await b.connect();
  await b.burst({ topic: 't/x', payload: 'm', qos: 1, count: 5 });
  const limits = page.getByTestId('limits');
  await expect(limits).toContainText('stored messages per session: a 4th where the limit is 3 (A)');
  await expect(lab.session('A').getByTestId('dropped')).toContainText('2 store full');
  // …and on the timeline, as a mark on A's lane (read in "The timeline as text").
  await page.getByText('The timeline as text').click();
  await expect(page.locator('[data-testid="mark-text"][data-kind="limit"]')).toContainText(
    'limit reached: stored messages per session',
  );
  await page.screenshot({ path: 'test-results/limits.png', fullPage: true });
  // The playground carries on: A comes back and gets the three that were kept.
  await a.connect();
  await expect(a.receivedCount()).toHaveText('3');
});
