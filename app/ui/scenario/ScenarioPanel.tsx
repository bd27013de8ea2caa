import { useContext, useRef, useState, type ChangeEvent } from 'react';
import { LESSONS } from '../../scenario/lessons';
import { selectActions, useApp } from '../StoreContext';
import { ComparePanel } from './ComparePanel';
import { ScenarioContext, useScenario } from './ScenarioContext';
import { ScenarioSteps } from './ScenarioSteps';
import { Verdicts } from './Verdicts';

/**
 * Scenarios: a built-in lesson, a file or a link, played step by step (with its narration on
 * the timeline) or straight through, then its expectations shown passed or failed.
 */
export function ScenarioPanel() {
  const store = useContext(ScenarioContext)!;
  const scenario = useScenario((s) => s.scenario);
  const outcomes = useScenario((s) => s.outcomes);
  const busy = useScenario((s) => s.busy);
  const kept = useScenario((s) => s.keptRecording);
  const recording = useScenario((s) => s.recording);
  const actions = useScenario((s) => s.actions);
  const { select } = useApp(selectActions);
  const fileInput = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<{ link: string; brokerQueryLeftOut: boolean }>();

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
  const save = () => {
    const text = actions.fileText();
    if (text) void downloadText(`${slug(scenario!.title)}.json`, text, 'application/json');
  };
  const copyLink = async () => {
    const shared = await actions.link(location.href);
    if (!shared) return;
    setCopied(shared);
    try {
      await navigator.clipboard.writeText(shared.link);
    } catch {
      // No clipboard (an insecure page, a denied permission): the link is shown to copy.
    }
  };

  return (
    <section
      id="scenario"
      tabIndex={-1}
      className="card scenario"
      aria-labelledby="scenario-heading"
    >
      <div className="row wrap">
        <h2 id="scenario-heading">Scenario</h2>
        <label>
          <span className="sr-only">Lesson</span>
          <select
            aria-label="Lesson"
            value=""
            disabled={busy || recording}
            onChange={(e) => {
              const lesson = LESSONS.find((l) => l.id === e.target.value);
              if (lesson) void actions.open(lesson.scenario, 'lesson');
            }}
          >
            <option value="">Open a lesson…</option>
            {LESSONS.map((l) => (
              <option key={l.id} value={l.id}>
                {l.scenario.title}
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
          <button type="button" disabled={busy} onClick={actions.record}>
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
            <button type="button" onClick={save}>
              Save file
            </button>
            <button type="button" onClick={() => void copyLink()}>
              Copy link
            </button>
            <button type="button" disabled={busy} onClick={actions.close}>
              Close
            </button>
          </>
        )}
      </div>
      <ScenarioProblems />
      {kept && (
        <div className="kept-recording" data-testid="kept-recording">
          <p>
            <strong>Your recording is kept</strong>, but it cannot be opened as a scenario (the
            lines are those of the file it saves as):
          </p>
          <ul className="field-error">
            {kept.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
          <div className="row wrap">
            <button
              type="button"
              className="primary"
              onClick={() =>
                void downloadText(`${slug(kept.title)}.json`, kept.text, 'application/json')
              }
            >
              Save the recording as a file
            </button>
            <button type="button" onClick={actions.discardRecording}>
              Discard it
            </button>
          </div>
        </div>
      )}
      {copied && (
        <p className="small">
          Link copied:{' '}
          <input
            readOnly
            value={copied.link}
            aria-label="Scenario link"
            className="link-box"
            onFocus={(e) => e.target.select()}
          />
          {copied.brokerQueryLeftOut && (
            <span className="muted" data-testid="link-query-left-out">
              {' '}
              The broker URL&apos;s query (a signature?) is left out: whoever opens it adds their
              own.
            </span>
          )}
        </p>
      )}
      {scenario && (
        <>
          <h3 data-testid="scenario-title">{scenario.title}</h3>
          {scenario.description && (
            <p className="muted scenario-description">{scenario.description}</p>
          )}
          <p className="muted small">
            Step through it on the stage above (Next step, or N / Page Down); the list below says
            what each step does.
          </p>
          <ScenarioSteps scenario={scenario} outcomes={outcomes} />
          <Verdicts onEvent={(seq) => select(seq)} />
          <ComparePanel />
        </>
      )}
    </section>
  );
}

// The exports load when a file is first saved, as on the timeline and the stage: not with the page.
const downloadText = async (name: string, text: string, mime: string) =>
  (await import('../../timeline/exportLog')).downloadText(name, text, mime);

const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'scenario';

/** What was wrong with the last file or link that could not be opened (only the latest's). */
export function ScenarioProblems() {
  const problems = useScenario((s) => s.problems);
  if (problems.length === 0) return null;
  return (
    <ul className="field-error" data-testid="scenario-problems">
      {problems.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
}
