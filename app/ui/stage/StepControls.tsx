import { PROFILES } from '../../broker';
import { useScenario } from '../scenario/ScenarioContext';
import { useAppStore } from '../StoreContext';

/**
 * The scenario's narration and its step controls, above the stage: the words of the current
 * step, previous and next, and where the run is ("step 3 of 8").
 */
export function StepControls({ compact = false }: { compact?: boolean }) {
  const scenario = useScenario((s) => s.scenario);
  const outcomes = useScenario((s) => s.outcomes);
  const busy = useScenario((s) => s.busy);
  const paced = useScenario((s) => s.paced);
  const actions = useScenario((s) => s.actions);
  const held = useScenario((s) => s.autoplayHeld);
  const remote = useAppStore().remote;
  if (!scenario) return null;
  const total = scenario.steps.length;
  const done = outcomes.length;
  // While a step runs, it is the one on show; its line if it has one, else the one before.
  const shown = busy ? Math.min(total, done + 1) : done;
  const narration = scenario.steps
    .slice(0, shown)
    .filter((s) => s.say !== undefined)
    .at(-1)?.say;
  return (
    <div className="stage-steps">
      <p className="narration" role="status" aria-live="polite" data-testid="narration">
        <span className="narration-step">
          Step {shown} of {total}
        </span>{' '}
        {shown === 0 ? `${scenario.title}: press Next step (or N) to begin.` : (narration ?? '')}
      </p>
      {held && remote && (
        <p className="small" role="note" data-testid="autoplay-held">
          Against a remote broker a lesson starts when you press Play to the end: nothing is sent to{' '}
          {remote.label} until then.
        </p>
      )}
      {remote && shown > 0 && (
        <p className="muted small" data-testid="remote-narration">
          The words tell the story as {PROFILES[scenario.profile].label} keeps it; what this broker
          did is what the cards, the stage and the timeline show.
        </p>
      )}
      <div className="row wrap scenario-controls" role="group" aria-label="Scenario steps">
        <button type="button" disabled={busy || done === 0} onClick={() => void actions.previous()}>
          ◀ Previous step
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || done >= total}
          onClick={() => void actions.next()}
          aria-keyshortcuts="N PageDown"
        >
          Next step ▶
        </button>
        {/* An embed has no room for it, unless its link asked to play and it waits for a click. */}
        {(!compact || held) && (
          <button
            type="button"
            disabled={busy || done >= total}
            onClick={() => void actions.playAll()}
          >
            Play to the end
          </button>
        )}
        {!compact && (
          <>
            <button type="button" disabled={busy} onClick={() => void actions.restart()}>
              Restart
            </button>
            {remote ? (
              <span className="muted small" data-testid="real-time-steps">
                in real time: a wait takes as long as it says
              </span>
            ) : (
              <label className="check" title="Steps that take time play at the clock's speed">
                <input
                  type="checkbox"
                  checked={paced}
                  onChange={(e) => actions.setPaced(e.target.checked)}
                />
                <span>At the clock&apos;s speed</span>
              </label>
            )}
          </>
        )}
        <span className="muted small" data-testid="scenario-progress" aria-live="polite">
          {busy ? 'running…' : `step ${done} of ${total}`}
        </span>
      </div>
    </div>
  );
}
