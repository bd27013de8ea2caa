import { describe, expect, it } from 'vitest';
import { createBroker } from '../broker';
import { VirtualClock } from '../clock';
import {
  PROFILES,
  PROFILE_NAMES,
  ProfileError,
  resolveProfile,
  validateOverrides,
} from '../profiles';
import { harness } from '../../testkit/harness';
import { awayStory, publishMany, returnA } from './fixtures';

describe('broker profiles: the same scenario on several brokers', () => {
  it('[profiles] the figures of behaviour.md, per profile', () => {
    expect(PROFILES.aws).toMatchObject({
      sessionExpiryV3: 3600,
      maxSessionExpiry: 3600,
      expiryJitter: 1800,
      replayRate: 10,
      storeQos0: false,
      inflightLimit: 100,
      maxQos: 1,
      liveDuringReplay: 'at-once',
    });
    expect(PROFILES.standard).toMatchObject({
      sessionExpiryV3: Infinity,
      replayRate: 0,
      queueLimit: Infinity,
      maxQos: 2,
    });
    expect(PROFILES.mosquitto).toMatchObject({
      queueLimit: 1000,
      queueOverflow: 'drop-new',
      inflightLimit: 20,
    });
    expect(PROFILES.emqx).toMatchObject({
      sessionExpiryV3: 7200,
      queueLimit: 1000,
      queueOverflow: 'drop-oldest',
      storeQos0: true,
      inflightLimit: 32,
    });
  });

  it('[profiles] mosquitto: a full store drops the new message, counted', () => {
    const { h, publisher } = awayStory('mosquitto', { overrides: { queueLimit: 5 } });
    publishMany(publisher, 8);
    expect(h.of('message.dropped').map((e) => e.reason)).toEqual([
      'queue-full',
      'queue-full',
      'queue-full',
    ]);
    expect(returnA(h).payloads()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('[profiles] emqx: a full store drops the oldest message, counted', () => {
    const { h, publisher } = awayStory('emqx', { overrides: { queueLimit: 5 } });
    publishMany(publisher, 8);
    expect(h.broker.stats().dropped['oldest-evicted']).toBe(3);
    expect(returnA(h).payloads()).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
  });

  it('[profiles] aws: the store holds 1000 messages by default, then drops new ones', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 1005);
    expect(h.broker.stats().dropped['queue-full']).toBe(5);
  });

  for (const [profile, window] of [
    ['mosquitto', 20],
    ['emqx', 32],
    ['aws', 100],
  ] as const) {
    it(`[profiles] ${profile}: ${window} messages in flight per client`, () => {
      const h = harness({ profile });
      const a = h.client();
      a.holdAcks = true;
      a.connect({ clientId: 'A' });
      a.subscribe('t/#', 1);
      const b = h.client();
      b.connect({ clientId: 'B' });
      publishMany(b, window + 7);
      expect(a.heldAcks).toHaveLength(window);
      a.release();
      expect(a.heldAcks).toHaveLength(7);
    });
  }

  it('[profiles] every figure can be overridden; bad figures are refused with a message', () => {
    for (const name of PROFILE_NAMES) {
      expect(resolveProfile(name, { replayRate: 3, queueLimit: 7 })).toMatchObject({
        name,
        replayRate: 3,
        queueLimit: 7,
      });
    }
    expect(validateOverrides({ replayRate: -1, maxQos: 3, nonsense: 1, inflightLimit: 0 })).toEqual(
      [
        'replayRate: must be a number ≥ 0 (Infinity for no limit)',
        'maxQos: must be 1 or 2',
        'nonsense: not a profile figure',
        'inflightLimit: must be at least 1',
      ],
    );
    expect(() =>
      createBroker({ clock: new VirtualClock(), overrides: { replayRate: Number.NaN } }),
    ).toThrow(ProfileError);
  });
});
