import { formatClock } from '../../format/time';
import { useScenario } from '../scenario/ScenarioContext';
import { selectActions, useApp } from '../StoreContext';

export const SPEEDS = [1, 10, 60, 600, 3600] as const;

/** Play, pause, speed and jump; simulated time beside wall time. */
export function ClockBar() {
  const clock = useApp((s) => s.clock);
  const wall = useApp((s) => s.wallElapsed);
  const waits = useApp((s) => s.clockWaits);
  const note = useApp((s) => s.clockNote);
  const { play, pause, setSpeed, jump } = useApp(selectActions);
  // While a scenario step runs, the scenario holds the clock (the speed still sets its pace).
  const running = useScenario((s) => s.busy);
  return (
    <section className="clockbar" aria-label="Simulated clock">
      <button
        type="button"
        className="primary"
        onClick={clock.paused ? play : pause}
        disabled={running}
        aria-keyshortcuts="Space"
      >
        {clock.paused ? '▶ Play' : '❚❚ Pause'}
      </button>
      <label className="inline">
        Speed
        <select
          value={clock.speed}
          onChange={(e) => setSpeed(Number(e.target.value))}
          aria-label="Clock speed"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={jump}
        disabled={running}
        aria-keyshortcuts="J"
        aria-describedby="clock-note"
        title="Jump to the next replay step, expiry, delayed Will or keep-alive deadline of a silently dropped client (J)"
      >
        Next event ⇥
      </button>
      <span id="clock-note" className="clock-note" role="status" data-testid="clock-note">
        {note}
      </span>
      <div className="times">
        <span className="sim-time" data-testid="sim-time" title="Simulated time">
          <span className="label">sim</span> {formatClock(clock.now)}
        </span>
        <span className="wall-time" title="Wall-clock time since the page opened">
          <span className="label">wall</span> {formatClock(wall)}
        </span>
        {clock.paused && (
          <span className="pill pill-muted" data-testid="clock-paused">
            {waits ? 'starts when a client connects' : 'paused'}
          </span>
        )}
      </div>
    </section>
  );
}
