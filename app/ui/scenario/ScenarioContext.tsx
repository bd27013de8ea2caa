import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ScenarioState, ScenarioStore } from '../../scenario/scenarioStore';
import type { StepMark } from '../../timeline/drawSteps';

export const ScenarioContext = createContext<ScenarioStore | null>(null);

/** Reads one slice of the scenario on show (every page has a scenario store). */
export function useScenario<T>(selector: (s: ScenarioState) => T): T {
  const store = useContext(ScenarioContext);
  if (!store) throw new Error('useScenario outside a ScenarioContext provider');
  return useStore(store, selector);
}

/** The steps run so far as timeline marks; the last one run is the current one. */
export function stepMarks(outcomes: ScenarioState['outcomes']): StepMark[] {
  const last = outcomes.length - 1;
  return outcomes.map((o, i) => ({ at: o.at, n: o.index + 1, current: i === last }));
}
