import { test as base, expect } from '@playwright/test';

export { expect };

/** What a spec may tell the guard. */
export interface PageGuard {
  /** The remote broker the spec points the page at: WebSockets to its origin are expected. */
  allowSocketsTo(url: string): void;
}

/**
 * Every spec runs with a watch on what the page must never do: break its Content-Security-Policy
 * (an inline script, eval, a foreign style) or send anything to another origin. Whatever the
 * spec did, the page is checked after it. A spec that points the page at a remote broker says
 * which one: WebSockets to it, and to nothing else, are allowed.
 */
export const test = base.extend<{ pageGuard: PageGuard }>({
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
      const sockets = new Set<string>();
      page.on('websocket', (ws) => {
        if (!sockets.has(new URL(ws.url()).origin)) foreign.push(ws.url());
      });
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (e) =>
          seen.push(`${e.violatedDirective}: ${e.blockedURI || e.sample}`),
        );
      });
      await use({ allowSocketsTo: (url) => sockets.add(new URL(url).origin) });
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
