import type { IClientOptions } from 'mqtt';
import type { Clock, TimerHandle } from '../broker/clock';

/** mqtt.js's custom timer: `set` is an interval (KeepaliveManager counts its ticks). */
export type MqttTimer = Exclude<NonNullable<IClientOptions['timerVariant']>, string>;

/** mqtt.js's keep-alive on a broker's clock (simulated time), as an interval of its timeouts. */
export function clockTimer(clock: Clock): MqttTimer {
  const intervals = new Map<number, TimerHandle>();
  let ids = 0;
  return {
    set(fn: () => void, delay?: number) {
      const id = ++ids;
      const every = delay !== undefined && delay > 0 ? delay : 1;
      const arm = () =>
        intervals.set(
          id,
          clock.setTimeout(
            () => {
              // Re-armed before the call, so a `clear` from inside the callback sticks.
              arm();
              fn();
            },
            every,
            'client',
          ),
        );
      arm();
      return id;
    },
    clear(id: number) {
      clock.clearTimeout(intervals.get(id));
      intervals.delete(id);
    },
  };
}
