import { lazy, Suspense, useContext, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { LESSON_LIST } from '../../scenario/lessonList';
import { selectActions, useApp } from '../StoreContext';
import { ScenarioContext, useScenario } from './ScenarioContext';
import { ScenarioSteps } from './ScenarioSteps';
import { Verdicts } from './Verdicts';

// Loaded when a scenario is open, not with the page.
const ComparePanel = lazy(async () => ({ default: (await import('./ComparePanel')).ComparePanel }));

/**
 * Scenarios: a built-in lesson, a file or a link, played step by step (with its narration on
 * the timeline) or straight through, then its expectations shown passed or failed.
 */
export function ScenarioPanel() {
  const store = useContext(ScenarioContext)!;
  const scenario = useScenario((s) => s.scenario);
  const outcomes = useScenario((s) => s.outcomes);
  const busy = useScenario((s) => s.busy);
  const problems = useScenario((s) => s.problems);
  const presenter = useScenario((s) => s.presenter);
  const recording = useScenario((s) => s.recording);
  const paced = useScenario((s) => s.paced);
  const actions = useScenario((s) => s.actions);
  const { select } = useApp(selectActions);
  const fileInput = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string>();
  useScenarioKeys();

  const total = scenario?.steps.length ?? 0;
  const done = outcomes.length;

  const openFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > 1_000_000) {
      store.setState({ problems: [`${file.name}: over 1 MB, not a scenario file`] });
      return;
    }
    await actions.openText(await file.text(), 'file');
  };
  const save = async () => {
    const text = await actions.fileText();
    const { downloadText } = await import('../../timeline/exportLog');
    if (text) downloadText(`${slug(scenario!.title)}.json`, text, 'application/json');
  };
  const copyLink = async () => {
    const link = await actions.link(location.href);
    if (!link) return;
    setCopied(link);
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      // No clipboard (an insecure page, a denied permission): the link is shown to copy.
    }
  };

  return (
    <section className="card scenario" aria-labelledby="scenario-heading">
      <div className="row wrap">
        <h2 id="scenario-heading">Scenario</h2>
        <label>
          <span className="sr-only">Lesson</span>
          <select
            aria-label="Lesson"
            value=""
            disabled={busy || recording}
            onChange={(e) => {
              if (e.target.value) void actions.openLesson(e.target.value);
            }}
          >
            <option value="">Open a lesson…</option>
            {LESSON_LIST.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={busy || recording}
          onClick={() => fileInput.current?.click()}
        >
          Open file…
        </button>
        {recording ? (
          <button type="button" className="recording" onClick={() => void actions.stopRecording()}>
            ■ Stop recording
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => void actions.record()}>
            ● Record
          </button>
        )}
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="scenario-file"
          onChange={(e) => void openFile(e)}
        />
        {scenario && (
          <>
            <span className="spacer" />
            <button type="button" onClick={() => void save()}>
              Save file
            </button>
            <button type="button" onClick={() => void copyLink()}>
              Copy link
            </button>
            <label className="check">
              <input
                type="checkbox"
                checked={presenter}
                onChange={(e) => actions.setPresenter(e.target.checked)}
              />
              <span>Presenter</span>
            </label>
            <button type="button" disabled={busy} onClick={actions.close}>
              Close
            </button>
          </>
        )}
      </div>
      {problems.length > 0 && (
        <ul className="field-error" role="alert" data-testid="scenario-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {copied && (
        <p className="small">
          Link copied:{' '}
          <input
            readOnly
            value={copied}
            aria-label="Scenario link"
            className="link-box"
            onFocus={(e) => e.target.select()}
          />
        </p>
      )}
      {scenario && (
        <>
          <h3 data-testid="scenario-title">{scenario.title}</h3>
          {scenario.description && (
            <p className="muted scenario-description">{scenario.description}</p>
          )}
          <div className="row wrap scenario-controls">
            <button
              type="button"
              disabled={busy || done === 0}
              onClick={() => void actions.previous()}
            >
              ◀ Previous step
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || done >= total}
              onClick={() => void actions.next()}
            >
              Next step ▶
            </button>
            <button
              type="button"
              disabled={busy || done >= total}
              onClick={() => void actions.playAll()}
            >
              Play to the end
            </button>
            <button type="button" disabled={busy} onClick={() => void actions.restart()}>
              Restart
            </button>
            <label className="check" title="Steps that take time play at the clock's speed">
              <input
                type="checkbox"
                checked={paced}
                onChange={(e) => actions.setPaced(e.target.checked)}
              />
              <span>At the clock&apos;s speed</span>
            </label>
            <span className="muted small" data-testid="scenario-progress" aria-live="polite">
              {busy ? 'running…' : `step ${done} of ${total}`}
            </span>
          </div>
          <ScenarioSteps scenario={scenario} outcomes={outcomes} />
          <Verdicts onEvent={(seq) => select(seq)} />
          <Suspense fallback={null}>
            <ComparePanel />
          </Suspense>
        </>
      )}
    </section>
  );
}

/** N or Page Down: next step; P or Page Up: previous (a presenter's clicker sends those). */
function useScenarioKeys(): void {
  const store = useContext(ScenarioContext)!;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      // Keys typed into a field, or the timeline's own arrows, are not for the scenario.
      const typing = 'input:not([type=checkbox]):not([type=radio]), textarea, select';
      if (target?.closest(`${typing}, [contenteditable], canvas`)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const { scenario, actions, presenter } = store.getState();
      if (!scenario) return;
      const next = ['n', 'N', 'PageDown'].includes(e.key) || (presenter && e.key === 'ArrowRight');
      const previous = ['p', 'P', 'PageUp'].includes(e.key) || (presenter && e.key === 'ArrowLeft');
      if (next || previous) {
        e.preventDefault();
        void (next ? actions.next() : actions.previous());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}

const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'scenario';
