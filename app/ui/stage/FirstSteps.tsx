import { LESSONS } from '../../scenario/lessons';
import { useScenario } from '../scenario/ScenarioContext';
import { selectActions, useApp } from '../StoreContext';

const FIRST_LESSON = LESSONS[0];

/**
 * What a first visit sees on the empty stage: where to start. The seed's lesson, step by step;
 * or two clients to try things by hand (A keeps a session, B publishes).
 */
export function FirstSteps() {
  const { addClient } = useApp(selectActions);
  const open = useScenario((s) => s.actions.open);
  const addPair = () => {
    const base = { protocolVersion: 4 as const, sessionExpiry: 0, keepalive: 60 };
    addClient({ ...base, clientId: 'A', clean: false });
    addClient({ ...base, clientId: 'B', clean: true });
    document.getElementById('clients-heading')?.scrollIntoView({ block: 'start' });
  };
  return (
    <div className="first-steps" data-testid="first-steps">
      <h2>See a persistent session at work</h2>
      <p>
        A client subscribes, goes away, and the broker keeps its messages until it comes back. Watch
        it step by step, or try it yourself.
      </p>
      <div className="row wrap first-steps-actions">
        {FIRST_LESSON && (
          <button
            type="button"
            className="primary"
            onClick={() => void open(FIRST_LESSON.scenario, 'lesson')}
          >
            ▶ Lesson: {FIRST_LESSON.scenario.title}
          </button>
        )}
        <button type="button" onClick={addPair}>
          Add clients A (persistent) and B (to publish)
        </button>
      </div>
    </div>
  );
}
