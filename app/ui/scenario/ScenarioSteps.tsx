import { useLayoutEffect, useRef } from 'react';
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
  const list = useRef<HTMLOListElement>(null);
  // A long list scrolls in a box of whole steps, 16rem at most: it starts at a step and ends
  // at one, never with a line cut in two, and shows the step to run next.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    el.style.maxHeight = '';
    const cap = 16 * parseFloat(getComputedStyle(document.documentElement).fontSize);
    el.classList.toggle('scrolls', el.scrollHeight > cap);
    if (el.scrollHeight <= cap) return;
    const origin = el.getBoundingClientRect().top + el.clientTop;
    const spans = [...el.children].map((li) => {
      const r = li.getBoundingClientRect();
      return { top: r.top - origin, bottom: r.bottom - origin };
    });
    const next = Math.min(outcomes.length, spans.length - 1);
    let first = 0;
    while (first < next && spans[next]!.bottom - spans[first]!.top > cap) first++;
    const from = spans[first]!.top;
    const last = spans.filter((s) => s.top >= from && s.bottom - from <= cap).at(-1);
    // (max-height counts the borders too: box-sizing is border-box.)
    const borders = el.offsetHeight - el.clientHeight;
    el.style.maxHeight = `${Math.ceil((last ?? spans[first]!).bottom - from + borders)}px`;
    el.scrollTop = from;
  }, [scenario, outcomes]);
  return (
    // It scrolls: a Tab stop, so that the keyboard can scroll it too.
    <ol
      ref={list}
      className="scenario-steps"
      data-testid="scenario-steps"
      aria-label="Steps"
      tabIndex={0}
    >
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
