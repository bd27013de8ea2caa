import { useMemo } from 'react';
import type { EventLog } from '../../store/eventLog';
import type { TimelineModel } from '../../timeline/model';
import { ModelFeed } from '../../timeline/modelFeed';
import { useAppStore } from '../StoreContext';

/** One feed per event log: the timeline and the stage's time strip share one model. */
const feeds = new WeakMap<EventLog, ModelFeed>();

/**
 * The TimelineModel of the store's log, fed with only the new part of the log: call `sync()`
 * from the drawing loop before drawing (readers compare the version it returns, so any of them may call it first).
 */
export function useTimelineModel(): {
  model: TimelineModel;
  /** Brings the model up to date; returns the feed's version (it changes when the model does). */
  sync(): number;
} {
  const store = useAppStore();
  return useMemo(() => {
    let feed = feeds.get(store.log);
    if (!feed) {
      feeds.set(store.log, (feed = new ModelFeed(store.log, (id) => store.connOwners.get(id))));
      // It reads new events as the log grows, as part of the work that brought them, rather
      // than a frame's worth at once in the next frame (it lives as long as the log).
      feed.follow();
    }
    const f = feed;
    return {
      model: f.model,
      sync: () => {
        f.sync();
        return f.version;
      },
    };
  }, [store]);
}
