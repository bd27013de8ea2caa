import { applyBrokerEvents, emptyBrokerView, type BrokerView } from './brokerView';
import type { EventLog } from './eventLog';

interface Past {
  generation: number;
  at: number;
  view: BrokerView;
}

const cache = new WeakMap<EventLog, Past>();

/**
 * The broker's view as it was at simulated time `at`, folded from the log. The stage and the
 * session cards both show it while travelling in time: the last fold is kept, so they share it
 * instead of folding the log once each.
 */
export function pastBrokerView(log: EventLog, at: number): BrokerView {
  const hit = cache.get(log);
  if (hit && hit.generation === log.generation && hit.at === at) return hit.view;
  const view = applyBrokerEvents(emptyBrokerView(), log.until(at));
  cache.set(log, { generation: log.generation, at, view });
  return view;
}
