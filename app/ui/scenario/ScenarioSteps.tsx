import { describeStep } from '../../scenario/describeStep';
import type { Scenario } from '../../scenario/format';
import type { StepOutcome } from '../../scenario/runner';
import { formatClock } from '../../format/time';

/** The steps, done ones ticked (or crossed, with what went wrong), the next one marked. */
export function ScenarioSteps({
  scenario,
  outcomes,
}: {
  scenario: Scenario;
  outcomes: readonly StepOutcome[];
}) {
  return (
    <ol className="scenario-steps" data-testid="scenario-steps">
      {scenario.steps.map((step, i) => {
        const outcome = outcomes[i];
        const state = outcome
          ? outcome.error
            ? 'failed'
            : 'done'
          : i === outcomes.length
            ? 'next'
            : 'todo';
        return (
          <li key={i} className={`step step-${state}`} data-state={state}>
            <span className="step-what">
              {outcome ? (outcome.error ? '✗' : '✓') : '·'} {describeStep(step)}
              {outcome && <span className="muted small"> at {formatClock(outcome.at)}</span>}
            </span>
            {step.say && <span className="step-say">{step.say}</span>}
            {outcome?.error && <span className="field-error small">{outcome.error}</span>}
            {outcome?.note && <span className="muted small">{outcome.note}</span>}
          </li>
        );
      })}
    </ol>
  );
}
