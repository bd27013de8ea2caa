import { describe, expect, it } from 'vitest';
import { VARIANTS, type Command } from './commands';
import { runSequence } from './run';

const variant = (name: string) => VARIANTS.find((v) => v.name === name)!;

// Sequences fast-check found against a real broker bug, shrunk, each kept under a name that
// says what went wrong. Each runs through the same checks as model.test.ts.
describe('model-based regressions', () => {
  it('[MQTT-4.9.0-2] resends on resume respect the new connection’s Receive Maximum', () => {
    // b holds two unacknowledged messages (QoS 1, QoS 2), then comes back as MQTT 5 with
    // Receive Maximum 1: both were sent again at once. Found by npm run model (mosquitto).
    const commands: Command[] = [
      { k: 'connect', id: 'b', v: 4, clean: false },
      { k: 'subscribe', id: 'b', filter: 't/2', qos: 2 },
      { k: 'connect', id: 'b', v: 4, clean: false, hold: true },
      { k: 'publish', topic: 't/2', qos: 1 },
      { k: 'publish', topic: 't/2', qos: 2 },
      { k: 'connect', id: 'b', v: 5, clean: false, hold: true, rm: 1 },
    ];
    for (const name of ['standard', 'mosquitto', 'emqx']) {
      const world = runSequence(variant(name), commands);
      // Both arrived in the end, one at a time.
      expect(world.receiver.receipts.size).toBe(2);
    }
  });
});
