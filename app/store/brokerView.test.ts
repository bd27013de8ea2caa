import { describe, expect, it } from 'vitest';
import { createRandom } from '../broker/random';
import type { BrokerEvent, ProfileName, ProfileOverrides } from '../broker';
import { publishMany } from '../broker/rules/fixtures';
import { harness, type Harness } from '../testkit/harness';
import type { TestClient } from '../testkit/testClient';
import {
  applyBrokerEvents,
  emptyBrokerView,
  FINISHED_KEPT,
  liveEntries,
  newestEntries,
  type BrokerView,
  type EntryState,
  type SessionView,
} from './brokerView';

const HOUR = 3600 * 1000;

/** The broker's own seeded generator, so the random batch sizes are the same every run. */
const random = createRandom;

/** Folds the events in batches of the given sizes (the last size repeats). */
function foldInBatches(
  events: readonly BrokerEvent[],
  sizes: () => number,
  view = emptyBrokerView(),
  inPlace = false,
): BrokerView {
  let v = view;
  for (let i = 0; i < events.length;) {
    const n = Math.max(1, sizes());
    v = applyBrokerEvents(v, events.slice(i, i + n), { inPlace });
    i += n;
  }
  return v;
}

/** Maps as arrays of entries, so that comparing two views also compares their order. */
function plain(view: BrokerView): unknown {
  return {
    ...view,
    messages: [...view.messages.entries()],
    sessions: Object.fromEntries(
      Object.entries(view.sessions).map(([id, s]) => [id, { ...s, entries: [...s.entries] }]),
    ),
  };
}

/**
 * The view of all of `h.events`, folded in one batch; the same events folded one at a time,
 * in threes and in seeded random batches must give the same view (the reducer is pure and
 * batching does not change its result), and so must they folded in place, as the live store
 * does. Each session's counts agree with its entries, and its newest entries are the last of them.
 */
function view(h: Harness, upTo = h.events.length): BrokerView {
  const events = h.events.slice(0, upTo);
  const one = applyBrokerEvents(emptyBrokerView(), events);
  const rand = random(upTo + 7);
  for (const sizes of [() => 1, () => 3, () => 1 + Math.floor(rand() * 40)]) {
    expect(plain(foldInBatches(events, sizes))).toStrictEqual(plain(one));
  }
  const inPlace = foldInBatches(events, () => 1 + Math.floor(rand() * 40), emptyBrokerView(), true);
  expect(plain(inPlace)).toStrictEqual(plain(one));
  for (const s of Object.values(one.sessions)) {
    const live = countStates(s);
    expect({ waiting: s.waiting, inFlight: s.inFlight }).toEqual({
      waiting: live.stored ?? 0,
      inFlight: (live['in-flight'] ?? 0) + (live['sent-again'] ?? 0),
    });
    for (const n of [1, 5, 500])
      expect(newestEntries(s, n)).toEqual([...s.entries.values()].slice(-n));
  }
  return one;
}

function session(v: BrokerView, clientId: string): SessionView {
  const s = v.sessions[clientId];
  if (!s) throw new Error(`no session ${clientId} in the view`);
  return s;
}

const states = (s: SessionView): EntryState[] => [...s.entries.values()].map((e) => e.state);

function countStates(s: SessionView): Partial<Record<EntryState, number>> {
  const counts: Partial<Record<EntryState, number>> = {};
  for (const state of states(s)) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}

/** A (persistent, 3.1.1) subscribes to t/# and is connected; B is ready to publish. */
function story(
  profile: ProfileName,
  options: { qos?: 0 | 1 | 2; overrides?: ProfileOverrides; clean?: boolean } = {},
): { h: Harness; a: TestClient; b: TestClient } {
  const h = harness({
    profile,
    seed: 42,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const a = h.client();
  a.connect({ clientId: 'A', clean: options.clean ?? false, keepalive: 60 });
  a.subscribe('t/#', options.qos ?? 1);
  const b = h.client();
  b.connect({ clientId: 'B', keepalive: 60 });
  return { h, a, b };
}

function returnA(h: Harness, holdAcks = false): TestClient {
  const a = h.client();
  a.holdAcks = holdAcks;
  a.connect({ clientId: 'A', clean: false, keepalive: 60 });
  return a;
}

function deepFreeze<T>(value: T): T {
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v);
  } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
  }
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) Object.freeze(value);
  return value;
}

describe('applyBrokerEvents over a real broker: the seed story (aws)', () => {
  it('[AWS-store] 30 messages published while A is away are stored, with the expiry shown', () => {
    const { h, a, b } = story('aws');
    h.clock.advance(1000);
    a.disconnect();
    const leftAt = h.clock.now();
    h.clock.advance(1000);
    publishMany(b, 30);

    const v = view(h);
    const s = session(v, 'A');
    expect(s.status).toBe('away');
    expect(s.persistent).toBe(true);
    expect(s.expiry).toBe(3600);
    expect(s.endedAt).toBe(leftAt);
    expect(s.subscriptions).toEqual([{ filter: 't/#', qos: 1 }]);
    expect(s.entries.size).toBe(30);
    expect(states(s)).toEqual(Array(30).fill('stored'));
    expect([...s.entries.values()].every((e) => e.topic === 't/x' && e.qos === 1)).toBe(true);
    expect(liveEntries(s)).toHaveLength(30);
    expect(s.finished).toBe(0);
    // [AWS-expiry] nominal 1 h after the end of the connection; actual up to 30 min later.
    const expiresAt = s.expiresAt!;
    expect(expiresAt.from).toBe(leftAt);
    expect(expiresAt.nominal).toBe(leftAt + HOUR);
    expect(expiresAt.actual).toBeGreaterThanOrEqual(expiresAt.nominal);
    expect(expiresAt.actual).toBeLessThanOrEqual(expiresAt.nominal + 1800 * 1000);
    const scheduled = h.of('session.expiry-scheduled').at(-1)!;
    expect(expiresAt.actual).toBe(scheduled.actualAt);

    expect(v.totals).toEqual({ published: 30, sent: 0, acknowledged: 0, dropped: 0 });
    expect(v.messages.size).toBe(30);
    expect([...v.messages.values()].map((m) => m.preview)).toEqual(
      Array.from({ length: 30 }, (_, i) => `m${i}`),
    );
    expect(v.messages.get(s.entries.keys().next().value!)).toMatchObject({
      topic: 't/x',
      qos: 1,
      publisher: 'B',
      size: 2,
    });
    expect(v.order).toEqual(['A', 'B']);
    expect(v.lastSeq).toBe(h.events.at(-1)!.seq);
  });

  it('[AWS-replay] on resume: sessionPresent, replay at 10/s, entries acknowledged as they go', () => {
    const { h, a, b } = story('aws');
    a.disconnect();
    publishMany(b, 30);
    h.clock.advance(5000);
    const resumedAt = h.clock.now();
    returnA(h);

    let s = session(view(h), 'A');
    expect(s.status).toBe('connected');
    expect(s.lastConnack).toEqual({ sessionPresent: true, code: 0, at: resumedAt, lost: false });
    expect(s.expiresAt).toBeUndefined();
    expect(s.endedAt).toBeUndefined();
    expect(s.subscriptions).toEqual([{ filter: 't/#', qos: 1 }]);
    // The first stored message goes out at once (and is acknowledged by the test client).
    expect(s.replay).toEqual({
      backlog: 30,
      sent: 1,
      rate: 10,
      startedAt: resumedAt,
      lastAt: resumedAt,
    });
    expect(countStates(s)).toEqual({ acknowledged: 1, stored: 29 });

    h.clock.advance(450);
    s = session(view(h), 'A');
    expect(s.replay).toMatchObject({ backlog: 30, sent: 5, lastAt: resumedAt + 400 });
    expect(s.replay!.finishedAt).toBeUndefined();
    expect(states(s)).toEqual([...Array(5).fill('acknowledged'), ...Array(25).fill('stored')]);
    expect(s.finished).toBe(5);

    h.clock.advance(10_000);
    const v = view(h);
    s = session(v, 'A');
    expect(s.replay).toEqual({
      backlog: 30,
      sent: 30,
      rate: 10,
      startedAt: resumedAt,
      lastAt: resumedAt + 2900,
      finishedAt: resumedAt + 2900,
    });
    expect(h.of('replay.finished')).toMatchObject([{ clientId: 'A', sent: s.replay!.sent }]);
    expect(states(s)).toEqual(Array(30).fill('acknowledged'));
    expect(s.finished).toBe(30);
    expect(liveEntries(s)).toEqual([]);
    // Entries keep their arrival order and the packet id they were sent with.
    expect([...s.entries.keys()]).toEqual([...v.messages.keys()]);
    expect([...s.entries.values()].every((e) => typeof e.packetId === 'number')).toBe(true);
    expect(v.totals).toEqual({ published: 30, sent: 30, acknowledged: 30, dropped: 0 });
  });

  it('a first connection shows sessionPresent=false; a drop mid-replay marks the replay finished', () => {
    const { h, a, b } = story('aws');
    let s = session(view(h), 'A');
    expect(s.lastConnack).toEqual({ sessionPresent: false, code: 0, at: 0, lost: false });
    a.drop();
    publishMany(b, 20);
    const back = returnA(h);
    h.clock.advance(450);
    back.drop();
    const droppedAt = h.clock.now();
    s = session(view(h), 'A');
    expect(s.status).toBe('away');
    expect(s.replay).toMatchObject({ backlog: 20, sent: 5, finishedAt: droppedAt });
    expect(countStates(s)).toEqual({ acknowledged: 5, stored: 15 });
  });
});

describe('applyBrokerEvents: unacknowledged messages (standard profile)', () => {
  it('[MQTT-4.4.0-1, 3.1.1] in-flight while unacknowledged, sent-again with the same packet id on resume', () => {
    const { h, a, b } = story('standard');
    a.holdAcks = true;
    publishMany(b, 3);
    let s = session(view(h), 'A');
    expect(states(s)).toEqual(['in-flight', 'in-flight', 'in-flight']);
    const packetIds = [...s.entries.values()].map((e) => e.packetId);
    expect(packetIds).toEqual(a.publishes().map((p) => p.messageId));

    a.drop();
    s = session(view(h), 'A');
    expect(s.status).toBe('away');
    // The standard profile keeps 3.1.1 sessions forever: no expiry to show.
    expect(s.expiresAt).toBeUndefined();
    expect(s.expiry).toBeNull();
    expect(states(s)).toEqual(['in-flight', 'in-flight', 'in-flight']);
    expect(s.finished).toBe(0);

    const back = returnA(h, true);
    s = session(view(h), 'A');
    expect(s.lastConnack?.sessionPresent).toBe(true);
    expect(states(s)).toEqual(['sent-again', 'sent-again', 'sent-again']);
    expect([...s.entries.values()].map((e) => e.packetId)).toEqual(packetIds);
    expect(back.publishes().every((p) => p.dup)).toBe(true);
    expect(s.replay).toMatchObject({ backlog: 3, sent: 3, rate: 0 });

    back.release(1);
    s = session(view(h), 'A');
    expect(states(s)).toEqual(['acknowledged', 'sent-again', 'sent-again']);
    expect(s.finished).toBe(1);
    back.release();
    s = session(view(h), 'A');
    expect(states(s)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
    expect(liveEntries(s)).toEqual([]);
  });

  it('aws sends unacknowledged messages again as new sends (new packet id), still sent-again', () => {
    const { h, a, b } = story('aws');
    a.holdAcks = true;
    publishMany(b, 2);
    a.drop();
    returnA(h, true);
    h.clock.advance(1000); // paced: 10 per second
    const s = session(view(h), 'A');
    expect(states(s)).toEqual(['sent-again', 'sent-again']);
    const resent = h.of('message.resent');
    expect([...s.entries.values()].map((e) => e.packetId)).toEqual(resent.map((e) => e.packetId));
  });
});

describe('applyBrokerEvents: drops are counted by reason', () => {
  it('[AWS-store] QoS 0 while away and a full store: dropped, counted, never silent', () => {
    const { h, a, b } = story('aws', { overrides: { queueLimit: 2 } });
    a.disconnect();
    publishMany(b, 3, 0, 'z');
    publishMany(b, 4, 1, 'q');
    b.publish('nobody/listens', 'x', 1);
    const v = view(h);
    const s = session(v, 'A');
    expect(s.dropped).toEqual({ 'qos0-while-away': 3, 'queue-full': 2 });
    expect(v.totals.dropped).toBe(6); // and one with no subscriber, which is no session's
    expect(states(s)).toEqual([
      'dropped',
      'dropped',
      'dropped',
      'stored',
      'stored',
      'dropped',
      'dropped',
    ]);
    expect([...s.entries.values()].map((e) => e.reason)).toEqual([
      'qos0-while-away',
      'qos0-while-away',
      'qos0-while-away',
      undefined,
      undefined,
      'queue-full',
      'queue-full',
    ]);
    expect(s.finished).toBe(5);
    expect(liveEntries(s)).toHaveLength(2);
  });

  it('emqx: the oldest stored message is evicted; a stored QoS 0 message is delivered on resume', () => {
    const { h, a, b } = story('emqx', { overrides: { queueLimit: 2 } });
    a.disconnect();
    publishMany(b, 3, 1, 'q');
    b.publish('t/x', 'zero', 0);
    let s = session(view(h), 'A');
    expect(s.dropped).toEqual({ 'oldest-evicted': 2 });
    expect(states(s)).toEqual(['dropped', 'dropped', 'stored', 'stored']);
    returnA(h);
    s = session(view(h), 'A');
    expect(states(s)).toEqual(['dropped', 'dropped', 'acknowledged', 'delivered']);
    expect(s.finished).toBe(4);
  });

  it('[MQTT-3.3.2-5] a stored message whose expiry passed is shown expired', () => {
    const h = harness({ profile: 'standard', seed: 1 });
    const a = h.client(5);
    a.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 3600 } });
    a.subscribe('t/#', 1);
    a.disconnect();
    const b = h.client(5);
    b.connect({ clientId: 'B' });
    b.publish('t/x', 'short', 1, { properties: { messageExpiryInterval: 5 } });
    b.publish('t/x', 'long', 1);
    h.clock.advance(10_000);
    const back = h.client(5);
    back.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 3600 } });
    const s = session(view(h), 'A');
    expect(s.protocolVersion).toBe(5);
    expect(s.dropped).toEqual({ expired: 1 });
    expect([...s.entries.values()].map((e) => [e.state, e.reason])).toEqual([
      ['expired', 'expired'],
      ['acknowledged', undefined],
    ]);
    expect(back.payloads()).toEqual(['long']);
  });
});

describe('applyBrokerEvents: the end of a session', () => {
  it('[AWS-expiry] an expired session: status, discarded count, no subscriptions, no expiry', () => {
    const { h, a, b } = story('aws');
    a.disconnect();
    publishMany(b, 4);
    const actual = session(view(h), 'A').expiresAt!.actual;
    h.clock.advanceTo(actual - 1);
    expect(session(view(h), 'A').status).toBe('away');

    h.clock.advanceTo(actual);
    let s = session(view(h), 'A');
    expect(s.status).toBe('expired');
    expect(s.discardedMessages).toBe(4);
    expect(s.subscriptions).toEqual([]);
    expect(s.expiresAt).toBeUndefined();
    expect(s.endedAt).toBe(actual);
    expect(s.dropped).toEqual({ 'session-expired': 4 });
    expect(states(s)).toEqual(Array(4).fill('dropped'));

    // Coming back after expiry: a new session, sessionPresent=0, nothing subscribed.
    returnA(h);
    s = session(view(h), 'A');
    expect(s.status).toBe('connected');
    expect(s.lastConnack?.sessionPresent).toBe(false);
    expect(s.subscriptions).toEqual([]);
    expect(s.entries.size).toBe(0);
    expect(s.discardedMessages).toBeUndefined();
    expect(view(h).order).toEqual(['A', 'B']);
  });

  it('[MQTT-3.1.2-6, 3.1.1] a clean session is discarded when its connection ends', () => {
    const { h, a, b } = story('standard', { clean: true });
    let s = session(view(h), 'A');
    expect(s.persistent).toBe(false);
    expect(s.expiry).toBe(0);
    a.holdAcks = true;
    b.publish('t/x', 'held', 1);
    a.disconnect();
    s = session(view(h), 'A');
    expect(s.status).toBe('discarded');
    expect(s.discardedMessages).toBe(1);
    expect(s.dropped).toEqual({ 'session-discarded': 1 });
    expect(s.subscriptions).toEqual([]);
    expect(s.expiresAt).toBeUndefined();
  });

  it('MQTT 5 Clean Start=0 without a Session Expiry Interval stores nothing', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    a.connect({ clientId: 'A', clean: false });
    a.subscribe('t/#', 1);
    let s = session(view(h), 'A');
    expect(s.persistent).toBe(false);
    a.disconnect();
    s = session(view(h), 'A');
    expect(s.status).toBe('discarded');
  });

  it('[MQTT-3.1.4-2, 3.1.1] a takeover keeps the session connected', () => {
    const { h, a } = story('aws');
    const a2 = h.client();
    a2.connect({ clientId: 'A', clean: false, keepalive: 60 });
    expect(a.closedByBroker).toBe(true);
    expect(h.of('connection.closed').map((e) => e.reason)).toContain('takeover');
    let s = session(view(h), 'A');
    expect(s.status).toBe('connected');
    expect(s.endedAt).toBeUndefined();
    expect(s.expiresAt).toBeUndefined();
    expect(s.lastConnack?.sessionPresent).toBe(true);
    expect(s.subscriptions).toEqual([{ filter: 't/#', qos: 1 }]);
    a2.drop();
    s = session(view(h), 'A');
    expect(s.status).toBe('away');
  });

  it('subscriptions added, replaced and removed', () => {
    const { h, a } = story('standard', { qos: 0 });
    a.subscribe(['u/+', 't/#'], 2);
    let s = session(view(h), 'A');
    expect(s.subscriptions).toEqual([
      { filter: 'u/+', qos: 2 },
      { filter: 't/#', qos: 2 },
    ]);
    a.unsubscribe('u/+');
    s = session(view(h), 'A');
    expect(s.subscriptions).toEqual([{ filter: 't/#', qos: 2 }]);
  });
});

describe('applyBrokerEvents: bounded entries', () => {
  it(`keeps at most ${FINISHED_KEPT} finished entries, the newest; live entries are never trimmed`, () => {
    const { h, a, b } = story('standard');
    a.holdAcks = true;
    publishMany(b, 5, 1, 'held');
    a.holdAcks = false;
    publishMany(b, 250);
    const v = view(h);
    const s = session(v, 'A');
    expect(s.finished).toBe(FINISHED_KEPT);
    expect(s.entries.size).toBe(FINISHED_KEPT + 5);
    const entries = [...s.entries.values()];
    expect(entries.slice(0, 5).map((e) => e.state)).toEqual(Array(5).fill('in-flight'));
    const ids = [...v.messages.keys()];
    // The 5 held ones, then the newest 200 of the 250 acknowledged ones.
    expect([...s.entries.keys()]).toEqual([...ids.slice(0, 5), ...ids.slice(55)]);
    expect(entries.slice(5).every((e) => e.state === 'acknowledged')).toBe(true);
    expect(liveEntries(s)).toHaveLength(5);
    expect(v.totals.acknowledged).toBe(250);
  });

  it('an old held message acknowledged late is the latest finished one: it is kept, not trimmed at once', () => {
    // `entries` keeps "the latest finished ones". A message held since the start and
    // released after 200 others finished has just finished: it should show 'acknowledged'.
    const { h, a, b } = story('standard');
    a.holdAcks = true;
    publishMany(b, 1, 1, 'held');
    a.holdAcks = false;
    publishMany(b, FINISHED_KEPT + 10);
    a.release();
    const v = view(h);
    const s = session(v, 'A');
    const heldId = [...v.messages.keys()][0]!;
    expect(s.finished).toBe(FINISHED_KEPT);
    expect(s.entries.get(heldId)?.state).toBe('acknowledged');
  });

  it('a long run of live (stored) entries is never trimmed', () => {
    const { h, a, b } = story('standard');
    a.disconnect();
    publishMany(b, FINISHED_KEPT + 50);
    const s = session(view(h), 'A');
    expect(s.entries.size).toBe(FINISHED_KEPT + 50);
    expect(s.finished).toBe(0);
  });
});

describe('applyBrokerEvents is pure', () => {
  it('in place (the live store), moves the entries forward without copying them', () => {
    const { h, a, b } = story('standard');
    a.drop();
    publishMany(b, 50);
    const cut = h.events.length;
    returnA(h);
    const before = applyBrokerEvents(emptyBrokerView(), h.events.slice(0, cut));
    const after = applyBrokerEvents(before, h.events.slice(cut), { inPlace: true });
    expect(session(after, 'A').entries).toBe(session(before, 'A').entries);
    // What readers compare is new all the same.
    expect(after).not.toBe(before);
    expect(session(after, 'A')).not.toBe(session(before, 'A'));
    expect(session(after, 'A').waiting).toBe(0);
    expect(session(before, 'A').waiting).toBe(50);
  });

  // The session cards are memoised on these objects: a card is rendered again only if they differ.
  for (const inPlace of [false, true]) {
    it(`a batch that touches only C leaves A's session the same object (inPlace: ${inPlace})`, () => {
      const { h, a, b } = story('standard');
      const c = h.client();
      c.connect({ clientId: 'C', clean: false, keepalive: 60 });
      c.subscribe('other/#', 1);
      a.drop();
      publishMany(b, 5);
      const cut = h.events.length;
      publishMany(b, 3, 1, 'o', 'other/x');
      const before = applyBrokerEvents(emptyBrokerView(), h.events.slice(0, cut));
      const beforeA = session(before, 'A');
      const beforeC = session(before, 'C');
      const after = applyBrokerEvents(before, h.events.slice(cut), { inPlace });
      expect(session(after, 'A')).toBe(beforeA);
      expect(session(after, 'C')).not.toBe(beforeC);
      expect(session(after, 'C').finished).toBe(3);
    });

    it(`a batch keeps each entry it did not change the same object (inPlace: ${inPlace})`, () => {
      const { h, a, b } = story('standard');
      a.drop();
      publishMany(b, 5);
      const cut = h.events.length;
      publishMany(b, 1, 1, 'late');
      const before = applyBrokerEvents(emptyBrokerView(), h.events.slice(0, cut));
      const entriesBefore = [...session(before, 'A').entries.values()];
      const after = applyBrokerEvents(before, h.events.slice(cut), { inPlace });
      const entriesAfter = [...session(after, 'A').entries.values()];
      expect(entriesAfter).toHaveLength(6);
      entriesBefore.forEach((e, i) => expect(entriesAfter[i]).toBe(e));
    });
  }

  it('does not change the view it is given (deep-frozen, and compared with a clone)', () => {
    const { h, a, b } = story('aws');
    a.holdAcks = true;
    publishMany(b, 3);
    a.drop();
    publishMany(b, 3);
    const cut = h.events.length;
    const back = returnA(h, true);
    back.release(2);
    h.clock.advance(HOUR);
    back.drop();
    h.clock.advance(3 * HOUR);

    const before = applyBrokerEvents(emptyBrokerView(), h.events.slice(0, cut));
    const clone = structuredClone(before);
    deepFreeze(before);
    const after = applyBrokerEvents(before, h.events.slice(cut));
    expect(plain(before)).toStrictEqual(plain(clone));
    expect(session(after, 'A').status).toBe('expired');
    expect(session(before, 'A').status).toBe('away');
    // The same events on the same view give the same view.
    expect(plain(applyBrokerEvents(before, h.events.slice(cut)))).toStrictEqual(plain(after));
    // An empty batch is the same view.
    expect(applyBrokerEvents(after, [])).toBe(after);
  });

  it('keeps the last 50 protocol errors', () => {
    const h = harness({ profile: 'standard' });
    for (let i = 0; i < 60; i++) {
      const c = h.client();
      c.open();
      // A PUBLISH before CONNECT is a protocol error.
      c.sendRaw(new Uint8Array([0x30, 0x03, 0x00, 0x01, 0x74]));
    }
    const v = view(h);
    expect(h.of('protocol.error').length).toBe(60);
    expect(v.protocolErrors).toHaveLength(50);
    expect(v.protocolErrors.at(-1)!.message).toBe(h.of('protocol.error').at(-1)!.message);
  });
});

describe('a CONNACK with sessionPresent=0: a new session, or a lost one', () => {
  /** A's CONNACKs in turn: [sessionPresent, lost]. */
  const connacks = (h: Harness, upTo: number[]) =>
    upTo.map((n) => {
      const c = session(view(h, n), 'A').lastConnack!;
      return [c.sessionPresent, c.lost];
    });

  it('a first connection, a resumed one, a clean one, then one whose session expired', () => {
    const h = harness({ profile: 'aws', seed: 42 });
    const marks: number[] = [];
    const connect = (clean: boolean) => {
      const a = h.client();
      a.connect({ clientId: 'A', clean, keepalive: 60 });
      marks.push(h.events.length);
      return a;
    };
    connect(false).disconnect(); // first: nothing to resume
    connect(false).disconnect(); // resumed
    connect(true).disconnect(); // asked for a clean one
    connect(false).disconnect(); // after a clean one: nothing to resume either
    h.clock.advance(3 * HOUR); // the session expires
    connect(false); // asked to resume the session it had: lost
    expect(connacks(h, marks)).toEqual([
      [false, false],
      [true, false],
      [false, false],
      [false, false],
      [false, true],
    ]);
  });

  it('the MQTT 5 trap: Clean Start=0 without a Session Expiry Interval loses the session at once', () => {
    const h = harness({ profile: 'standard', seed: 42 });
    const marks: number[] = [];
    for (let i = 0; i < 2; i++) {
      const a = h.client(5);
      a.connect({ clientId: 'A', clean: false, keepalive: 60 });
      marks.push(h.events.length);
      a.disconnect(); // the session ends with the connection (Session Expiry Interval 0)
    }
    expect(connacks(h, marks)).toEqual([
      [false, false],
      [false, true],
    ]);
  });
});
