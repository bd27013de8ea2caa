import { useEffect, useMemo, useState } from 'react';
import type { TimelineModel } from '../../timeline/model';
import { ModelFeed } from '../../timeline/modelFeed';
import { useAppStore } from '../StoreContext';

/**
 * One TimelineModel per store, fed with only the new part of the event log as it grows:
 * `sync()` brings it up to date (before reading it); `changed()`, for a drawing loop, also says
 * whether it changed since that loop last asked.
 */
export function useTimelineModel(): {
  model: TimelineModel;
  sync(): boolean;
  changed(): boolean;
} {
  const store = useAppStore();
  const [feed] = useState(() => new ModelFeed(store.log));
  useEffect(() => feed.follow(), [feed]);
  return useMemo(
    () => ({ model: feed.model, sync: () => feed.sync(), changed: feed.changes() }),
    [feed],
  );
}
