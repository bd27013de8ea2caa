import type { BrokerStats } from '../../broker/context';
import type { ProfileName } from '../../broker/profiles';
import { audit, type Audit } from './audit';
import type { LedgerCounts } from './ledger';
import { HOUR, SECOND, Workload } from './workload';

export interface SoakOptions {
  profile: ProfileName;
  hours: number;
  clients: number;
  seed: number;
  publishEvery?: number;
  /** Called at the end of every simulated hour (the script samples the heap here). */
  onHour?: (hour: number, a: Audit, w: Workload) => void;
}

export interface SoakResult {
  profile: ProfileName;
  hourly: Audit[];
  settled: Audit;
  final: Audit;
  ledger: LedgerCounts;
  stats: BrokerStats;
  workload: Workload['counts'];
  /** Simulated time run after the day, so that every finite expiry passes. */
  tailMs: number;
  violations: string[];
}

const SEIS_USED = [600, 1800, 3600, 7200, 86_400, Infinity];

/**
 * Runs the soak: `hours` of churn audited every hour, then the settle (everyone who was to
 * come back does, backlogs drain), then everyone leaves and the clock runs past the longest
 * finite expiry. The final audit must find only what never-expiring sessions justify.
 */
export function runSoak(o: SoakOptions): SoakResult {
  const w = new Workload(o);
  const hourly: Audit[] = [];
  const violations: string[] = [];
  const note = (when: string, a: Audit) => {
    for (const v of a.violations) violations.push(`${when}: ${v}`);
  };
  for (let h = 1; h <= o.hours; h++) {
    w.runTo(h * HOUR);
    const a = audit(w, 'running');
    hourly.push(a);
    note(`hour ${h}`, a);
    o.onHour?.(h, a, w);
  }
  w.settle();
  const settled = audit(w, 'settled');
  note('settled', settled);
  w.disconnectAll();
  const p = w.broker.profile;
  const finite = [
    p.sessionExpiryV3,
    ...SEIS_USED.map((s) => Math.min(s, p.maxSessionExpiry)),
  ].filter((s) => Number.isFinite(s));
  const tailMs = ((finite.length ? Math.max(...finite) : 0) + p.expiryJitter + 3600) * SECOND;
  w.runTo(w.clock.now() + tailMs);
  const final = audit(w, 'final');
  note('final', final);
  for (const v of w.spotViolations) violations.push(`at churn: ${v}`);
  return {
    profile: o.profile,
    hourly,
    settled,
    final,
    ledger: w.ledger.counts,
    stats: w.broker.stats(),
    workload: w.counts,
    tailMs,
    violations: [...new Set(violations)],
  };
}
