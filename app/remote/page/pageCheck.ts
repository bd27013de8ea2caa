import { PROFILE_NAMES, type ProfileName } from '../../broker';
import { compare, type CheckBrokerReport } from '../check/compare';
import { probes } from '../check/runCheck';
import { referenceOverrides } from '../check/reference';
import { runCheck, type CheckResult } from '../check/runCheck';
import { createMemorySocketTarget } from '../memorySocketTarget';
import { runNaming } from '../naming';
import { reach } from '../reach';
import { createBrowserTarget, type InnerSocketFactory } from './browserTarget';
import type { RemoteMode } from './remoteMode';

export interface PageCheckFigures {
  /** The broker's 3.1.1 session expiry, seconds, as the person knows it (no expiry row without). */
  expiry?: number;
  /** Messages it stores per session (0: no full-store row). */
  queue: number;
}

/** How far the check is: the broker's probes, then each profile's. */
export interface CheckProgress {
  phase: 'broker' | 'profiles';
  done: number;
  of: number;
}

/**
 * The check of `npm run check-broker`, from the page: the same probes against the remote broker
 * (real time, over the browser's WebSocket, with the page's client id prefix and credentials),
 * then against our broker in memory under each profile (simulated time), and the comparison.
 * A broker that cannot be used stops it with why.
 */
export async function checkFromPage(
  remote: RemoteMode,
  figures: PageCheckFigures,
  onProgress: (p: CheckProgress) => void,
  socket?: InnerSocketFactory,
): Promise<CheckBrokerReport> {
  const target = createBrowserTarget({
    url: remote.url,
    label: remote.label,
    ...(socket ? { socket } : {}),
  });
  const auth = { ...remote.credentials };
  const naming = runNaming({ idRoot: remote.idPrefix });
  const problem = await reach(target, naming.clientId('reach'), auth, 10_000);
  if (problem !== undefined) throw new Error(`cannot use ${remote.label}: ${problem}`);
  const of = probes(figures).length;
  onProgress({ phase: 'broker', done: 0, of });
  // The broker's probes first, alone: their timings are real, and the profiles' work would
  // take the page's time from them.
  const broker = await runCheck(target, {
    ...figures,
    naming,
    auth,
    timeoutMs: 10_000,
    onProbe: (_name, done) => onProgress({ phase: 'broker', done, of }),
  });
  let done = 0;
  const total = of * PROFILE_NAMES.length;
  onProgress({ phase: 'profiles', done, of: total });
  const pairs = await Promise.all(
    PROFILE_NAMES.map(async (p): Promise<[ProfileName, CheckResult]> => {
      const memory = createMemorySocketTarget(p, referenceOverrides(p, figures));
      try {
        const result = await runCheck(memory, {
          ...figures,
          naming: runNaming(),
          onProbe: () => onProgress({ phase: 'profiles', done: ++done, of: total }),
        });
        return [p, result];
      } finally {
        await memory.close();
      }
    }),
  );
  const profiles = Object.fromEntries(pairs) as Record<ProfileName, CheckResult>;
  return { broker, profiles, comparison: compare(broker, profiles) };
}
