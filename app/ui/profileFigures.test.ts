import { describe, expect, it } from 'vitest';
import { PROFILES } from '../broker';
import { formatSeconds as formatDuration } from '../format/time';
import { describeProfile, profileFigures } from './profileFigures';

describe('profile figures on the landing page', () => {
  it('lists the four profiles once each, in order', () => {
    expect(profileFigures.map((p) => p.name)).toEqual(['aws', 'standard', 'mosquitto', 'emqx']);
  });

  it('reads the broker profile itself: AWS replays at 10 msg/s, 1 h + up to 30 min, no QoS 2', () => {
    const aws = describeProfile(PROFILES.aws);
    expect(aws.replayRate).toBe('10 msg/s');
    expect(aws.sessionExpiry).toBe('1 h (+0–30 min) (3.1.1); from SEI, at most 1 h (5)');
    expect(aws.qos2).toBe('no');
    expect(describeProfile({ ...PROFILES.aws, replayRate: 0 }).replayRate).toBe('unthrottled');
  });

  it('formats the queue limit and what overflows', () => {
    expect(describeProfile(PROFILES.mosquitto).storedPerSession).toBe('1000, new ones dropped');
    expect(describeProfile(PROFILES.emqx).storedPerSession).toBe('1000, oldest dropped');
    expect(describeProfile(PROFILES.standard).storedPerSession).toBe('unbounded');
  });

  it('formats durations', () => {
    expect([3600, 7200, 600, 45, Infinity].map(formatDuration)).toEqual([
      '1 h',
      '2 h',
      '10 min',
      '45 s',
      'never',
    ]);
  });
});
