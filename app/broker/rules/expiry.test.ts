import { describe, expect, it } from 'vitest';
import { harness } from '../../testkit/harness';
import { awayStory, HOUR, publishMany, returnA } from './fixtures';

describe('[AWS-expiry] a session that is not resumed expires', () => {
  it('[AWS-expiry] aws: 1 h after the end of the connection plus a seeded 0–30 min, never sooner', () => {
    const { h, publisher } = awayStory('aws', { seed: 3 });
    publishMany(publisher, 4);
    const [scheduled] = h.of('session.expiry-scheduled');
    expect(scheduled).toBeDefined();
    const extra = scheduled!.actualAt - scheduled!.nominalAt;
    expect(scheduled!.nominalAt - scheduled!.at).toBe(HOUR);
    expect(extra).toBeGreaterThanOrEqual(0);
    expect(extra).toBeLessThanOrEqual(30 * 60 * 1000);
    h.clock.advanceTo(scheduled!.actualAt - 1);
    expect(h.of('session.expired')).toEqual([]);
    h.clock.advance(1);
    expect(h.of('session.expired')).toMatchObject([{ clientId: 'A', discardedMessages: 4 }]);
    expect(h.of('message.dropped').filter((e) => e.reason === 'session-expired')).toHaveLength(4);
    expect(h.broker.stats().dropped['session-expired']).toBe(4);
  });

  it('[AWS-expiry] aws: the clock starts when the broker detects the end (keep-alive timeout)', () => {
    const h = harness({ profile: 'aws', overrides: { expiryJitter: 0 } });
    const a = h.client();
    a.connect({ clientId: 'A', clean: false, keepalive: 30 });
    a.hang();
    h.clock.advance(45_000);
    expect(h.of('connection.closed')).toMatchObject([{ reason: 'keepalive-timeout' }]);
    expect(h.of('session.expiry-scheduled')).toMatchObject([
      { at: 45_000, nominalAt: 45_000 + HOUR },
    ]);
  });

  it('[AWS-expiry] aws: reconnecting after expiry finds no session and no subscriptions', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 2);
    h.clock.advance(1.5 * HOUR + 1);
    const a = returnA(h);
    expect(a.last('connack')?.sessionPresent).toBe(false);
    publisher.publish('t/x', 'after', 1);
    expect(a.payloads()).toEqual([]);
    expect(h.of('subscription.removed')).toMatchObject([
      { clientId: 'A', reason: 'session-ended' },
    ]);
  });

  it('[AWS-expiry] aws: a resumed session cancels its expiry', () => {
    const { h } = awayStory('aws');
    returnA(h);
    h.clock.advance(3 * HOUR);
    expect(h.of('session.expired')).toEqual([]);
  });

  for (const profile of ['standard', 'mosquitto'] as const) {
    it(`[AWS-expiry] ${profile}: MQTT 3.1.1 has no expiry, the session is kept forever`, () => {
      const { h, publisher } = awayStory(profile);
      publishMany(publisher, 2);
      h.clock.advance(30 * 24 * HOUR);
      expect(h.of('session.expiry-scheduled')).toEqual([]);
      expect(returnA(h).last('connack')?.sessionPresent).toBe(true);
    });
  }

  it('[AWS-expiry] emqx: a 3.1.1 persistent session expires after 2 h', () => {
    const { h } = awayStory('emqx');
    const [scheduled] = h.of('session.expiry-scheduled');
    expect(scheduled!.actualAt - scheduled!.at).toBe(2 * HOUR);
    h.clock.advance(2 * HOUR);
    expect(h.of('session.expired')).toHaveLength(1);
  });

  it('[AWS-expiry] the expiry is a profile figure (aws at 10 min, no extra delay)', () => {
    const { h } = awayStory('aws', { overrides: { sessionExpiryV3: 600, expiryJitter: 0 } });
    h.clock.advance(600_000);
    expect(h.of('session.expired')).toMatchObject([{ at: 600_000 }]);
  });
});
