import { PROFILES, type ProfileName, type ProfileOverrides } from '../../broker';

/**
 * The figures our profile runs with beside a broker whose figures the user gave: the broker's
 * session expiry in place of the profile's own, with no AWS extra delay (the check cannot wait
 * an hour, or 30 minutes more), and its store size in place of ours; each only where the profile
 * has one (a profile whose sessions never expire keeps them, whatever the broker's expiry).
 * The check then compares what the broker does with these figures, not the figures themselves.
 */
export function referenceOverrides(
  profile: ProfileName,
  figures: { expiry?: number; queue: number },
): ProfileOverrides {
  const p = PROFILES[profile];
  const o: ProfileOverrides = {};
  if (figures.expiry !== undefined && Number.isFinite(p.sessionExpiryV3)) {
    o.sessionExpiryV3 = figures.expiry;
    o.expiryJitter = 0;
  }
  if (figures.queue > 0 && Number.isFinite(p.queueLimit)) o.queueLimit = figures.queue;
  return o;
}
