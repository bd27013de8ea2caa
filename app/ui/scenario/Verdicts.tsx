import type { RemoteVerdict } from '../../remote/observability';
import type { Verdict } from '../../scenario/expect';
import { useScenario } from './ScenarioContext';

/** The expectations, passed or failed, each with the events that decided it (click to inspect). */
export function Verdicts({ onEvent }: { onEvent(seq: number): void }) {
  const verdicts = useScenario((s) => s.verdicts);
  const expected = useScenario((s) => s.scenario?.expect?.length ?? 0);
  if (expected === 0) return null;
  if (!verdicts) {
    return <p className="muted small">{expected} expectation(s), judged after the last step.</p>;
  }
  const passed = verdicts.filter((v) => v.pass).length;
  // Against a remote broker, what only the broker knows is neither passed nor failed.
  const unseen = (v: Verdict) => 'status' in v && (v as RemoteVerdict).status === 'not-observable';
  const notObservable = verdicts.filter(unseen).length;
  return (
    <div className="verdicts" data-testid="verdicts">
      <h3>
        Expectations: {passed} of {verdicts.length} passed
        {notObservable > 0 && `, ${notObservable} not observable against a remote broker`}
      </h3>
      <ul>
        {verdicts.map((v, i) => (
          <li
            key={i}
            className={v.pass ? 'verdict-pass' : unseen(v) ? 'verdict-unseen' : 'verdict-fail'}
            data-pass={v.pass}
          >
            <strong>{v.pass ? '✓' : unseen(v) ? '–' : '✗'}</strong> {v.label}:{' '}
            <span className="muted">{v.detail}</span>
            {v.seqs.length > 0 && (
              <span className="small">
                {' '}
                · events{' '}
                {v.seqs.slice(0, 4).map((seq) => (
                  <button key={seq} type="button" className="link" onClick={() => onEvent(seq)}>
                    #{seq}
                  </button>
                ))}
                {v.seqs.length > 4 ? ' …' : ''}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
