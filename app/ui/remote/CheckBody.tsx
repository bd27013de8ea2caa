import { useState, type FormEvent } from 'react';
import { PROFILE_NAMES } from '../../broker';
import type { CheckBrokerReport } from '../../remote/check/compare';
import { verdictLine } from '../../remote/check/table';
import { checkFromPage, type CheckProgress } from '../../remote/page/pageCheck';
import type { RemoteMode } from '../../remote/page/remoteMode';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; progress?: CheckProgress }
  | { kind: 'done'; report: CheckBrokerReport; seconds: number }
  | { kind: 'failed'; why: string };

/** Whole seconds ≥ 1, or empty for none; undefined when the text is neither. */
function seconds(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isInteger(n) && n >= 1 && n <= 3600 ? n : undefined;
}

/** The check's form, its progress, and its table. */
export default function CheckBody({ remote }: { remote: RemoteMode }) {
  const [expiry, setExpiry] = useState('');
  const [queue, setQueue] = useState('1000');
  const [error, setError] = useState<string | undefined>();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const running = state.kind === 'running';

  const run = async (e: FormEvent) => {
    e.preventDefault();
    const ex = seconds(expiry);
    const q = Number(queue.trim());
    if (ex === undefined) return setError('Session expiry: whole seconds from 1 to 3600, or empty');
    if (!Number.isInteger(q) || q < 0 || q > 10_000)
      return setError('Store size: a whole number from 0 (skip the row) to 10000');
    setError(undefined);
    setState({ kind: 'running' });
    const started = performance.now();
    try {
      const report = await checkFromPage(
        remote,
        { ...(ex === null ? {} : { expiry: ex }), queue: q },
        (progress) => setState({ kind: 'running', progress }),
      );
      setState({ kind: 'done', report, seconds: (performance.now() - started) / 1000 });
    } catch (err) {
      setState({ kind: 'failed', why: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <div className="check-body">
      <p className="small muted">
        The probes of <code>npm run check-broker</code>, from this page: persistent sessions and
        what comes back on resume, unacknowledged messages, the in-flight window, clean sessions,
        MQTT 5 Session Expiry, a 3.1.1 session resumed by MQTT 5, the Will on a takeover, a full
        store. Each has client ids of its own (<code>{remote.idPrefix}</code> and a tag) and clears
        its sessions after; they run side by side and take about as long as the longest wait (some
        seconds). The profiles’ columns come from the very same probes run on our broker in this
        page, with the figures you give.
      </p>
      <form className="row wrap" onSubmit={run} aria-label="Check this broker">
        <label className="inline">
          Session expiry of a 3.1.1 session (s)
          <input
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
            inputMode="numeric"
            placeholder="unknown"
            size={7}
          />
        </label>
        <label className="inline">
          Messages stored per session
          <input
            value={queue}
            onChange={(e) => setQueue(e.target.value)}
            inputMode="numeric"
            size={6}
          />
        </label>
        <button type="submit" className="primary" disabled={running}>
          {running ? 'Checking…' : 'Run the check'}
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {state.kind === 'running' && <Progress progress={state.progress} />}
      {state.kind === 'failed' && (
        <p className="field-error" role="alert" data-testid="check-failed">
          The check stopped: {state.why}
        </p>
      )}
      {state.kind === 'done' && <Table report={state.report} seconds={state.seconds} />}
    </div>
  );
}

function Progress({ progress }: { progress?: CheckProgress }) {
  const what = !progress
    ? 'Reaching the broker…'
    : progress.phase === 'broker'
      ? `The broker: ${progress.done} of ${progress.of} probes done`
      : `Our profiles, the same probes: ${progress.done} of ${progress.of} done`;
  // The broker's probes are the first half of the bar, the profiles' the second.
  const share = progress ? progress.done / Math.max(1, progress.of) : 0;
  const value = progress?.phase === 'profiles' ? 50 + share * 50 : share * 50;
  return (
    <div className="check-progress" data-testid="check-progress">
      <span className="small">{what}</span>
      <div
        className="bar"
        role="progressbar"
        aria-label="The check's progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(value)}
      >
        <div className="bar-fill" style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}

function Table({ report, seconds }: { report: CheckBrokerReport; seconds: number }) {
  const c = report.comparison;
  const problems = [...report.broker.problems, ...report.broker.cleanup];
  return (
    <div data-testid="check-result">
      <p>
        <strong data-testid="check-verdict">{verdictLine(c)}</strong>{' '}
        <span className="muted small">(the check took {seconds.toFixed(1)} s)</span>
      </p>
      <div className="table-scroll">
        <table className="profiles check-table">
          <caption>
            What the broker did in each check, and what each of our profiles does with the same
            probes: ✓ the same, ✗ and what it does instead. A paced replay matches within 30%.
          </caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">This broker</th>
              {PROFILE_NAMES.map((p) => (
                <th key={p} scope="col">
                  {p}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.rows.map((r) => (
              <tr key={r.id} data-row={r.id}>
                <th scope="row">{r.title}</th>
                <td className="check-broker-cell">{r.broker?.value ?? '(not run)'}</td>
                {PROFILE_NAMES.map((p) => {
                  const cell = r.profiles[p];
                  if (!cell.finding) return <td key={p}>(not run)</td>;
                  if (cell.match === undefined) return <td key={p}>{cell.finding.value}</td>;
                  return (
                    <td key={p} className={cell.match ? 'match' : 'mismatch'}>
                      {cell.match ? '✓' : `✗ ${cell.finding.value}`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">checks matched</th>
              <td />
              {PROFILE_NAMES.map((p) => (
                <td key={p} data-testid={`matched-${p}`}>
                  {c.totals[p].matched}/{c.totals[p].of}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      {problems.length > 0 && (
        <ul className="small field-error">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
