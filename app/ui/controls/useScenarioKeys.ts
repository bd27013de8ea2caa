import { useContext, useEffect } from 'react';
import { ScenarioContext } from '../scenario/ScenarioContext';
import { isTyping } from './typing';

/** Keys that step a scenario anywhere: N or Page Down next, P or Page Up previous. */
const NEXT = ['n', 'N', 'PageDown'];
const PREVIOUS = ['p', 'P', 'PageUp'];
/** And on stage (presenter mode, an embed), what a presenter's clicker sends too. */
const STAGE_NEXT = ['ArrowRight', 'ArrowDown', ' '];
const STAGE_PREVIOUS = ['ArrowLeft', 'ArrowUp'];

/**
 * Steps the scenario from the keyboard, as a presenter's clicker does. In presenter mode and
 * in an embed, the arrows and Space step as well (Space then no longer plays the clock: "."
 * does); Esc leaves presenter mode.
 */
export function useScenarioKeys(onStage = false): void {
  const store = useContext(ScenarioContext)!;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      // Keys typed into a field, or a canvas's own arrows (timeline, time strip), are not steps.
      if (isTyping(target, 'canvas')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const { scenario, actions, presenter } = store.getState();
      if (presenter && e.key === 'Escape') {
        actions.setPresenter(false);
        return;
      }
      if (!scenario) return;
      const stage = onStage || presenter;
      // Space on a focused button presses it; on stage it steps only from the page itself.
      if (e.key === ' ' && target?.closest('button, input, summary, a, [role=slider]')) return;
      const next = NEXT.includes(e.key) || (stage && STAGE_NEXT.includes(e.key));
      const previous = PREVIOUS.includes(e.key) || (stage && STAGE_PREVIOUS.includes(e.key));
      if (next || previous) {
        e.preventDefault();
        void (next ? actions.next() : actions.previous());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, onStage]);
}
