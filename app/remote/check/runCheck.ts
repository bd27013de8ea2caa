import { cleanUp, type Auth } from '../cleanup';
import type { Naming } from '../naming';
import type { Target } from '../target';
import { ProbeKit } from './kit';
import { cleanSession, v5DisconnectExpiry, v5NoExpiry } from './probes/clean';
import { expiryV3, expiryV5 } from './probes/expiry';
import { persistentSession } from './probes/persistent';
import { queueFull } from './probes/queue';
import { unacknowledged } from './probes/resend';
import { takeoverWill } from './probes/takeover';
import { acrossVersions } from './probes/versions';
import { inflightWindow } from './probes/window';
import type { Findings } from './rows';

export interface CheckOptions {
  /** The broker's session expiry in seconds, as the user knows it; no 3.1.1 expiry check without. */
  expiry?: number;
  /** Messages the broker stores per session; 0 skips the full-store check. */
  queue: number;
  naming: Naming;
  auth?: Auth;
  timeoutMs?: number;
  /** Told as each probe ends (the page's progress bar). */
  onProbe?: (name: string, done: number, of: number) => void;
}

export interface CheckResult {
  target: string;
  findings: Findings;
  /** Probes that could not finish, with why (their rows are missing). */
  problems: string[];
  elapsedMs: number;
  /** What clean-up could not do. */
  cleanup: string[];
}

type Probe = { name: string; run: (kit: ProbeKit) => Promise<Findings> };

/** The fixed set of probes, given the user's figures. */
export function probes(options: Pick<CheckOptions, 'expiry' | 'queue'>): Probe[] {
  const list: Probe[] = [
    { name: 'persistent session', run: persistentSession },
    { name: 'unacknowledged messages', run: unacknowledged },
    { name: 'in-flight window', run: inflightWindow },
    { name: 'clean session', run: cleanSession },
    { name: 'MQTT 5 without Session Expiry', run: v5NoExpiry },
    { name: 'MQTT 5 Session Expiry', run: expiryV5 },
    { name: 'MQTT 5 Session Expiry on DISCONNECT', run: v5DisconnectExpiry },
    { name: 'sessions across versions', run: acrossVersions },
    { name: 'Will on takeover', run: takeoverWill },
  ];
  if (options.expiry !== undefined)
    list.push({ name: 'session expiry', run: expiryV3(options.expiry) });
  if (options.queue > 0) list.push({ name: 'full store', run: queueFull(options.queue) });
  return list;
}

/**
 * Runs every probe against the target and cleans up after them. On a real-time target the
 * probes run side by side (each has its own client ids and topics), so the check takes about as
 * long as its longest wait; on a simulated clock one after the other, since each moves time.
 */
export async function runCheck(target: Target, options: CheckOptions): Promise<CheckResult> {
  const kit = new ProbeKit(target, options.naming, options.auth ?? {}, options.timeoutMs ?? 10_000);
  const findings: Findings = {};
  const problems: string[] = [];
  const start = kit.now();
  const list = probes(options);
  let done = 0;
  const runOne = async (p: Probe) => {
    try {
      Object.assign(findings, await p.run(kit));
    } catch (e) {
      problems.push(`${p.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    options.onProbe?.(p.name, ++done, list.length);
  };
  try {
    if (target.realTime) await Promise.all(list.map(runOne));
    else for (const p of list) await runOne(p);
  } finally {
    await kit.clients.closeAll();
  }
  const elapsedMs = kit.now() - start;
  const cleanup = await cleanUp(
    target,
    kit.clients,
    options.auth ?? {},
    options.timeoutMs ?? 10_000,
  );
  return { target: target.label, findings, problems, elapsedMs, cleanup };
}
