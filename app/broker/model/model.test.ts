import fc from 'fast-check';
import { describe, it } from 'vitest';
import { VARIANTS } from './commands';
import { emptyTally, modelProperty } from './run';

describe('model-based: random sequences against the reference model', () => {
  for (const variant of VARIANTS) {
    it(`${variant.name}: nothing lost silently [AWS-store], QoS 2 once, order [MQTT-4.6.0-*], sessionPresent [MQTT-3.2.2-1..3], expiry [AWS-expiry], pace [AWS-replay]`, () => {
      const tally = emptyTally();
      fc.assert(modelProperty(variant, tally), { numRuns: 100 });
    });
  }
});
