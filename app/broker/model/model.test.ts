import fc from 'fast-check';
import { describe, it } from 'vitest';
import { VARIANTS } from './commands';
import { modelProperty, type Tally } from './run';

describe('model-based: random sequences against the reference model', () => {
  for (const variant of VARIANTS) {
    it(`${variant.name}: nothing lost, QoS 2 once, order, sessionPresent, expiry, replay pace`, () => {
      const tally: Tally = { sequences: 0, steps: 0, deliveries: 0 };
      fc.assert(modelProperty(variant, tally), { numRuns: 100 });
    });
  }
});
