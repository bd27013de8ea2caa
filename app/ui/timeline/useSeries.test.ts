import { describe, expect, it } from 'vitest';
import { awayStory } from '../../broker/rules/fixtures';
import type { AppStore } from '../../store/appStore';
import { EventLog } from '../../store/eventLog';
import { SharedSeries } from './useSeries';

/** What SharedSeries reads of a store: its log, its subscribe and the simulated now. */
function fakeStore(): { store: AppStore; log: EventLog } {
  const log = new EventLog();
  const store = {
    log,
    subscribe: () => () => {},
    getState: () => ({ clock: { now: 0 } }),
  } as unknown as AppStore;
  return { store, log };
}

describe('the charts’ shared series', () => {
  const { h } = awayStory('standard');
  const events = h.events;

  it('events that came between a render and the subscription render the charts again', () => {
    const { store, log } = fakeStore();
    const series = new SharedSeries(store);
    log.append(events.slice(0, 3));
    series.tables(0, 10_000, 600); // the render saw three events
    log.append(events.slice(3)); // more came before its effect subscribed
    let told = 0;
    const stop = series.subscribe(() => told++);
    expect(told).toBe(1);
    expect(series.getVersion()).toBe(1);
    stop();
  });

  it('a subscription after a render that saw everything renders nothing again', () => {
    const { store, log } = fakeStore();
    const series = new SharedSeries(store);
    log.append(events);
    series.tables(0, 10_000, 600);
    let told = 0;
    const stop = series.subscribe(() => told++);
    expect(told).toBe(0);
    stop();
  });
});
