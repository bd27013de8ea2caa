import { formatClock } from '../../format/time';
import { useScenario } from '../scenario/ScenarioContext';
import { selectActions, useApp, useAppStore } from '../StoreContext';

export const SPEEDS = [1, 10, 60, 600, 3600] as const;

/**
 * Play, pause, speed and jump; simulated time beside wall time. A remote broker keeps its own
 * time: the controls are off, and the bar says why.
 */
export function ClockBar() {
  const remote = useAppStore().remote !== undefined;
  const clock = useApp((s) => s.clock);
  const wall = useApp((s) => s.wallElapsed);
  const waits = useApp((s) => s.clockWaits);
  const note = useApp((s) => s.clockNote);
  const { play, pause, setSpeed, jump } = useApp(selectActions);
  // While a scenario step runs, the scenario holds the clock (the speed still sets its pace).
  const running = useScenario((s) => s.busy);
  const why = remote
    ? 'The remote broker keeps its own time: the clock runs in real time and cannot pause, jump or go faster'
    : undefined;
  return (
    <section className="clockbar" aria-label={remote ? 'Clock (real time)' : 'Simulated clock'}>
      {!remote && (
        <button
          type="button"
          className="primary"
          onClick={clock.paused ? play : pause}
          disabled={running}
          aria-keyshortcuts="Space"
        >
          {clock.paused ? '▶ Play' : '❚❚ Pause'}
        </button>
      )}
      <label className="inline" title={why}>
        Speed
        <select
          value={clock.speed}
          onChange={(e) => setSpeed(Number(e.target.value))}
          aria-label="Clock speed"
          disabled={remote}
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
        disabled={running || remote}
        aria-keyshortcuts="J"
        aria-describedby="clock-note"
        title={
          why ??
          'Jump to the next replay step, expiry, delayed Will or keep-alive deadline of a silently dropped client (J)'
        }
      >
        Next event ⇥
      </button>
      <span id="clock-note" className="clock-note" role="status" data-testid="clock-note">
        {note}
      </span>
      <div className="times">
        <span
          className="sim-time"
          data-testid="sim-time"
          title={remote ? 'Real time since the first connection' : 'Simulated time'}
        >
          <span className="label">{remote ? 'time' : 'sim'}</span> {formatClock(clock.now)}
        </span>
        <span className="wall-time" title="Wall-clock time since the page opened">
          <span className="label">wall</span> {formatClock(wall)}
        </span>
        {clock.paused && !remote && (
          <span className="pill pill-muted" data-testid="clock-paused">
            {waits ? 'starts when a client connects' : 'paused'}
          </span>
        )}
      </div>
      {remote && (
        <p className="clock-realtime" data-testid="real-time">
          Real time: the remote broker keeps its own time, so the clock cannot pause, jump or run
          faster; a scenario’s waits take as long as they say.
        </p>
      )}
    </section>
  );
}
