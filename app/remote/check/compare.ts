import { PROFILE_NAMES, type ProfileName } from '../../broker';
import type { CheckResult } from './runCheck';
import { ROWS, sameFinding, type Finding, type RowId } from './rows';

export interface ComparedRow {
  id: RowId;
  title: string;
  broker?: Finding;
  /** Per profile: what our broker did under it, and whether the broker did the same. */
  profiles: Record<ProfileName, { finding?: Finding; match?: boolean }>;
}

/** The check's answer: each row, and how many rows each profile got right. */
export interface Comparison {
  rows: ComparedRow[];
  totals: Record<ProfileName, { matched: number; of: number }>;
  /** Profiles that did what the broker did in every row that ran on both. */
  matches: ProfileName[];
  /** The profile that matched the most rows (the first of a tie, in profile order). */
  closest: ProfileName;
}

/** Sets the broker's findings beside each profile's, row by row. */
export function compare(
  broker: CheckResult,
  profiles: Readonly<Record<ProfileName, CheckResult>>,
): Comparison {
  const rows: ComparedRow[] = [];
  const totals = Object.fromEntries(
    PROFILE_NAMES.map((p) => [p, { matched: 0, of: 0 }]),
  ) as Comparison['totals'];
  for (const row of ROWS) {
    const mine = broker.findings[row.id];
    const ours = {} as ComparedRow['profiles'];
    let any = mine !== undefined;
    for (const p of PROFILE_NAMES) {
      const finding = profiles[p].findings[row.id];
      if (finding) any = true;
      if (mine && finding) {
        const match = sameFinding(mine, finding);
        totals[p].of++;
        if (match) totals[p].matched++;
        ours[p] = { finding, match };
      } else {
        ours[p] = finding ? { finding } : {};
      }
    }
    if (any)
      rows.push({
        id: row.id,
        title: row.title,
        ...(mine ? { broker: mine } : {}),
        profiles: ours,
      });
  }
  const matches = PROFILE_NAMES.filter(
    (p) => totals[p].of > 0 && totals[p].matched === totals[p].of,
  );
  const closest = PROFILE_NAMES.reduce((best, p) =>
    totals[p].matched > totals[best].matched ? p : best,
  );
  return { rows, totals, matches, closest };
}

/** A whole check: the broker's results, each profile's, and the comparison. */
export interface CheckBrokerReport {
  broker: CheckResult;
  profiles: Record<ProfileName, CheckResult>;
  comparison: Comparison;
}
