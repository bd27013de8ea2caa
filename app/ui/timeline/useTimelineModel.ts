import { useMemo, useState } from 'react';
import type { TimelineModel } from '../../timeline/model';
import { ModelFeed } from '../../timeline/modelFeed';
import { useAppStore } from '../StoreContext';

/**
 * One TimelineModel per store, fed with only the new part of the event log: call `sync()`
 * from the drawing loop before drawing.
 */
export function useTimelineModel(): { model: TimelineModel; sync(): boolean } {
  const store = useAppStore();
  const [feed] = useState(() => new ModelFeed(store.log, (connId) => store.connOwners.get(connId)));
  return useMemo(() => ({ model: feed.model, sync: () => feed.sync() }), [feed]);
}
