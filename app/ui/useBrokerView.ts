import { useMemo } from 'react';
import type { BrokerView } from '../store/brokerView';
import { pastBrokerView } from '../store/pastView';
import { clientsAt, type ClientAt } from '../store/travel';
import { useApp, useAppStore } from './StoreContext';

/** The broker's view now, or, while travelling in time, as it was then (folded from the log). */
export function useBrokerView(): { view: BrokerView; now: number; travelling: boolean } {
  const store = useAppStore();
  const live = useApp((s) => s.broker);
  const travel = useApp((s) => s.travel);
  const now = useApp((s) => s.clock.now);
  const past = useMemo(
    () => (travel === null ? null : pastBrokerView(store.log, travel)),
    [store, travel],
  );
  return past
    ? { view: past, now: travel!, travelling: true }
    : { view: live, now, travelling: false };
}

/** Each client id as it was at the time-travel moment; undefined while live. */
export function usePastClients(): Map<string, ClientAt> | undefined {
  const store = useAppStore();
  const travel = useApp((s) => s.travel);
  return useMemo(
    () => (travel === null ? undefined : clientsAt(store.log.until(travel))),
    [store, travel],
  );
}
