import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES } from '../../broker/profiles';
import { runSoak } from './run';

// A bounded soak (scripts/soak.ts runs the full day): 2 simulated hours of 20 clients churning
// on each profile. Leaks show as structure counts the live state does not justify, so they
// fail here every time, not by heap noise.
describe('soak: 2 simulated hours, 20 clients', () => {
  it.each(PROFILE_NAMES)(
    '%s: no message lost, every structure back to what the live state justifies',
    (profile) => {
      const r = runSoak({ profile, hours: 2, clients: 20, seed: 7, publishEvery: 20 });
      expect(r.violations).toEqual([]);
      expect(r.final.lost).toEqual([]);
      expect(r.settled.lost).toEqual([]);
      expect(r.ledger.qos2Duplicates).toBe(0);
      // The run did what it is for: churn, stores, drops and deliveries happened.
      expect(r.workload.connects).toBeGreaterThan(40);
      expect(r.workload.sessionPresent).toBeGreaterThan(5);
      expect(r.ledger.delivered).toBeGreaterThan(1000);
      expect(r.stats.stored).toBeGreaterThan(100);
      // After everyone left and every finite expiry passed: only never-expiring sessions remain,
      // and nothing else the broker holds for them is more than they justify.
      const f = r.final.footprint;
      expect(f.connections).toBe(0);
      expect(f.treeEntries).toBe(f.subscriptions);
      expect(f.treeNodes).toBeLessThanOrEqual(f.treeNodesJustified);
      expect(f.queued + f.inflight).toBe(r.final.held);
    },
  );

  it('the same seed gives the same day', () => {
    const a = runSoak({ profile: 'aws', hours: 1, clients: 10, seed: 3 });
    const b = runSoak({ profile: 'aws', hours: 1, clients: 10, seed: 3 });
    expect(b.ledger).toEqual(a.ledger);
    expect(b.final.footprint).toEqual(a.final.footprint);
  });
});
