import type { Profile } from '../../broker/profiles';
import type { QoS } from '../../broker/packets';

/** How one client of the soak connects, what it listens to and how it behaves. */
export interface ClientPlan {
  index: number;
  clientId: string;
  version: 4 | 5;
  /** cleanSession (3.1.1) / Clean Start (5). */
  clean: boolean;
  /** MQTT 5 Session Expiry Interval asked for in CONNECT (absent when undefined). */
  sei?: number;
  group: number;
  /** Subscribes to its group's telemetry too (the heavy fan-out), at this QoS. */
  telemetryQos?: QoS;
  commandQos: QoS;
  /** Resubscribes on every connect, whatever sessionPresent says. */
  alwaysResubscribe: boolean;
  /** Leaves once and never comes back. */
  vanishes: boolean;
  /** Sets a Will on status/<id>; MQTT 5 clients may delay it. */
  will: boolean;
  willDelay: number;
  /** Listens to everyone's status and state (stays on line most of the time). */
  monitor: boolean;
}

export const GROUPS = 5;
const SEIS = [600, 3600, 7200, 86_400, 0xffffffff] as const;

/** Draws the population of the soak from the seeded generator. */
export function planClients(count: number, random: () => number): ClientPlan[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const plans: ClientPlan[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    const monitor = i < 2;
    // 35% 3.1.1 persistent, 30% MQTT 5 with an expiry, 15% 3.1.1 clean, 10% MQTT 5 clean,
    // 10% MQTT 5 Clean Start=0 with no expiry (the pitfall: nothing is kept).
    const kind = monitor
      ? i === 0
        ? 'v3p'
        : 'v5p'
      : r < 0.35
        ? 'v3p'
        : r < 0.65
          ? 'v5p'
          : r < 0.8
            ? 'v3c'
            : r < 0.9
              ? 'v5c'
              : 'v5pit';
    const version = kind.startsWith('v5') ? 5 : 4;
    const persistent = kind === 'v3p' || kind === 'v5p';
    plans.push({
      index: i,
      clientId: `c${String(i).padStart(3, '0')}`,
      version,
      clean: kind === 'v3c' || kind === 'v5c',
      ...(kind === 'v5p' ? { sei: monitor ? 0xffffffff : pick(SEIS) } : {}),
      group: i % GROUPS,
      ...(monitor || random() < 0.35 ? { telemetryQos: pick([0, 1, 1, 2] as const) } : {}),
      commandQos: pick([1, 2] as const),
      alwaysResubscribe: random() < 0.3,
      vanishes: !monitor && persistent && random() < 0.08,
      will: random() < 0.3,
      willDelay: version === 5 && random() < 0.5 ? 30 : 0,
      monitor,
    });
  }
  return plans;
}

/** The QoS a client may publish at under this profile (AWS refuses QoS 2 PUBLISH). */
export function capQos(qos: QoS, profile: Profile): QoS {
  return Math.min(qos, profile.maxQos) as QoS;
}
