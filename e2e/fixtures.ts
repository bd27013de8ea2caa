import { test as base, expect } from '@playwright/test';

export { expect };

/**
 * Every spec runs with a watch on what the page must never do: break its Content-Security-Policy
 * (an inline script, eval, a foreign style) or send anything to another origin. Whatever the
 * spec did, the page is checked after it.
 */
export const test = base.extend<{ pageGuard: void }>({
  pageGuard: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const foreign: string[] = [];
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (url.protocol !== 'blob:' && url.protocol !== 'data:' && url.origin !== origin) {
          foreign.push(r.url());
        }
      });
      page.on('websocket', (ws) => foreign.push(ws.url()));
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (e) =>
          seen.push(`${e.violatedDirective}: ${e.blockedURI || e.sample}`),
        );
      });
      await use();
      expect(foreign, 'requests to other origins').toEqual([]);
      if (!page.isClosed() && page.url().startsWith(origin)) {
        const violations = await page.evaluate(
          () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
        );
        expect(violations, 'Content-Security-Policy violations').toEqual([]);
      }
    },
    { auto: true },
  ],
});
