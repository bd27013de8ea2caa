import { useContext, useEffect } from 'react';
import { ScenarioContext } from '../scenario/ScenarioContext';
import { useAppStore } from '../StoreContext';
import { SPEEDS } from './ClockBar';

/** Space plays or pauses, J jumps to the next event, + and − change speed (outside fields). */
export function useShortcuts(): void {
  const store = useAppStore();
  const scenarios = useContext(ScenarioContext);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (scenarios?.getState().busy) return; // a scenario step holds the clock
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, button, [contenteditable]')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const { clock, actions } = store.getState();
      const i = SPEEDS.indexOf(clock.speed as (typeof SPEEDS)[number]);
      if (e.key === ' ') {
        e.preventDefault();
        if (clock.paused) actions.play();
        else actions.pause();
      } else if (e.key === 'j' || e.key === 'J') actions.jump();
      else if (e.key === '+' && i < SPEEDS.length - 1) actions.setSpeed(SPEEDS[i + 1]!);
      else if (e.key === '-' && i > 0) actions.setSpeed(SPEEDS[i - 1]!);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, scenarios]);
}
