import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; functionName?: string; type?: string; frame?: string } };
}

/**
 * A Chrome trace of the page's main thread from this call to the stop it returns (Tracing, through
 * CDP), summed up:
 * the longest tasks, and what their time went to (script, style, layout, paint, GC, by the
 * trace's own event names), so a long frame can be told apart from a slow function.
 */
export async function startTrace(page: Page): Promise<(saveTo?: string) => Promise<string>> {
  const session: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) =>
    session.once('Tracing.tracingComplete', () => resolve()),
  );
  await session.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  return async (saveTo) => {
    await session.send('Tracing.end');
    await done;
    // The whole trace, for a closer look (chrome://tracing or Perfetto open it).
    if (saveTo) writeFileSync(saveTo, JSON.stringify({ traceEvents: events }));
    return summarise(events);
  };
}

function summarise(events: TraceEvent[]): string {
  const main = mainThread(events);
  const tasks = events
    .filter((e) => e.tid === main.tid && e.pid === main.pid && e.name === 'RunTask' && e.dur)
    .sort((a, b) => b.dur! - a.dur!);
  const inside = (t: TraceEvent) =>
    events.filter(
      (e) =>
        e.tid === main.tid &&
        e.pid === main.pid &&
        e.ts >= t.ts &&
        e.ts < t.ts + t.dur! &&
        e !== t &&
        e.dur,
    );
  const lines: string[] = [];
  const totals = new Map<string, number>();
  for (const t of tasks) {
    for (const e of inside(t)) {
      if (!TOP.has(e.name)) continue;
      totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur!);
    }
  }
  const busy = tasks.reduce((a, t) => a + t.dur!, 0);
  lines.push(
    `main thread: ${tasks.length} tasks, ${(busy / 1000).toFixed(0)} ms; of it ${[...totals]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} ms`)
      .join(', ')}`,
  );
  for (const t of tasks.slice(0, 8)) {
    const parts = new Map<string, number>();
    for (const e of inside(t)) {
      if (!TOP.has(e.name)) continue;
      const what =
        e.name === 'FunctionCall' || e.name === 'TimerFire' || e.name === 'EventDispatch'
          ? `${e.name}(${e.args?.data?.functionName || e.args?.data?.type || ''})`
          : e.name;
      parts.set(what, (parts.get(what) ?? 0) + e.dur!);
    }
    lines.push(
      `  task ${(t.dur! / 1000).toFixed(1)} ms: ${[...parts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

/** The event names worth summing (they do not nest in one another, mostly). */
const TOP = new Set([
  'FunctionCall',
  'TimerFire',
  'EventDispatch',
  'FireAnimationFrame',
  'RunMicrotasks',
  'UpdateLayoutTree',
  'Layout',
  'Paint',
  'PrePaint',
  'Layerize',
  'MajorGC',
  'MinorGC',
  'V8.GC_SCAVENGER',
  'ParseHTML',
  'HitTest',
  'ScheduleStyleRecalculation',
]);

function mainThread(events: TraceEvent[]): { pid: number; tid: number } {
  const named = events.find(
    (e) =>
      e.name === 'thread_name' &&
      (e.args as { name?: string } | undefined)?.name === 'CrRendererMain',
  );
  if (named) return { pid: named.pid, tid: named.tid };
  const counts = new Map<string, number>();
  for (const e of events)
    if (e.name === 'RunTask')
      counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const [key] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const [pid, tid] = key.split(':').map(Number);
  return { pid: pid!, tid: tid! };
}
