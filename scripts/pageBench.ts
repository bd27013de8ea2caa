import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { ProfileName } from '../app/broker';
import type { AppStore } from '../app/store/appStore';
import { chromiumArgs, findChromium } from '../e2e/chromium';

/**
 * `npm run bench:page`: how the playground holds up under load in headless Chromium, against
 * the built site. A benchmark, not a test: it prints figures. For each load it reports the
 * wall time, the deliveries per second to real mqtt.js clients in the page, and the frames:
 * how many were drawn and the longest gap between two (a frozen page shows as a long gap).
 */
interface Result {
  label: string;
  wallMs: number;
  deliveries: number;
  frames: number;
  longestGapMs: number;
  heapMb: number;
}

const PORT = 4199;

async function main(): Promise<void> {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    {
      stdio: 'ignore',
    },
  );
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`);
    const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
    const results: Result[] = [];
    for (const [label, clients, messages, profile] of [
      ['1 → 1, 10,000 QoS 1 (standard)', 2, 10_000, 'standard'],
      ['1 → 49, 200 QoS 1 (standard), 50 clients', 50, 200, 'standard'],
      ['1 → 1, 1,000 QoS 1 (aws, in-flight 100)', 2, 1_000, 'aws'],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      // tsx names functions with an `__name` helper that the page does not have.
      await page.addInitScript({ content: 'window.__name = (f) => f;' });
      await page.goto(`http://127.0.0.1:${PORT}/?debug`);
      await page.waitForSelector('text=Clients');
      results.push({ label, ...(await burst(page, clients, messages, profile)) });
      await page.close();
    }
    await browser.close();
    console.log('\n| load | wall | deliveries/s | frames | longest frame gap | JS heap |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
      const rate = Math.round((r.deliveries / r.wallMs) * 1000);
      console.log(
        `| ${r.label} | ${r.wallMs} ms | ${rate.toLocaleString('en')} | ${r.frames} | ${r.longestGapMs} ms | ${r.heapMb} MB |`,
      );
    }
  } finally {
    server.kill();
  }
}

/** N clients, all subscribed but the first, which publishes `messages` at once; until all arrive. */
async function burst(page: Page, clients: number, messages: number, profile: ProfileName) {
  return page.evaluate(
    async ([clients, messages, profile]) => {
      const s = (window as unknown as { sessionLab: AppStore }).sessionLab;
      const a = s.getState().actions;
      const until = async (f: () => boolean, ms = 120_000) => {
        const t0 = performance.now();
        while (!f() && performance.now() - t0 < ms) await new Promise((r) => setTimeout(r, 20));
      };
      a.applySetup({ profile, overrides: {}, seed: 1 });
      for (let i = 0; i < clients; i++) {
        a.addClient({
          clientId: `c${i}`,
          protocolVersion: 4,
          clean: false,
          sessionExpiry: 0,
          keepalive: 60,
        });
        a.connect(`c${i}`);
      }
      await until(() => Object.values(s.getState().clients).every((c) => c.status === 'connected'));
      for (let i = 1; i < clients; i++) {
        await a.subscribe(`c${i}`, 't/#', {
          qos: 1,
          noLocal: false,
          retainAsPublished: false,
          retainHandling: 0,
        });
      }
      let longest = 0;
      let frames = 0;
      let last = performance.now();
      let running = true;
      const loop = () => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        frames++;
        if (running) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
      const t0 = performance.now();
      a.burst(
        'c0',
        { topic: 't/x', payload: 'm', format: 'text', qos: 1, retain: false, messageExpiry: 0 },
        messages,
        0,
      );
      const last1 = `c${clients - 1}`;
      await until(() => s.getState().clients[last1]!.receivedCount >= messages);
      running = false;
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return {
        wallMs: Math.round(performance.now() - t0),
        deliveries: s.getState().clients[last1]!.receivedCount * (clients - 1),
        frames,
        longestGapMs: Math.round(longest),
        heapMb: Math.round((memory?.usedJSHeapSize ?? 0) / 1e6),
      };
    },
    [clients, messages, profile] as const,
  );
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the preview server did not start at ${url}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
