import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../broker/profiles';
import { createRandom } from '../broker/random';
import { awayStory, HOUR, publishMany, returnA } from '../broker/rules/fixtures';
import { harness, type Harness } from '../testkit/harness';
import type { TestClient } from '../testkit/testClient';
import { MAX_BUCKETS, SeriesBuilder } from './series';
import type { SeriesTable } from './seriesTable';
import { lowerBound, upperBound } from './stepSeries';
import { OTHERS_KEY, topColumns } from './topColumns';

/** A client's points in a table, as [t, value]. */
function points(table: SeriesTable, clientId: string): [number, number][] {
  const column = table.columns.find((c) => c.clientId === clientId);
  if (!column) return [];
  return table.rows.map((r) => [r.t, r[column.key]!]);
}

/** The value a step line shows just after `t` (the last row at or before it). */
function valueAt(table: SeriesTable, clientId: string, t: number): number {
  let value = 0;
  for (const [x, y] of points(table, clientId)) if (x <= t) value = y;
  return value;
}

const peak = (table: SeriesTable, clientId: string) =>
  Math.max(...points(table, clientId).map(([, y]) => y));

function built(h: Harness): SeriesBuilder {
  const b = new SeriesBuilder();
  b.append(h.events);
  return b;
}

/** A builder that follows the harness: each call appends the events since the last one. */
function follow(h: Harness): () => SeriesBuilder {
  const b = new SeriesBuilder();
  let seen = 0;
  return () => {
    b.append(h.events.slice(seen));
    seen = h.events.length;
    return b;
  };
}

/** The seed's story: A away, B publishes 30 QoS 1 at t=0, A returns at t=5 s. */
function seedStory(profile: ProfileName, holdAcks = false) {
  const { h, publisher } = awayStory(profile);
  publishMany(publisher, 30);
  h.clock.advance(5000);
  const a = returnA(h, 4, holdAcks);
  h.clock.advance(10_000);
  return { h, publisher, a };
}

describe('the seed story on the aws profile', () => {
  const { h } = seedStory('aws');
  const b = built(h);

  it('stored rises to 30 while A is away and drains to 0 over 2.9 s', () => {
    const stored = b.stored(0, 15_000, 1000);
    expect(stored.columns.map((c) => c.clientId)).toEqual(['A']); // B never held anything
    expect(valueAt(stored, 'A', 0)).toBe(30);
    expect(valueAt(stored, 'A', 4999)).toBe(30);
    const drain = Array.from({ length: 30 }, (_, i) => valueAt(stored, 'A', 5000 + i * 100));
    expect(drain).toEqual(Array.from({ length: 30 }, (_, i) => 29 - i));
    expect(valueAt(stored, 'A', 7899)).toBe(1);
    expect(valueAt(stored, 'A', 15_000)).toBe(0);
    expect(peak(stored, 'A')).toBe(30);
  });

  it('deliveries per second sit at the 10 msg/s replay ceiling for 3 s', () => {
    const perSecond = b.deliveries(0, 15_000, 1000);
    expect(perSecond.bucketMs).toBe(1000);
    const buckets = points(perSecond, 'A').slice(0, -1); // the last row closes the last bucket
    expect(buckets.filter(([, rate]) => rate > 0)).toEqual([
      [5000, 10],
      [6000, 10],
      [7000, 10],
    ]);
    expect(perSecond.rows.filter((r) => r.t >= 5000 && r.t < 8000).map((r) => r.total)).toEqual([
      10, 10, 10,
    ]);
    // At 100 ms buckets the pace is one per bucket: still 10/s, for all 30 buckets.
    const fine = points(b.deliveries(4000, 9000, 100), 'A').filter(([, rate]) => rate > 0);
    expect(fine).toHaveLength(30);
    expect(new Set(fine.map(([, rate]) => rate))).toEqual(new Set([10]));
  });

  it('with auto-acks, one message is in flight at a time, for no simulated time', () => {
    const inFlight = b.inFlight(0, 15_000, 1000);
    expect(peak(inFlight, 'A')).toBe(1);
    const spikes = points(inFlight, 'A').filter(([, y]) => y === 1);
    expect(spikes.map(([t]) => t)).toEqual(Array.from({ length: 30 }, (_, i) => 5000 + i * 100));
    // Each spike is undone at the same instant: the step line is back at 0 right after.
    for (const [t] of spikes) expect(valueAt(inFlight, 'A', t)).toBe(0);
  });
});

describe('other profiles and clients', () => {
  it('standard: the drain is instantaneous, and all 30 are in flight at that instant', () => {
    const { h } = seedStory('standard');
    const b = built(h);
    const stored = b.stored(0, 15_000, 1000);
    expect(valueAt(stored, 'A', 4999)).toBe(30);
    expect(valueAt(stored, 'A', 5000)).toBe(0);
    const inFlight = b.inFlight(0, 15_000, 1000);
    expect(peak(inFlight, 'A')).toBe(30);
    expect(valueAt(inFlight, 'A', 5000)).toBe(0);
    const perSecond = b.deliveries(0, 15_000, 1000);
    expect(perSecond.rows.find((r) => r.t === 5000)!.total).toBe(30);
  });

  it('held acks: 3 stay in flight (and stored) until released', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 3);
    h.clock.advance(1000);
    const a = returnA(h, 4, true);
    h.clock.advance(1000);
    const releasedAt = h.clock.now();
    a.release();
    h.clock.advance(1000);
    const b = built(h);
    const inFlight = b.inFlight(0, h.clock.now(), 500);
    const stored = b.stored(0, h.clock.now(), 500);
    expect(valueAt(inFlight, 'A', releasedAt - 1)).toBe(3);
    expect(valueAt(stored, 'A', releasedAt - 1)).toBe(3);
    expect(valueAt(inFlight, 'A', 1200)).toBe(3); // the paced replay: 1000, 1100, 1200
    expect(valueAt(inFlight, 'A', 1100)).toBe(2);
    expect(valueAt(inFlight, 'A', releasedAt)).toBe(0);
    expect(valueAt(stored, 'A', releasedAt)).toBe(0);
    expect(b.current('A')).toEqual({ stored: 0, inFlight: 0 });
  });

  it('mosquitto: the in-flight window of 20 holds back the rest, which stays stored', () => {
    const { h, publisher } = awayStory('mosquitto');
    publishMany(publisher, 30);
    h.clock.advance(1000);
    const a = returnA(h, 4, true);
    const sync = follow(h);
    expect(sync().current('A')).toEqual({ stored: 30, inFlight: 20 });
    a.release(5);
    expect(sync().current('A')).toEqual({ stored: 25, inFlight: 20 });
  });

  it('a message unacknowledged when the client goes is stored once, not twice', () => {
    for (const profile of ['aws', 'standard'] as const) {
      const { h, publisher } = awayStory(profile);
      const a = returnA(h, 4, true);
      publishMany(publisher, 3);
      a.drop();
      const sync = follow(h);
      expect(sync().current('A'), profile).toEqual({ stored: 3, inFlight: 0 });
      // Back and gone again before the (paced) resends: marked unacknowledged a second time.
      const again = returnA(h, 4, true);
      again.drop();
      expect(sync().current('A'), profile).toEqual({ stored: 3, inFlight: 0 });
      returnA(h);
      h.clock.advance(1000);
      expect(sync().current('A'), profile).toEqual({ stored: 0, inFlight: 0 });
      expect(h.of('message.resent').length, profile).toBeGreaterThanOrEqual(3);
    }
  });

  it('expiry resets the series: the stored messages go at the moment the session expires', () => {
    const { h, publisher } = awayStory('aws');
    const a = returnA(h, 4, true);
    publishMany(publisher, 3); // in flight, unacknowledged
    a.drop();
    publishMany(publisher, 27); // stored while away
    h.clock.advance(2 * HOUR);
    const expiredAt = h.of('session.expired')[0]!.at;
    expect(expiredAt).toBeGreaterThanOrEqual(HOUR);
    const sync = follow(h);
    const stored = sync().stored(0, 2 * HOUR, 400);
    expect(valueAt(stored, 'A', 0)).toBe(30);
    expect(valueAt(stored, 'A', expiredAt - 1)).toBe(30);
    expect(valueAt(stored, 'A', expiredAt)).toBe(0);
    expect(sync().current('A')).toEqual({ stored: 0, inFlight: 0 });
    // A new session of the same id starts from nothing.
    const back = returnA(h);
    back.subscribe('t/#', 1);
    back.drop();
    publishMany(publisher, 2);
    expect(sync().current('A')).toEqual({ stored: 2, inFlight: 0 });
  });

  it('a clean start discards the session and resets its series', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 4);
    const clean = h.client();
    clean.connect({ clientId: 'A', clean: true, keepalive: 60 });
    const b = built(h);
    expect(h.of('session.discarded')).toHaveLength(1);
    expect(b.current('A')).toEqual({ stored: 0, inFlight: 0 });
  });

  it('QoS 0: not counted when dropped while away (aws); counted while stored (emqx)', () => {
    const aws = awayStory('aws', { qos: 0 });
    publishMany(aws.publisher, 3, 1);
    expect(built(aws.h).stored(0, 1000, 100).columns).toEqual([]);

    const emqx = awayStory('emqx', { qos: 0 });
    publishMany(emqx.publisher, 3, 0);
    const sync = follow(emqx.h);
    expect(sync().current('A')).toEqual({ stored: 3, inFlight: 0 });
    emqx.h.clock.advance(1000);
    returnA(emqx.h);
    // Sent at QoS 0 there is nothing to acknowledge: they leave the store as they go.
    expect(sync().current('A')).toEqual({ stored: 0, inFlight: 0 });
    expect(sync().deliveries(0, 2000, 1000).rows[1]!.total).toBe(3);
  });
});

describe('matches the broker’s own sessions after every step (seeded random runs)', () => {
  const profiles: ProfileName[] = ['aws', 'standard', 'mosquitto', 'emqx'];
  for (const profile of profiles) {
    for (const seed of [1, 2, 3]) {
      it(`${profile}, seed ${seed}`, () => {
        randomRun(profile, seed, 250);
      });
    }
    it(`${profile}, seed 4, a store of 6 (overflow) and message expiry`, () => {
      randomRun(profile, 4, 250, 6);
    });
  }
});

/**
 * Two subscribers come and go (disconnect, drop, takeover, clean start), hold and release acks,
 * while an MQTT 5 publisher sends QoS 0–2, some with a 1 s message expiry, and time passes
 * (sometimes past the session expiry). After each step the builder's counts must equal what
 * `broker.sessions()` holds.
 */
function randomRun(profile: ProfileName, seed: number, steps: number, queueLimit?: number): void {
  const rnd = createRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const h = harness({ profile, seed, ...(queueLimit ? { overrides: { queueLimit } } : {}) });
  const sync = follow(h);
  const publisher = h.client(5);
  publisher.connect({ clientId: 'P', keepalive: 60 });
  const subs = new Map<string, TestClient | undefined>([
    ['A', undefined],
    ['C', undefined],
  ]);
  const log: string[] = [];
  for (let step = 0; step < steps; step++) {
    const id = pick(['A', 'C']);
    const c = subs.get(id);
    const op = pick(['connect', 'connect', 'leave', 'publish', 'publish', 'acks', 'time', 'time']);
    log.push(`${op} ${id}`);
    if (op === 'connect') {
      const next = h.client();
      next.holdAcks = rnd() < 0.4;
      const connack = next.connect({ clientId: id, clean: rnd() < 0.15, keepalive: 60 });
      if (connack && !connack.sessionPresent) next.subscribe('t/#', pick([0, 1, 1, 2] as const));
      subs.set(id, next);
    } else if (op === 'leave' && c?.connected) {
      if (rnd() < 0.5) c.disconnect();
      else c.drop();
    } else if (op === 'publish' && publisher.connected) {
      const qos = pick([0, 1, 1, 2] as const);
      const properties = rnd() < 0.2 ? { messageExpiryInterval: 1 } : undefined;
      for (let n = 1 + Math.floor(rnd() * 6); n > 0; n--)
        publisher.publish('t/x', `s${step}-${n}`, qos, properties ? { properties } : {});
    } else if (op === 'acks' && c) {
      if (rnd() < 0.5) c.release(1 + Math.floor(rnd() * 3));
      else c.holdAcks = !c.holdAcks;
    } else if (op === 'time') {
      h.clock.advance(rnd() < 0.05 ? 3 * HOUR : Math.floor(rnd() * 1500));
    }
    const b = sync();
    for (const clientId of ['A', 'C']) {
      const session = h.broker.sessions().find((s) => s.clientId === clientId);
      const messages = session?.messages ?? [];
      const where = `${profile} seed ${seed} step ${step} (${log.slice(-4).join(', ')}) ${clientId}`;
      const counts = b.current(clientId);
      expect(counts.stored, where).toBe(messages.length);
      if (!session?.connected) {
        // While away, unacknowledged ones wait to go again: stored, not in flight.
        const pubrel = messages.filter((m) => m.state === 'awaiting-pubcomp').length;
        expect(counts.inFlight, where).toBe(pubrel);
      } else if (!session.replay) {
        const sent = messages.filter((m) => m.state !== 'stored').length;
        expect(counts.inFlight, where).toBe(sent);
      }
    }
  }
}

describe('incremental and downsampled', () => {
  it('appending in many small batches gives the same tables as one big batch', () => {
    const { h } = seedStory('aws', false);
    const { h: h2 } = seedStory('standard', true);
    for (const events of [h.events, h2.events]) {
      const whole = new SeriesBuilder();
      whole.append(events);
      const pieces = new SeriesBuilder();
      const rnd = createRandom(7);
      for (let i = 0; i < events.length;) {
        const n = 1 + Math.floor(rnd() * 7);
        pieces.append(events.slice(i, i + n));
        i += n;
      }
      for (const [from, to, points] of [
        [0, 15_000, 1000],
        [4_000, 8_000, 20],
        [5_050, 5_450, 10],
      ] as const) {
        expect(pieces.stored(from, to, points)).toEqual(whole.stored(from, to, points));
        expect(pieces.inFlight(from, to, points)).toEqual(whole.inFlight(from, to, points));
        expect(pieces.deliveries(from, to, 250)).toEqual(whole.deliveries(from, to, 250));
      }
    }
  });

  it('reset forgets everything; the same events then give the same tables', () => {
    const { h } = seedStory('aws');
    const b = built(h);
    const before = b.stored(0, 15_000, 100);
    b.reset();
    expect(b.clients()).toEqual([]);
    expect(b.stored(0, 15_000, 100).columns).toEqual([]);
    expect(b.deliveries(0, 15_000, 1000).columns).toEqual([]);
    b.append(h.events);
    expect(b.stored(0, 15_000, 100)).toEqual(before);
  });

  it('downsampling keeps at most maxPoints rows, and keeps the extremes', () => {
    // A fills slowly over 10 minutes (600 stored), drains at once on standard (a 0-ms spike of
    // 600 in flight), and C gets one short burst in the middle.
    const { h, publisher } = awayStory('standard');
    const c = h.client();
    c.connect({ clientId: 'C', clean: false, keepalive: 60 });
    c.subscribe('c/#', 1);
    c.holdAcks = true;
    for (let i = 0; i < 600; i++) {
      publisher.publish('t/x', `m${i}`, 1);
      if (i === 300) {
        publishMany(publisher, 7, 1, 'c', 'c/x');
        h.clock.advance(3);
        c.release();
      }
      h.clock.advance(1000);
    }
    returnA(h);
    const end = h.clock.now() + 1000;
    h.clock.advance(1000);
    const b = built(h);
    for (const maxPoints of [8, 40, 200]) {
      for (const table of [b.stored(0, end, maxPoints), b.inFlight(0, end, maxPoints)]) {
        expect(table.rows.length).toBeLessThanOrEqual(maxPoints);
        const times = table.rows.map((r) => r.t);
        expect(times).toEqual([...times].sort((x, y) => x - y));
      }
      expect(peak(b.stored(0, end, maxPoints), 'A')).toBe(600);
      expect(peak(b.inFlight(0, end, maxPoints), 'A')).toBe(600);
      expect(peak(b.inFlight(0, end, maxPoints), 'C')).toBe(7);
      expect(valueAt(b.stored(0, end, maxPoints), 'A', end)).toBe(0);
    }
    // Exact when the window allows: one row per instant that changed, shared by the clients.
    const exact = b.stored(299_000, 303_000, 1000);
    expect(points(exact, 'A')).toEqual([
      [299_000, 299],
      [299_000, 300],
      [300_000, 301],
      [300_003, 301],
      [301_003, 302],
      [302_003, 303],
      [303_000, 303],
    ]);
    expect(points(exact, 'C').map(([, y]) => y)).toEqual([0, 0, 7, 0, 0, 0, 0]);
  });

  it('deliveries: a window too long for its buckets gets wider ones', () => {
    const { h } = seedStory('aws');
    const b = built(h);
    const rates = b.deliveries(0, 24 * HOUR, 100);
    expect(rates.rows.length).toBeLessThanOrEqual(MAX_BUCKETS + 1);
    expect(rates.bucketMs % 100).toBe(0);
    const total = rates.rows
      .slice(0, -1)
      .reduce((n, r) => n + (r.total! * rates.bucketMs) / 1000, 0);
    expect(total).toBeCloseTo(30);
  });

  it('topColumns keeps the clients with the highest peaks and folds the rest into one line', () => {
    const h = harness({ profile: 'standard' });
    for (let i = 0; i < 12; i++) {
      const c = h.client();
      c.connect({ clientId: `c${i}`, clean: false, keepalive: 60 });
      c.subscribe(`x/${i}`, 1);
      c.disconnect();
    }
    const publisher = h.client();
    publisher.connect({ clientId: 'P', keepalive: 60 });
    h.clock.advance(1000);
    for (let i = 0; i < 12; i++) publishMany(publisher, i + 1, 1, 'm', `x/${i}`);
    h.clock.advance(1000);
    const stored = built(h).stored(0, 2000, 100);
    expect(stored.columns).toHaveLength(12);
    const top = topColumns(stored, 5);
    expect(top.columns.map((c) => c.clientId)).toEqual(['c7', 'c8', 'c9', 'c10', 'c11']);
    expect(top.others.map((c) => c.clientId)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(top.rows).toHaveLength(stored.rows.length);
    const last = top.rows.at(-1)!;
    expect(last[OTHERS_KEY]).toBe(7); // the highest of the rest: c6 with 7
    expect(Object.keys(last).sort()).toEqual(
      ['t', OTHERS_KEY, ...top.columns.map((c) => c.key)].sort(),
    );
    expect(topColumns(stored, 12)).toEqual({ ...stored, others: [] });
    const rates = topColumns(built(h).deliveries(0, 2000, 1000), 1);
    expect(rates.rows.every((r) => r.total !== undefined)).toBe(true);
  });

  it('lowerBound and upperBound agree with a linear scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 })).map((xs) => xs.sort((a, b) => a - b)),
        fc.integer({ min: -1, max: 51 }),
        fc.nat(60),
        (a, x, from) => {
          const lo = Math.min(from, a.length);
          const first = (ok: (y: number) => boolean) => {
            for (let i = lo; i < a.length; i++) if (ok(a[i]!)) return i;
            return a.length;
          };
          expect(lowerBound(a, x, lo)).toBe(first((y) => y >= x));
          expect(upperBound(a, x, lo)).toBe(first((y) => y > x));
        },
      ),
    );
  });
});
