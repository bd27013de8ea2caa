import mqtt from 'mqtt';
import type { BrokerEvent, ProfileName, ProfileOverrides } from '../../broker';
import { createMemoryEnv } from '../../testkit/mqttjsMemory';
import type { Target } from '../target';
import { TapStream } from './tapStream';

/** An in-memory target, with the broker's own events (which a remote broker never shows). */
export interface MemoryTarget extends Target {
  brokerEvents(): BrokerEvent[];
}

/**
 * Our own broker in memory with a profile, on a simulated clock: `sleep` moves its time, so an
 * expiry or a paced replay takes no wall time. The check runs the very same probes against
 * this as against a remote broker, which gives the profiles' column of its table.
 */
export function createMemoryTarget(
  profile: ProfileName,
  overrides: ProfileOverrides,
  seed = 1,
): MemoryTarget {
  const env = createMemoryEnv({ profile, overrides, seed });
  const clock = env.clock;
  return {
    label: `our ${profile} profile (in memory)`,
    realTime: false,
    open: (options, tap) =>
      new mqtt.MqttClient(() => new TapStream(env.socket(), tap), {
        ...options,
        // Keep-alive pings follow the simulated clock, as they would follow the wall clock.
        timerVariant: env.timer,
      }),
    now: () => clock.now(),
    // From timer to timer, the clients and the broker having their say after each: what
    // arrives is seen at the simulated time it was sent, and an idle hour takes one step.
    async sleep(ms) {
      await env.settle();
      const end = clock.now() + ms;
      while (clock.now() < end) {
        const next = clock.nextTimerAt();
        clock.advanceTo(next !== undefined && next < end ? next : end);
        await env.settle();
      }
    },
    close: () => env.close(),
    brokerEvents: () => env.events(),
  };
}
