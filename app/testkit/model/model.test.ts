import fc from 'fast-check';
import { describe, it } from 'vitest';
import { VARIANTS } from './commands';
import { emptyTally, modelProperty } from './run';

const RULES =
  '[MQTT-3.2.2-1..3, 3.1.1] [MQTT-3.2.2-2..3, 5.0] [AWS-subs] [AWS-store] [AWS-expiry] [AWS-replay] [MQTT-4.4.0-1, 3.1.1/5.0] ' +
  '[MQTT-4.3.3-2, 3.1.1] [MQTT-4.3.3-10, 5.0] [MQTT-4.6.0-*] [MQTT-4.9.0-*] [MQTT-3.1.2-24, 3.1.1] [MQTT-3.1.2-22, 5.0] [MQTT-3.3.2-5]';

// A bounded run for every profile on each `npm test` (about 800 sequences, 25 000 steps);
// `npm run model` runs the same property for longer. On a failure fast-check prints the seed
// and the shrunk sequence: fix the broker (or the model), and keep the sequence, named, in
// regressions.test.ts.
describe('model-based: random sequences against the reference model', () => {
  for (const variant of VARIANTS) {
    it(`${variant.name}: every message delivered as the profile allows or dropped with a reason ${RULES}`, () => {
      fc.assert(modelProperty(variant, emptyTally()), { numRuns: 100 });
    });
  }
});
