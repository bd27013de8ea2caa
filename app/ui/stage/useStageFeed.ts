import { useMemo } from 'react';
import { StageFeed } from '../../stage/feed';
import type { EventLog } from '../../store/eventLog';
import { useAppStore } from '../StoreContext';

/** One stage feed per event log, so a remounted stage carries on where it was. */
const feeds = new WeakMap<EventLog, StageFeed>();

/** The stage's incremental view of the store's event log. */
export function useStageFeed(): StageFeed {
  const store = useAppStore();
  return useMemo(() => {
    let feed = feeds.get(store.log);
    if (!feed) feeds.set(store.log, (feed = new StageFeed(store.log)));
    return feed;
  }, [store]);
}
