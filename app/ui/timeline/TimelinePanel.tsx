import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { drawTimeline } from '../../timeline/draw';
import { fit, follow, LAYOUT, zoom, type TimeView } from '../../timeline/view';
import { formatClock } from '../../format/time';
import { selectActions, useApp, useAppStore } from '../StoreContext';
import { ChartsWaiting } from './ChartsWaiting';
import { laneColour } from './colours';
import { InspectorEmpty, NOTHING_SELECTED } from './InspectorEmpty';
import { laneOrder, TimelineCanvas } from './TimelineCanvas';
import { TimelineText } from './TimelineText';
import { useTimelineModel } from './useTimelineModel';
import { useThrottled } from '../useThrottled';
import { stepMarks, useScenario } from '../scenario/ScenarioContext';

const sameView = (a: TimeView, b: TimeView) => a.from === b.from && a.to === b.to;

// Not with the page: the charts load once the run has its first event, the inspector
// when something is selected, the exports when asked for.
const Charts = lazy(async () => ({ default: (await import('./Charts')).Charts }));
const Inspector = lazy(async () => ({ default: (await import('./Inspector')).Inspector }));
const exports = () => import('../../timeline/exportLog');

/**
 * The picture that teaches: the timeline of every client and the broker, the charts in step
 * with it, time travel, the inspector and the exports.
 */
export function TimelinePanel() {
  const store = useAppStore();
  const { model, sync } = useTimelineModel();
  const busy = useMemo(() => () => !store.channel.idle, [store]);
  const now = useApp((s) => s.clock.now);
  const travel = useApp((s) => s.travel);
  const selected = useApp((s) => s.selected);
  const setup = useApp((s) => s.setup);
  const started = useApp((s) => s.logSize > 0);
  const [chartsWanted, setChartsWanted] = useState(false);
  if (started && !chartsWanted) setChartsWanted(true);
  const { travelTo, select } = useApp(selectActions);
  const [view, setView] = useState<TimeView>({ from: -2_000, to: 58_000 });
  const [live, setLive] = useState(true);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const outcomes = useScenario((s) => s.outcomes);
  const scenario = useScenario((s) => s.scenario);
  const steps = useMemo(() => (scenario ? stepMarks(outcomes) : undefined), [scenario, outcomes]);
  const shown = live ? follow(view, now) : view;
  const centre = travel ?? (shown.from + shown.to) / 2;
  // The charts follow the window at most 4 times a second: the timeline moves every frame.
  const chartWindow = useThrottled(shown, 250, sameView);

  const onView = (next: TimeView, byUser: boolean) => {
    setView(next);
    if (byUser) setLive(false);
  };
  const fitAll = () => {
    sync();
    setView(fit(model.start, Math.max(model.end, now)));
    setLive(false);
  };
  const stamp = () => `mqtt-session-lab-${Math.round(now)}ms`;
  const exportPng = async () => {
    const { downloadBlob } = await exports();
    canvasRef.current?.toBlob((blob) => blob && downloadBlob(`${stamp()}.png`, blob), 'image/png');
  };
  const exportSvg = async () => {
    const [{ downloadText }, { SvgPainter }] = await Promise.all([
      exports(),
      import('../../timeline/svgPainter'),
    ]);
    sync();
    const width = canvasRef.current?.clientWidth ?? 1200;
    const lanes = laneOrder(model);
    const height = LAYOUT.axis + lanes.length * LAYOUT.lane + 4;
    const svg = new SvgPainter(width, height);
    drawTimeline(svg, model, {
      width,
      height,
      view: shown,
      lanes,
      colour: laneColour,
      now,
      cursor: travel,
      selected,
      ...(steps ? { steps } : {}),
    });
    downloadText(`${stamp()}.svg`, svg.toString(), 'image/svg+xml');
  };
  const exportJson = async () => {
    const { downloadText, eventLogJson } = await exports();
    downloadText(
      `${stamp()}.json`,
      eventLogJson(store.log.all(), { ...setup, exportedAt: new Date().toISOString() }),
      'application/json',
    );
  };

  return (
    <section className="timeline card" aria-labelledby="timeline-heading">
      <div className="row wrap timeline-bar">
        <h2 id="timeline-heading">Timeline</h2>
        <button
          type="button"
          onClick={() => onView(zoom(shown, 0.5, centre), true)}
          aria-label="Zoom in"
        >
          +
        </button>
        <button
          type="button"
          onClick={() => onView(zoom(shown, 2, centre), true)}
          aria-label="Zoom out"
        >
          −
        </button>
        <button type="button" onClick={fitAll}>
          Fit all
        </button>
        <label className="check">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
          <span>Follow now</span>
        </label>
        <GoToTime onGo={(at) => travelTo(at)} />
        <span className="muted small" data-testid="timeline-window">
          {formatClock(shown.from)} – {formatClock(shown.to)}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => void exportPng()}>
          PNG
        </button>
        <button type="button" onClick={() => void exportSvg()}>
          SVG
        </button>
        <button type="button" onClick={() => void exportJson()}>
          Event log (JSON)
        </button>
      </div>
      {travel !== null && (
        <div className="travel-banner" role="status" data-testid="travel-banner">
          Showing the playground at <strong>{formatClock(travel)}</strong> of simulated time.{' '}
          <button type="button" className="primary" onClick={() => travelTo(null)}>
            Back to live
          </button>
        </div>
      )}
      <div className="timeline-body">
        <div className="timeline-main">
          <TimelineCanvas
            model={model}
            sync={sync}
            busy={busy}
            view={shown}
            onView={onView}
            now={now}
            cursor={travel}
            selected={selected}
            onSelect={(seq) => select(seq)}
            onTravel={(at) => travelTo(at)}
            canvasRef={canvasRef}
            {...(steps ? { steps } : {})}
          />
          <p className="legend muted small">
            <span className="key key-connected" /> connected <span className="key key-away" /> away,
            session kept <span className="key key-store" /> store filling ▲ CONNACK (filled:
            sessionPresent=1) ✕ drop · lines: broker → subscriber when sent (purple: sent again, red
            dashed: dropped). Click a mark to inspect it, anywhere else to see the playground at
            that moment; drag to pan, wheel to zoom.
          </p>
          <TimelineText model={model} sync={sync} />
          {chartsWanted ? (
            <Suspense fallback={<ChartsWaiting />}>
              <Charts
                from={chartWindow.from}
                to={chartWindow.to}
                {...(travel !== null ? { cursor: travel } : {})}
              />
            </Suspense>
          ) : (
            <ChartsWaiting />
          )}
        </div>
        {selected === null ? (
          <InspectorEmpty text={NOTHING_SELECTED} />
        ) : (
          <Suspense fallback={<InspectorEmpty text="Opening the inspector…" />}>
            <Inspector
              seq={selected}
              onSelect={(seq) => select(seq)}
              onClose={() => select(null)}
            />
          </Suspense>
        )}
      </div>
    </section>
  );
}

/** Travel to a moment typed as h:mm:ss.t (or seconds): the keyboard way to time travel. */
function GoToTime({ onGo }: { onGo(at: number): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const go = () => {
    const at = parseClock(text);
    if (at === undefined) setError('a time like 0:01:30.5 or 90');
    else {
      setError(undefined);
      onGo(at);
    }
  };
  return (
    <span className="goto">
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && go()}
        placeholder="0:00:00.0"
        size={9}
        aria-label="Time to travel to"
        aria-invalid={!!error}
      />
      <button type="button" onClick={go}>
        Go
      </button>
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </span>
  );
}

/** "1:02:03.4", "2:03.4", "90" or "90.5" → milliseconds; undefined when it is none of those. */
export function parseClock(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(t)) return undefined;
  const parts = t.split(':').map(Number);
  const seconds = parts.reduce((acc, p) => acc * 60 + p, 0);
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined;
}
