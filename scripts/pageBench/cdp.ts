import type { CDPSession, Page } from '@playwright/test';

/** A Chrome DevTools Protocol channel: the page's own, or a worker's through it. */
export interface Cdp {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
}

/** The page's CDP session and its (first) dedicated worker's, reached through the page's. */
export async function attach(page: Page): Promise<{ page: Cdp; worker: Cdp | undefined }> {
  const session = await page.context().newCDPSession(page);
  const pageCdp: Cdp = { send: (method, params) => session.send(method as never, params as never) };
  const worker = await workerSession(session);
  return { page: pageCdp, worker };
}

/**
 * Playwright's CDP sessions cannot address a child target directly, so the worker is reached
 * the older way: messages to it wrapped in Target.sendMessageToTarget, replies unwrapped from
 * Target.receivedMessageFromTarget.
 */
async function workerSession(session: CDPSession): Promise<Cdp | undefined> {
  const attached = new Promise<string | undefined>((resolve) => {
    session.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') resolve(e.sessionId);
    });
    setTimeout(() => resolve(undefined), 3000);
  });
  await session.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  const sessionId = await attached;
  if (!sessionId) return undefined;
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  session.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id!);
    if (m.error) w.reject(new Error(m.error.message));
    else w.resolve(m.result);
  });
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        void session
          .send('Target.sendMessageToTarget', {
            sessionId,
            message: JSON.stringify({ id, method, params }),
          })
          .catch(reject);
      }),
  };
}

/** JS heap in use after a full collection, in MB. */
export async function heapAfterGc(cdp: Cdp): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return usedSize / 1e6;
}

/** Starts sampling the CPU; the returned function stops and gives the profile. */
export async function startProfile(cdp: Cdp): Promise<() => Promise<unknown>> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => (await cdp.send<{ profile: unknown }>('Profiler.stop')).profile;
}
