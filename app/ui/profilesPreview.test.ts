import { describe, expect, it } from 'vitest';
import { profileColumns, profilesPreview } from './profilesPreview';

describe('profilesPreview', () => {
  it('lists the four profiles once each', () => {
    const names = profilesPreview.map((p) => p.name);
    expect(names).toEqual(['aws', 'standard', 'mosquitto', 'emqx']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives AWS its 10 msg/s replay rate and no QoS 2', () => {
    const aws = profilesPreview.find((p) => p.name === 'aws');
    expect(aws?.replayRate).toBe('10 msg/s');
    expect(aws?.qos2).toBe('no');
  });

  it('leaves replay unthrottled in every other profile', () => {
    const others = profilesPreview.filter((p) => p.name !== 'aws');
    expect(others.map((p) => p.replayRate)).toEqual(['unthrottled', 'unthrottled', 'unthrottled']);
  });

  it('fills every column of every profile', () => {
    for (const profile of profilesPreview) {
      for (const [key] of profileColumns) {
        expect(profile[key], `${profile.name}.${key}`).not.toBe('');
      }
    }
  });
});
