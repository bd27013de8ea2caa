import { useEffect, useMemo, useRef, useState } from 'react';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../../broker';
import type { ComparedRun } from '../../scenario/scenarioStore';
import { fit } from '../../timeline/view';
import { reveal } from '../reveal';
import { useScenario } from './ScenarioContext';
import { StaticTimeline } from './StaticTimeline';

/** The scenario on two profiles: both timelines over one window, and what differs. */
export function ComparePanel() {
  const scenario = useScenario((s) => s.scenario);
  const comparison = useScenario((s) => s.comparison);
  const busy = useScenario((s) => s.busy);
  const actions = useScenario((s) => s.actions);
  const others = PROFILE_NAMES.filter((p) => p !== scenario?.profile);
  const [other, setOther] = useState<ProfileName>(
    others.includes('mosquitto') ? 'mosquitto' : others[0]!,
  );
  const view = useMemo(
    () =>
      comparison ? fit(0, Math.max(comparison.left.end, comparison.right.end, 1000)) : undefined,
    [comparison],
  );
  const results = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // New results appear under the button, often below the fold: bring them into view.
  useEffect(() => {
    if (comparison && results.current && heading.current) {
      reveal(results.current, heading.current);
    }
  }, [comparison]);
  const clients = useMemo(() => {
    const ids = scenario?.clients.map((c) => c.clientId ?? c.name) ?? [];
    return ids.filter((id, i) => ids.indexOf(id) === i);
  }, [scenario]);
  if (!scenario) return null;
  const label = (p: ProfileName) => PROFILES[p].label;

  return (
    <div className="compare-runs">
      <div className="row wrap">
        <label>
          <span>Compare with </span>
          <select
            aria-label="Profile to compare with"
            value={others.includes(other) ? other : others[0]}
            onChange={(e) => setOther(e.target.value as ProfileName)}
          >
            {others.map((p) => (
              <option key={p} value={p}>
                {label(p)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={busy}
          onClick={() => void actions.compare(others.includes(other) ? other : others[0]!)}
        >
          Compare
        </button>
        {comparison && (
          <button type="button" className="link" onClick={actions.closeComparison}>
            close comparison
          </button>
        )}
      </div>
      {comparison && view && (
        <div data-testid="comparison" ref={results}>
          <h3 ref={heading} tabIndex={-1} className="compare-heading">
            {label(comparison.left.profile)} and {label(comparison.right.profile)} compared
          </h3>
          <p className="muted small">
            The scenario ran on two playgrounds of their own; the one above is unchanged.
          </p>
          {[comparison.left, comparison.right].map((run) => (
            <figure key={run.profile} className="compare-run">
              <figcaption>
                <strong>{label(run.profile)}</strong>{' '}
                <span className="muted small">
                  {run.verdicts.filter((v) => v.pass).length} of {run.verdicts.length} expectations
                  pass
                  {failedSteps(run) > 0 &&
                    `; ${failedSteps(run)} step${failedSteps(run) === 1 ? '' : 's'} failed`}
                </span>
              </figcaption>
              <StaticTimeline
                events={run.log}
                view={view}
                clients={clients}
                label={`Timeline of the scenario on ${label(run.profile)}`}
              />
            </figure>
          ))}
          {comparison.differences.length === 0 ? (
            <p>No differences.</p>
          ) : (
            <table className="differences" data-testid="differences">
              <thead>
                <tr>
                  <th>About</th>
                  <th>What</th>
                  <th>{label(comparison.left.profile)}</th>
                  <th>{label(comparison.right.profile)}</th>
                </tr>
              </thead>
              <tbody>
                {comparison.differences.map((d, i) => (
                  <tr key={i}>
                    <td>{d.subject}</td>
                    <td>{d.what}</td>
                    <td>{d.left}</td>
                    <td>{d.right}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}

const failedSteps = (run: ComparedRun) => run.steps.filter((s) => s.error).length;
