import { describe, expect, it } from 'vitest';
import { laneLabel } from './draw';

describe('lane labels', () => {
  it('a short id as it is; a long one keeps its end, where ids with one prefix differ', () => {
    expect(laneLabel('A')).toBe('A');
    expect(laneLabel('sensor-0001')).toBe('sensor-0001');
    const [a, b] = [laneLabel('lab-1044018d-A'), laneLabel('lab-1044018d-B')];
    expect([a, b]).toEqual(['…1044018d-A', '…1044018d-B']);
    expect(a.length).toBe(11);
  });
});
