import { lazy, Suspense, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { PROFILES } from '../../broker';
import type { PictureOptions, pictureSize } from '../../timeline/exportPicture';
import { fit, follow, zoom, type TimeView } from '../../timeline/view';
import { formatClock } from '../../format/time';
import { selectActions, useApp, useAppStore } from '../StoreContext';
import { ChartsWaiting } from './ChartsWaiting';
import { laneColour } from './colours';
import { InspectorEmpty, NOTHING_SELECTED } from './InspectorEmpty';
import { laneOrder, TimelineCanvas } from './TimelineCanvas';
import { TimelineText } from './TimelineText';
import { useTimelineModel } from './useTimelineModel';
import { useThrottled } from '../useThrottled';
import { ScenarioContext, stepMarks, useScenario } from '../scenario/ScenarioContext';
import { LoadBoundary } from '../LoadBoundary';

const sameView = (a: TimeView, b: TimeView) => a.from === b.from && a.to === b.to;

// Not with the page: the charts load once the run has its first event, the inspector
// when something is selected, the exports when asked for.
const Charts = lazy(async () => ({ default: (await import('./Charts')).Charts }));
const Inspector = lazy(async () => ({ default: (await import('./Inspector')).Inspector }));
const exports = () => import('../../timeline/exportLog');
// The exported picture's heading and legend: drawn only on export, not on the first load.
const pictures = () => import('../../timeline/exportPicture');
/** An exported picture is at least this wide (CSS px), and the PNG has 2 pixels to each. */
const PICTURE_MIN_WIDTH = 1000;
const PNG_SCALE = 2;

/**
 * The picture that teaches: the timeline of every client and the broker, the charts in step
 * with it, time travel, the inspector and the exports.
 */
export function TimelinePanel() {
  const store = useAppStore();
  const { model, sync } = useTimelineModel();
  const busy = useMemo(() => () => !store.channel.idle, [store]);
  const started = useApp((s) => s.logSize > 0);
  const [chartsWanted, setChartsWanted] = useState(false);
  if (started && !chartsWanted) setChartsWanted(true);
  const now = useApp((s) => s.clock.now);
  const travel = useApp((s) => s.travel);
  const selected = useApp((s) => s.selected);
  const setup = useApp((s) => s.setup);
  const { travelTo, select } = useApp(selectActions);
  const [view, setView] = useState<TimeView>({ from: -2_000, to: 58_000 });
  const [live, setLive] = useState(true);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const outcomes = useScenario((s) => s.outcomes);
  const scenario = useScenario((s) => s.scenario);
  const steps = useMemo(() => (scenario ? stepMarks(outcomes) : undefined), [scenario, outcomes]);
  const shown = live ? follow(view, now) : view;
  // The charts follow the window at most 4 times a second: the timeline moves every frame.
  const chartWindow = useThrottled(shown, 250, sameView);

  /** Dragged elsewhere: the window no longer follows now. */
  const onView = (next: TimeView) => {
    setView(next);
    setLive(false);
  };
  /**
   * Zooming keeps following now (the window stays on now, only its span changes); otherwise it
   * zooms around the pointer, the time-travel cursor, now when it is in view, or the middle.
   */
  const onZoom = (factor: number, at?: number) => {
    const nowInView = now >= shown.from && now <= shown.to;
    const anchor = at ?? travel ?? (nowInView ? now : (shown.from + shown.to) / 2);
    setView(zoom(shown, factor, live ? now : anchor));
  };
  // After each step of a scenario, the window shows the whole run so far (an hour's lesson
  // showed only its last minute), at least the first minute.
  const scenarios = useContext(ScenarioContext);
  useEffect(
    () =>
      scenarios?.subscribe((s, before) => {
        if (s.outcomes === before.outcomes || s.outcomes.length === 0) return;
        sync();
        const end = Math.max(model.end, store.getState().clock.now, model.start + 55_000);
        setView(fit(model.start, end));
      }),
    [scenarios, sync, model, store],
  );
  const fitAll = () => {
    sync();
    setView(fit(model.start, Math.max(model.end, now)));
    setLive(false);
  };
  const stamp = () => `mqtt-session-lab-${Math.round(now)}ms`;
  /** The picture to export: the window on show, with a heading and a legend of its own. */
  const picture = (sizeOf: typeof pictureSize) => {
    sync();
    const width = Math.max(PICTURE_MIN_WIDTH, canvasRef.current?.clientWidth ?? 0);
    const lanes = laneOrder(model);
    const changed = Object.keys(setup.overrides).length;
    const options: PictureOptions = {
      width,
      view: shown,
      lanes,
      colour: laneColour,
      now,
      cursor: travel,
      selected,
      ...(steps ? { steps } : {}),
      title: scenario
        ? `${scenario.title}, step ${outcomes.length} of ${scenario.steps.length}`
        : 'Timeline',
      profile: `${PROFILES[setup.profile].label}${changed ? ` (${changed} figure${changed === 1 ? '' : 's'} changed)` : ''}`,
    };
    return { size: sizeOf(lanes.length, width), options };
  };
  const exportPng = async () => {
    const [{ downloadBlob }, { drawPicture, pictureSize }] = await Promise.all([
      exports(),
      pictures(),
    ]);
    const { size, options } = picture(pictureSize);
    const canvas = document.createElement('canvas');
    canvas.width = size.width * PNG_SCALE;
    canvas.height = size.height * PNG_SCALE;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.scale(PNG_SCALE, PNG_SCALE);
    drawPicture(ctx, model, options);
    canvas.toBlob((blob) => blob && downloadBlob(`${stamp()}.png`, blob), 'image/png');
  };
  const exportSvg = async () => {
    const [{ downloadText }, { SvgPainter }, { drawPicture, pictureSize }] = await Promise.all([
      exports(),
      import('../../timeline/svgPainter'),
      pictures(),
    ]);
    const { size, options } = picture(pictureSize);
    const svg = new SvgPainter(size.width, size.height);
    drawPicture(svg, model, options);
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
    <section
      id="timeline"
      tabIndex={-1}
      className="timeline card"
      aria-labelledby="timeline-heading"
    >
      <div className="row wrap timeline-bar">
        <h2 id="timeline-heading">Timeline</h2>
        <button type="button" onClick={() => onZoom(0.5)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => onZoom(2)} aria-label="Zoom out">
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
      {store.remote && (
        <p className="remote-note" data-testid="timeline-remote-note">
          Built from what the page’s clients saw of {store.remote.label}, in real time: connections,
          each CONNACK and every packet are observed; the store’s level while a client was away and
          the replay are <em>inferred</em> from what arrived on resume, and appear once it has
          arrived. What only the broker knows (what it dropped, when a session expired) is not
          drawn.
        </p>
      )}
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
            onZoom={onZoom}
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
            dashed: dropped). Click a mark to inspect it (click again for the next one in the same
            place), anywhere else to see the playground at that moment; drag to pan, wheel to zoom.
          </p>
          <TimelineText model={model} sync={sync} />
          {chartsWanted ? (
            <LoadBoundary what="charts">
              <Suspense fallback={<ChartsWaiting />}>
                <Charts
                  from={chartWindow.from}
                  to={chartWindow.to}
                  {...(travel !== null ? { cursor: travel } : {})}
                />
              </Suspense>
            </LoadBoundary>
          ) : (
            <ChartsWaiting />
          )}
        </div>
        {selected === null ? (
          <InspectorEmpty text={NOTHING_SELECTED} />
        ) : (
          <LoadBoundary what="inspector">
            <Suspense fallback={<InspectorEmpty text="Opening the inspector…" />}>
              <Inspector
                seq={selected}
                onSelect={(seq) => select(seq)}
                onClose={() => select(null)}
              />
            </Suspense>
          </LoadBoundary>
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
