import { describe, expect, it } from 'vitest';
import { awayStory, HOUR, publishMany, returnA } from '../broker/rules/fixtures';
import { TimelineModel } from './model';

describe('timeline model from broker events', () => {
  it('[AWS-replay] the seed story: spans, marks, the store filling and draining at 10 msg/s', () => {
    const { h, publisher } = awayStory('aws', { overrides: { expiryJitter: 0 } });
    publishMany(publisher, 30);
    publishMany(publisher, 5, 0, 'z');
    h.clock.advance(2000);
    returnA(h);
    h.clock.advance(5000);
    const model = new TimelineModel();
    model.append(h.events);
    const a = model.lanes.get('A')!;
    expect(a.spans.map((s) => s.kind)).toEqual(['connected', 'away', 'connected']);
    expect(a.marks.map((m) => m.kind)).toEqual([
      'connack',
      'disconnect',
      'connack',
      'replay-start',
      'replay-end',
    ]);
    expect(a.marks[2]!.label).toBe('CONNACK sessionPresent=1');
    // The store fills to 30 while A is away, then drains one step per 100 ms.
    expect(Math.max(...a.store.map((s) => s.n))).toBe(30);
    expect(a.store.at(-1)!.n).toBe(0);
    const drain = a.store.filter((s) => s.at >= 2000);
    expect(drain.slice(1).map((s, i) => s.at - drain[i]!.at)).toEqual(Array(29).fill(100));
    // Every stored message has its path: published, stored, sent, acknowledged.
    const toA = model.deliveries.filter((d) => d.clientId === 'A' && d.qos === 1);
    expect(toA).toHaveLength(30);
    expect(
      toA.every(
        (d) => d.storedAt !== undefined && d.sentAt !== undefined && d.ackedAt !== undefined,
      ),
    ).toBe(true);
    const dropped = model.deliveries.filter((d) => d.dropReason === 'qos0-while-away');
    expect(dropped).toHaveLength(5);
    // What the animation picks up, in order: the 5 drops, then the 30 sends of the replay.
    expect(model.settled.map((d) => (d.sentAt === undefined ? 'drop' : 'sent'))).toEqual([
      ...Array(5).fill('drop'),
      ...Array(30).fill('sent'),
    ]);
  });

  it('[AWS-expiry] the expiry ahead is on the lane, then an expiry mark; the store empties', () => {
    const { h, publisher } = awayStory('aws', { seed: 5 });
    publishMany(publisher, 3);
    const model = new TimelineModel();
    model.append(h.events);
    const expiry = model.lanes.get('A')!.expiry!;
    expect(expiry.actual).toBeGreaterThanOrEqual(expiry.nominal);
    expect(expiry.nominal - expiry.from).toBe(HOUR);
    const before = h.events.length;
    h.clock.advance(2 * HOUR);
    model.append(h.events.slice(before));
    const a = model.lanes.get('A')!;
    expect(a.expiry).toBeUndefined();
    expect(a.marks.at(-1)).toMatchObject({ kind: 'expired', at: expiry.actual });
    expect(a.store.at(-1)!.n).toBe(0);
    expect(a.spans.at(-1)!.to).toBe(expiry.actual);
  });

  it('[MQTT-4.4.0-1, 3.1.1] sent-again messages are marked; takeover keeps the connection span', () => {
    const { h, publisher } = awayStory('standard');
    const a = returnA(h, 4, true);
    publishMany(publisher, 2);
    a.drop();
    returnA(h);
    h.client().connect({ clientId: 'A', clean: false });
    const model = new TimelineModel();
    model.append(h.events);
    expect(model.deliveries.filter((d) => d.resent)).toHaveLength(2);
    const lane = model.lanes.get('A')!;
    expect(lane.marks.some((m) => m.kind === 'takeover')).toBe(true);
    expect(lane.spans.at(-1)).toMatchObject({ kind: 'connected', to: null });
  });

  it('[AWS-replay] a twin (another client of the page with the same id) resumes on a lane of its own', () => {
    const { h, publisher } = awayStory('aws', { overrides: { expiryJitter: 0 } });
    publishMany(publisher, 5);
    h.clock.advance(1000);
    returnA(h); // the page's client A′: connection 3
    h.clock.advance(1000);
    const owners: Record<number, string> = { 1: 'A', 2: 'B', 3: 'A′' };
    const model = new TimelineModel((connId) => owners[connId]);
    model.append(h.events);
    expect([...model.lanes.keys()]).toEqual(['A', 'B', 'A′']);
    const a = model.lanes.get('A')!;
    const twin = model.lanes.get('A′')!;
    expect(twin.clientId).toBe('A');
    // A's lane: its connection, then the session kept while away, until the twin takes it.
    expect(a.marks.map((m) => m.kind)).toEqual(['connack', 'disconnect']);
    expect(a.spans).toEqual([
      { kind: 'connected', from: 0, to: 0 },
      { kind: 'away', from: 0, to: 1000 },
    ]);
    expect(a.expiry).toBeUndefined();
    expect(a.store.at(-1)).toEqual({ at: 1000, n: 0 });
    // The twin's lane: its CONNACK, the store it took over draining, the replay to it.
    expect(twin.marks.map((m) => m.kind)).toEqual(['connack', 'replay-start', 'replay-end']);
    expect(twin.spans).toEqual([{ kind: 'connected', from: 1000, to: null }]);
    expect(twin.storePeak).toBe(5);
    expect(twin.store.at(-1)!.n).toBe(0);
    const toA = model.deliveries.filter((d) => d.clientId === 'A');
    expect(toA.map((d) => d.lane)).toEqual(Array(5).fill('A′'));
    expect(toA.map((d) => d.publisherLane)).toEqual(Array(5).fill('B'));
  });

  it("without owners, a takeover pair shares the client id's lane", () => {
    const { h } = awayStory('standard');
    returnA(h);
    h.client().connect({ clientId: 'A', clean: false });
    const model = new TimelineModel();
    model.append(h.events);
    expect([...model.lanes.keys()]).toEqual(['A', 'B']);
  });

  it('appending in small batches builds the same model as one batch', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 12);
    returnA(h);
    h.clock.advance(3000);
    const whole = new TimelineModel();
    whole.append(h.events);
    const parts = new TimelineModel();
    for (let i = 0; i < h.events.length; i += 7) parts.append(h.events.slice(i, i + 7));
    expect(parts.lanes).toEqual(whole.lanes);
    expect(parts.deliveries).toEqual(whole.deliveries);
  });
});
