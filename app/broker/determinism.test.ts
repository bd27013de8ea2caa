import { describe, expect, it } from 'vitest';
import type { BrokerEvent, EventOf } from './events';
import { harness } from '../testkit/harness';

const HOUR = 3_600_000;
const MAX_JITTER = 1_800_000;

/**
 * A scenario that touches every timed path: keep-alive, Will, storage while away, paced
 * replay, live messages beside the backlog, and session expiry with the AWS jitter.
 */
function scenario(seed: number): BrokerEvent[] {
  const h = harness({ profile: 'aws', seed });
  const a = h.client(4);
  const b = h.client(5);
  const pub = h.client(4);

  a.connect({ clientId: 'sensor-a', clean: false, keepalive: 60 });
  a.subscribe('dev/+/t', 1);
  b.connect({
    clientId: 'sensor-b',
    clean: false,
    keepalive: 30,
    properties: { sessionExpiryInterval: 1800 },
    will: { topic: 'dev/b/status', payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  b.subscribe('dev/#', 1);
  pub.connect({ clientId: 'publisher', keepalive: 0 });

  pub.publish('dev/x/t', 'live-1', 1);
  pub.publish('dev/x/t', 'live-0', 0);
  h.clock.advance(5_000);

  a.disconnect();
  b.drop();
  for (let i = 0; i < 15; i++) pub.publish('dev/x/t', `away-${i}`, i % 3 === 0 ? 0 : 1);
  h.clock.advance(10 * 60_000);

  a.connect({ clientId: 'sensor-a', clean: false, keepalive: 60 });
  h.clock.advance(300);
  pub.publish('dev/x/t', 'during-replay', 1);
  h.clock.advance(3_000);
  a.disconnect();

  h.clock.advance(3 * HOUR);
  return h.events;
}

const expiries = (events: BrokerEvent[]) =>
  events.filter(
    (e): e is EventOf<'session.expiry-scheduled'> => e.type === 'session.expiry-scheduled',
  );

describe('determinism: same inputs and seed, same events', () => {
  it('the same scenario with the same seed gives the same event sequence (JSON-equal)', () => {
    const first = scenario(7);
    const second = scenario(7);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(second).toEqual(first);
    // The scenario really went through the timed paths it is meant to pin down.
    const types = new Set(first.map((e) => e.type));
    for (const t of [
      'will.published',
      'message.stored',
      'replay.paced',
      'replay.finished',
      'session.expiry-scheduled',
      'session.expired',
    ] as const) {
      expect(types, t).toContain(t);
    }
    expect(expiries(first).length).toBeGreaterThanOrEqual(2);
  });

  it('[AWS-expiry] a different seed draws a different expiry jitter', () => {
    const a = expiries(scenario(7)).map((e) => e.actualAt - e.nominalAt);
    const b = expiries(scenario(8)).map((e) => e.actualAt - e.nominalAt);
    expect(a).toHaveLength(b.length);
    expect(b).not.toEqual(a);
    // Only the drawn extra delay differs: the nominal times are the same.
    expect(expiries(scenario(8)).map((e) => e.nominalAt)).toEqual(
      expiries(scenario(7)).map((e) => e.nominalAt),
    );
  });

  it('[AWS-expiry] the jitter is in [0, 1800 s] for every seed: never early, at most 30 min late', () => {
    const extras: number[] = [];
    for (let seed = 1; seed <= 400; seed++) {
      const h = harness({ profile: 'aws', seed });
      const c = h.client(seed % 2 === 0 ? 4 : 5);
      c.connect({
        clientId: `s${seed}`,
        clean: false,
        ...(c.protocolVersion === 5 ? { properties: { sessionExpiryInterval: 3600 } } : {}),
      });
      h.clock.advance(1234);
      c.disconnect();
      const [scheduled, ...more] = h.of('session.expiry-scheduled');
      expect(more).toEqual([]);
      expect(scheduled!.nominalAt, `seed ${seed}`).toBe(1234 + HOUR);
      const extra = scheduled!.actualAt - scheduled!.nominalAt;
      expect(Number.isInteger(extra), `seed ${seed}`).toBe(true);
      expect(extra, `seed ${seed}`).toBeGreaterThanOrEqual(0);
      expect(extra, `seed ${seed}`).toBeLessThanOrEqual(MAX_JITTER);
      extras.push(extra);

      // It expires exactly at actualAt: not a millisecond before.
      h.clock.advanceTo(scheduled!.actualAt - 1);
      expect(h.of('session.expired'), `seed ${seed}`).toEqual([]);
      h.clock.advanceTo(scheduled!.actualAt);
      expect(
        h.of('session.expired').map((e) => e.at),
        `seed ${seed}`,
      ).toEqual([scheduled!.actualAt]);
    }
    // The draws spread over the range (a jitter stuck at 0 or 1800 s would fail here).
    expect(Math.min(...extras)).toBeLessThan(MAX_JITTER * 0.05);
    expect(Math.max(...extras)).toBeGreaterThan(MAX_JITTER * 0.95);
    expect(new Set(extras).size).toBeGreaterThan(390);
  });

  it('[AWS-expiry] a session resumed one millisecond before its actual expiry is still there', () => {
    const h = harness({ profile: 'aws', seed: 99 });
    const c = h.client(4);
    c.connect({ clientId: 'late', clean: false });
    c.subscribe('a/b', 1);
    c.disconnect();
    const [scheduled] = h.of('session.expiry-scheduled');
    h.clock.advanceTo(scheduled!.actualAt - 1);
    const connack = c.connect({ clientId: 'late', clean: false });
    expect(connack?.sessionPresent).toBe(true);
    expect(h.of('session.expired')).toEqual([]);
  });

  it('[AWS-expiry] expiry counts from when the broker detected the end: a keep-alive timeout', () => {
    const h = harness({ profile: 'aws', seed: 3 });
    const c = h.client(4);
    c.connect({ clientId: 'hung', clean: false, keepalive: 60 });
    c.hang();
    h.clock.advance(2 * HOUR);
    const [closed] = h.of('connection.closed');
    expect(closed).toMatchObject({ reason: 'keepalive-timeout', at: 90_000 });
    const [scheduled] = h.of('session.expiry-scheduled');
    expect(scheduled!.nominalAt).toBe(90_000 + HOUR);
    expect(scheduled!.at).toBe(90_000);
  });

  it('the standard profile has no jitter: actual expiry is the nominal one', () => {
    const h = harness({ profile: 'standard', seed: 5 });
    const c = h.client(5);
    c.connect({ clientId: 'std', clean: false, properties: { sessionExpiryInterval: 60 } });
    c.disconnect();
    const [scheduled] = h.of('session.expiry-scheduled');
    expect(scheduled!.actualAt).toBe(scheduled!.nominalAt);
    expect(scheduled!.nominalAt).toBe(60_000);
  });
});
