import { PROFILE_NAMES, type ProfileName } from '../../broker';
import { compare, type CheckBrokerReport } from '../check/compare';
import { referenceOverrides } from '../check/reference';
import { runCheck, type CheckResult } from '../check/runCheck';
import { runNaming } from '../naming';
import type { BrokerSettings } from './brokerArgs';
import { createMemoryTarget } from './memoryTarget';
import { createNetTarget } from './netTarget';

export interface CheckFigures {
  /** The broker's session expiry, seconds (no 3.1.1 expiry check without it). */
  expiry?: number;
  /** Messages the broker stores per session (0: no full-store check). */
  queue: number;
}

export interface CheckBrokerOptions extends CheckFigures {
  settings: BrokerSettings;
}

const references = new Map<string, Promise<Record<ProfileName, CheckResult>>>();

/**
 * The same probes against our broker in memory under each profile, with the user's figures
 * (see referenceOverrides): what each profile does. The same figures give the same results,
 * so they are worked out once per process.
 */
export function profileResults(figures: CheckFigures): Promise<Record<ProfileName, CheckResult>> {
  const key = `${figures.expiry ?? '-'}/${figures.queue}`;
  let results = references.get(key);
  if (!results) {
    // Each profile has a broker and a clock of its own: they run side by side.
    results = Promise.all(
      PROFILE_NAMES.map(async (p) => {
        const target = createMemoryTarget(p, referenceOverrides(p, figures));
        try {
          return [p, await runCheck(target, { ...figures, naming: runNaming() })] as const;
        } finally {
          await target.close();
        }
      }),
    ).then((pairs) => Object.fromEntries(pairs) as Record<ProfileName, CheckResult>);
    references.set(key, results);
  }
  return results;
}

/**
 * Runs the check's probes against the broker, then sets what it did beside what each of our
 * profiles does with the very same probes: the profiles' column comes from running them, never
 * from a table, so the two cannot drift apart.
 */
export async function checkBroker(options: CheckBrokerOptions): Promise<CheckBrokerReport> {
  const figures: CheckFigures = {
    ...(options.expiry !== undefined ? { expiry: options.expiry } : {}),
    queue: options.queue,
  };
  const remote = createNetTarget(options.settings.address);
  const broker = await runCheck(remote, {
    ...figures,
    naming: runNaming(options.settings.roots),
    timeoutMs: options.settings.timeoutMs,
  });
  await remote.close();
  const profiles = await profileResults(figures);
  return { broker, profiles, comparison: compare(broker, profiles) };
}
