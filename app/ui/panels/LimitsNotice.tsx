import type { LimitName } from '../../broker';
import type { LimitHit } from '../../store/brokerView';
import { formatClock } from '../../format/time';
import { limitHitWording } from './wording';

/** The broker's bounds that were reached: what was refused, how often, and the last time. */
export function LimitsNotice({ limits }: { limits: Partial<Record<LimitName, LimitHit>> }) {
  const hits = Object.entries(limits) as [LimitName, LimitHit][];
  if (hits.length === 0) return null;
  return (
    <div className="limits" role="status" data-testid="limits">
      <strong>Limits reached</strong>
      <ul>
        {hits.map(([name, hit]) => (
          <li key={name} data-limit={name}>
            {limitHitWording(name, hit)}
            {hit.clientId === undefined
              ? ''
              : ` (${hit.clientId === '' ? '(empty id)' : hit.clientId})`}
            <span className="muted small">
              {' '}
              · {hit.count === 1 ? 'once' : `${hit.count} times`}, last at {formatClock(hit.at)}
            </span>
          </li>
        ))}
      </ul>
      <span className="muted small">
        What was over a limit was refused or dropped (each session lists its drops and why); nothing
        else changed. The limits are in the profile&apos;s figures.
      </span>
    </div>
  );
}
