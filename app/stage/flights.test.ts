import { describe, expect, it } from 'vitest';
import type { BrokerEvent, BrokerEventBody } from '../broker';
import { publishedBody } from './testEvents';
import { Flights, IN_AIR, MAX_STACKS, type Flight } from './flights';

let seq = 0;
const ev = (body: BrokerEventBody, at = 0): BrokerEvent =>
  ({ ...body, seq: ++seq, at }) as BrokerEvent;
const published = (msgId: number, clientId = 'B', qos: 0 | 1 = 1) =>
  ev(publishedBody(msgId, clientId, qos));
const stored = (msgId: number, clientId = 'A') =>
  ev({ type: 'message.stored', msgId, clientId, reason: 'client-away', queued: msgId });
const sent = (msgId: number, replay: boolean, clientId = 'A') =>
  ev({ type: 'message.sent', msgId, clientId, packetId: msgId, qos: 1, retain: false, replay });

describe('tokens on the stage', () => {
  it('[AWS-store] a burst of 30 stored for an away client: staggered tokens, each landing in the queue', () => {
    const f = new Flights();
    const batch: BrokerEvent[] = [];
    for (let i = 1; i <= 30; i++) batch.push(published(i), stored(i));
    f.ingest(batch, 1000, true);
    const publishes = f.active(5000 + 1e9).length; // long after: all landed and gone
    expect(publishes).toBe(0);
    const g = new Flights();
    g.ingest(batch, 1000, true);
    // Every stored message is arriving (not drawn in the queue) until its token lands.
    expect(g.arriving('A').size).toBe(30);
    const starts = g.active(1000).map((a) => a.flight);
    expect(starts.length).toBeGreaterThan(0);
    // The tokens into the store set off one after another, after the publish leg.
    const store = (at: number) => g.active(at).filter((a) => a.flight.kind === 'store');
    expect(store(1000)).toHaveLength(0);
    expect(store(1000 + 420 + 1).length).toBeGreaterThan(0);
    g.active(1e9);
    expect(g.arriving('A').size).toBe(0);
  });

  it('more than fit on one path travel as a stack with a count', () => {
    const f = new Flights();
    const batch: BrokerEvent[] = [];
    for (let i = 1; i <= 1000; i++) batch.push(published(i), stored(i));
    f.ingest(batch, 0, true);
    expect(f.arriving('A').size).toBe(1000);
    const seen = new Set<import('./flights').Flight>();
    for (let t = 0; t < 3000; t += 10) for (const a of f.active(t)) seen.add(a.flight);
    const store = [...seen].filter((x) => x.kind === 'store');
    expect(store.length).toBe(25);
    expect(store.filter((x) => x.count > 1).map((x) => x.label)).toEqual([`×${1000 - 24}`]);
    // Nothing is lost from the count: every message is in a single token or a stack.
    expect(store.reduce((n, x) => n + x.count, 0)).toBe(1000);
    expect(f.arriving('A').size).toBe(0);
  });

  it('a long burst keeps at most IN_AIR tokens in the air, and every message in one of them', () => {
    const f = new Flights();
    const seen = new Set<Flight>();
    let msgId = 0;
    // 10,000 live messages B → A, in 100 batches 20 ms apart, as a paced burst comes in.
    for (let b = 0; b < 100; b++) {
      const batch: BrokerEvent[] = [];
      for (let i = 0; i < 100; i++) batch.push(published(++msgId), sent(msgId, false));
      f.ingest(batch, b * 20, false);
      const air = f.active(b * 20);
      // One stack per path joins each later batch: the air does not grow with the burst.
      expect(f.size).toBeLessThanOrEqual(IN_AIR + 2);
      // The stage's budget: about a hundred tokens drawn a frame, however long the burst.
      expect(air.length).toBeLessThanOrEqual(IN_AIR + 2);
      expect(air.filter((a) => a.flight.count === 1).length).toBeLessThanOrEqual(100);
      for (const a of air) seen.add(a.flight);
    }
    for (let t = 2000; t < 5000; t += 10) for (const a of f.active(t)) seen.add(a.flight);
    const live = [...seen].filter((x) => x.kind === 'live');
    expect(live.reduce((n, x) => n + x.count, 0)).toBe(10_000);
  });

  it('a burst over many paths keeps the air bounded too: 50 publishers to 50 subscribers', () => {
    const f = new Flights();
    let msgId = 0;
    let most = 0;
    for (let b = 0; b < 40; b++) {
      const batch: BrokerEvent[] = [];
      for (let p = 0; p < 50; p++) {
        const id = ++msgId;
        batch.push(published(id, `P${p}`));
        for (let s = 0; s < 50; s++) batch.push(sent(id, false, `S${s}`));
      }
      f.ingest(batch, b * 16, false);
      f.active(b * 16);
      most = Math.max(most, f.size);
    }
    expect(most).toBeLessThanOrEqual(IN_AIR + MAX_STACKS);
  });

  it('[AWS-replay] a replayed message leaves from the head of the queue; a live one comes through the router', () => {
    const f = new Flights();
    f.ingest([published(1), stored(1)], 0, false);
    f.ingest([sent(1, true)], 2000, false);
    f.ingest([published(2), sent(2, false)], 4000, false);
    const kinds = (at: number) => f.active(at).map((a) => [a.flight.kind, a.flight.route[0]!.at]);
    expect(kinds(2001)).toEqual([['replay', 'head']]);
    expect(kinds(4000 + 420 + 1)).toContainEqual(['live', 'spine']);
  });

  it('[AWS-store] QoS 0 for an away client falls out with its reason', () => {
    const f = new Flights();
    f.ingest(
      [
        published(1, 'B', 0),
        ev({ type: 'message.dropped', msgId: 1, clientId: 'A', reason: 'qos0-while-away' }),
      ],
      0,
      false,
    );
    const drop = f.active(500).find((a) => a.flight.kind === 'dropped');
    expect(drop?.flight.label).toBe('QoS 0: not stored');
    expect(drop?.flight.route.at(-1)).toEqual({ at: 'below', id: 'A' });
  });

  it("a stack of packets keeps their name beside its count ('PUBACK ×976'), as it grows", () => {
    const f = new Flights();
    const acked = (msgId: number) =>
      ev({ type: 'message.acknowledged', msgId, clientId: 'A', packetId: msgId, qos: 1 });
    const first: BrokerEvent[] = [];
    for (let i = 1; i <= 500; i++) first.push(published(i), sent(i, false), acked(i));
    f.ingest(first, 0, true);
    const second: BrokerEvent[] = [];
    for (let i = 501; i <= 1000; i++) second.push(published(i), sent(i, false), acked(i));
    f.ingest(second, 16, true);
    const seen = new Set<Flight>();
    for (let t = 16; t < 5000; t += 10) for (const a of f.active(t)) seen.add(a.flight);
    const acks = [...seen].filter((x) => x.kind === 'control' && x.count > 1);
    // One stack for both batches, named as its tokens are.
    expect(acks.map((x) => x.label)).toEqual([`PUBACK ×${1000 - 24}`]);
  });

  it('control packets travel only when asked for, and the CONNACK badge waits for its token', () => {
    const connack = ev({
      type: 'connack.sent',
      connId: 1,
      clientId: 'A',
      protocolVersion: 4,
      sessionPresent: true,
      code: 0,
      sessionExpiry: 3600,
      keepalive: 60,
    });
    const hidden = new Flights();
    hidden.ingest([connack], 0, false);
    expect(hidden.active(10)).toHaveLength(0);
    expect(hidden.connackAhead('A')).toBe(false);
    const shown = new Flights();
    shown.ingest([connack], 0, true);
    expect(shown.active(10).map((a) => a.flight.label)).toEqual(['CONNACK SP=1']);
    expect(shown.connackAhead('A')).toBe(true);
    shown.active(10_000);
    expect(shown.connackAhead('A')).toBe(false);
  });

  it('with reduced motion tokens do not glide: they show at their destination, then go', () => {
    const f = new Flights(false);
    f.ingest([published(1), stored(1)], 0, true);
    const now = f.active(100);
    expect(now.length).toBeGreaterThan(0);
    expect(now.every((a) => a.progress === 1)).toBe(true);
    expect(f.arriving('A').size).toBe(0);
    expect(f.active(1000)).toHaveLength(0);
  });
});
