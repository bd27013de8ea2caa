import { PROFILE_NAMES, type ProfileName } from '../../broker';
import type { CheckBrokerReport } from './compare';

/** The check's result for a QA team's CI: one JSON object. */
export function checkJson(
  r: CheckBrokerReport,
  figures: { expiry?: number; queue: number },
  expect: ProfileName | undefined,
  passed: boolean | undefined,
) {
  const c = r.comparison;
  return {
    format: 'mqtt-session-lab/check-broker@1',
    broker: r.broker.target,
    expiry: figures.expiry ?? null,
    queue: figures.queue,
    rows: c.rows.map((row) => ({
      id: row.id,
      check: row.title,
      broker: row.broker?.value ?? null,
      ...(row.broker?.rate !== undefined ? { brokerRate: row.broker.rate } : {}),
      profiles: Object.fromEntries(
        PROFILE_NAMES.map((p) => {
          const cell = row.profiles[p];
          return [p, { value: cell.finding?.value ?? null, match: cell.match ?? null }];
        }),
      ),
    })),
    totals: c.totals,
    matches: c.matches,
    closest: c.closest,
    expect: expect ?? null,
    passed: passed ?? null,
    problems: r.broker.problems,
    profileProblems: Object.fromEntries(PROFILE_NAMES.map((p) => [p, r.profiles[p].problems])),
    elapsedMs: Math.round(r.broker.elapsedMs),
    cleanup: r.broker.cleanup,
  };
}
