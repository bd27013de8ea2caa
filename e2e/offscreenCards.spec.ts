import { expect, test } from './fixtures';
import { Playground } from './playground';

// Issue 14: a card scrolled out of view is brought up to date twice a second during a burst,
// at once when seen, and ends up showing everything.

test('a client card out of view follows a burst twice a second, and all of it in the end', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const playground = new Playground(page);
  await playground.open();
  const a = await playground.addClient('A');
  // Cards between A and B, so that B's burst button is far below A's card.
  for (const id of ['C', 'D', 'E']) await playground.addClient(id);
  const b = await playground.addClient('B');
  await a.connect();
  await b.connect();
  await a.subscribe('t/#');
  await expect(page.getByTestId('subscriptions').first()).toContainText('t/#');
  // 600 messages at 100 a second: six seconds of a count that moves. Clicking B's button
  // scrolls down to it, and A's card out of view.
  await b.burst({ topic: 't/x', payload: 'm', qos: 1, count: 600, rate: 100 });
  await expect(a.root).not.toBeInViewport();
  await expect(a.receivedCount()).not.toHaveText('0');
  // How often A's count changes in 2 s out of view (ten times a second in view).
  const changes = await a.receivedCount().evaluate(
    (el) =>
      new Promise<number>((resolve) => {
        let n = 0;
        const observer = new MutationObserver(() => n++);
        observer.observe(el, { subtree: true, childList: true, characterData: true });
        setTimeout(() => {
          observer.disconnect();
          resolve(n);
        }, 2_000);
      }),
  );
  expect(changes).toBeGreaterThanOrEqual(2);
  expect(changes).toBeLessThanOrEqual(6);
  // Seen again, it follows at once: scrolled into view just after a half-second update, it
  // changes at the next render (ten a second), not half a second later.
  const wait = await a.receivedCount().evaluate(
    (el) =>
      new Promise<number>((resolve) => {
        let scrolledAt = 0;
        const observer = new MutationObserver(() => {
          if (scrolledAt === 0) {
            scrolledAt = performance.now();
            el.closest('article')!.scrollIntoView({ block: 'center' });
          } else {
            observer.disconnect();
            resolve(performance.now() - scrolledAt);
          }
        });
        observer.observe(el, { subtree: true, childList: true, characterData: true });
      }),
  );
  expect(wait).toBeLessThan(300);
  await b.root.scrollIntoViewIfNeeded();
  await expect(a.root).not.toBeInViewport();
  await expect(a.receivedCount()).toHaveText('600', { timeout: 20_000 });
});
