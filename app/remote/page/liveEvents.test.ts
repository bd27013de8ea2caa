import { describe, expect, it } from 'vitest';
import { simTime } from '../../broker';
import type { RemoteEvent } from '../remoteEvent';
import { LiveEvents, sameEvent } from './liveEvents';

const published = (msgId: number, at: number, payload = [1, 2]): RemoteEvent => ({
  type: 'message.published',
  msgId,
  clientId: 'B',
  topic: 't',
  qos: 1,
  retain: false,
  payload: new Uint8Array(payload),
  seq: msgId,
  at: simTime(at),
  origin: 'observed',
});
const resumed = (stored: number, at: number): RemoteEvent => ({
  type: 'session.resumed',
  clientId: 'A',
  stored,
  inflight: 0,
  subscriptions: 1,
  seq: 9,
  at: simTime(at),
  origin: 'inferred',
});

describe('LiveEvents: the least change to the page’s log', () => {
  it('appends while the past holds, even when a derivation made new objects', () => {
    const live = new LiveEvents();
    expect(live.next([published(1, 0)])).toEqual({ from: 0, events: [published(1, 0)] });
    // Fresh objects with the same fields (bytes equal by content): nothing to do.
    expect(live.next([published(1, 0)])).toBeUndefined();
    expect(live.next([published(1, 0), published(2, 5)])).toEqual({
      from: 1,
      events: [published(2, 5)],
    });
  });

  it('rewrites from the first event that changed (a count revised, an event put in before)', () => {
    const live = new LiveEvents();
    live.next([published(1, 0), resumed(0, 10), published(2, 20)]);
    const change = live.next([published(1, 0), resumed(1, 10), published(2, 20)]);
    expect(change?.from).toBe(1);
    expect(change?.events).toHaveLength(2);
    // An event that goes away (a replay's end retracted when more arrives) is a rewrite too.
    expect(live.next([published(1, 0)])).toEqual({ from: 1, events: [] });
    expect(live.size).toBe(1);
  });

  it('sameEvent compares every field, bytes by content, nested objects too', () => {
    expect(sameEvent(published(1, 0), published(1, 0))).toBe(true);
    expect(sameEvent(published(1, 0), published(1, 0, [1, 3]))).toBe(false);
    expect(sameEvent(published(1, 0), published(1, 1))).toBe(false);
    expect(sameEvent({ will: { topic: 'a' } }, { will: { topic: 'a' } })).toBe(true);
    expect(sameEvent({ will: { topic: 'a' } }, { will: { topic: 'b' } })).toBe(false);
    expect(sameEvent({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});
