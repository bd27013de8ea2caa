import { useContext, useEffect } from 'react';
import { ScenarioContext } from '../scenario/ScenarioContext';
import { useAppStore } from '../StoreContext';
import { SPEEDS } from './ClockBar';
import { isTyping } from './typing';

/**
 * The clock from the keyboard (outside fields): Space or "." plays or pauses (a clicker sends
 * "."), J jumps to the next event, + and − change speed. On stage (presenter mode or an embed)
 * with a scenario open, Space steps the scenario instead (see useScenarioKeys).
 */
export function useShortcuts(onStage = false): void {
  const store = useAppStore();
  const scenarios = useContext(ScenarioContext);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const scenario = scenarios?.getState();
      if (scenario?.busy) return; // a scenario step holds the clock
      const target = e.target as HTMLElement | null;
      // Keys typed into a field are text; Space on a button, a box or a link presses it.
      if (isTyping(target)) return;
      if (e.key === ' ' && target?.closest('button, input, summary, a, [role=slider]')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const { clock, actions } = store.getState();
      const i = SPEEDS.indexOf(clock.speed as (typeof SPEEDS)[number]);
      const spaceSteps = (onStage || scenario?.presenter) && scenario?.scenario !== undefined;
      if (e.key === '.' || (e.key === ' ' && !spaceSteps)) {
        e.preventDefault();
        if (clock.paused) actions.play();
        else actions.pause();
      } else if (e.key === 'j' || e.key === 'J') actions.jump();
      else if ((e.key === '+' || e.key === '=') && i < SPEEDS.length - 1)
        actions.setSpeed(SPEEDS[i + 1]!);
      else if (e.key === '-' && i > 0) actions.setSpeed(SPEEDS[i - 1]!);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, scenarios, onStage]);
}
