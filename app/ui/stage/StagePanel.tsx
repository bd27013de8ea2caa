import './stage.css';
import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { describeStage, summariseStage } from '../../stage/describe';
import type { Scene } from '../../stage/scene';
import { useScenario } from '../scenario/ScenarioContext';
import { ScenarioProblems } from '../scenario/ScenarioPanel';
import { selectActions, useApp } from '../StoreContext';
import { InspectorEmpty } from '../timeline/InspectorEmpty';
import { FirstSteps } from './FirstSteps';
import { StageCanvas } from './StageCanvas';
import { stagePicture } from './stagePicture';
import { StepControls } from './StepControls';
import { TimeStrip } from './TimeStrip';
import { useFullscreen } from './useFullscreen';
import { useReducedMotion } from './useReducedMotion';

// Not with the page, as on the timeline: the inspector loads when something is picked, the
// exports when asked for.
const Inspector = lazy(async () => ({
  default: (await import('../timeline/Inspector')).Inspector,
}));
const downloadBlob = async (name: string, blob: Blob) =>
  (await import('../../timeline/exportLog')).downloadBlob(name, blob);
import { recordCanvas, type VideoRecording } from './videoRecorder';
import { LoadBoundary } from '../LoadBoundary';

/**
 * The stage: one screen that tells a session's story. The clients, the broker with a box per
 * session and its store, the messages moving between them, the narration and step controls of
 * the scenario on show, and the time strip to travel back. `embed` leaves out what a slide
 * does not need.
 */
export function StagePanel({ embed = false }: { embed?: boolean }) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const reducedMotion = useReducedMotion();
  const [control, setControl] = useState(true);
  const [summary, setSummary] = useState('');
  const [lines, setLines] = useState<string[]>([]);
  const [picked, setPicked] = useState<number | null>(null);
  const [video, setVideo] = useState<VideoRecording | null>(null);
  const [problem, setProblem] = useState<string>();
  const { select } = useApp(selectActions);
  const clientCount = useApp((s) => s.clientOrder.length);
  const scenario = useScenario((s) => s.scenario);
  const outcomes = useScenario((s) => s.outcomes);
  const busy = useScenario((s) => s.busy);
  const presenter = useScenario((s) => s.presenter);
  const scenarioActions = useScenario((s) => s.actions);
  useFullscreen(presenter && !embed, () => scenarioActions.setPresenter(false));

  const onScene = useCallback((scene: Scene, now: number) => {
    const s = summariseStage(scene);
    setSummary((prev) => (prev === s ? prev : s));
    const l = describeStage(scene, now);
    setLines((prev) => (prev.join('\n') === l.join('\n') ? prev : l));
  }, []);
  const onPick = (seq: number) => {
    setPicked(seq);
    select(seq);
  };

  const narration = scenario
    ? `Step ${outcomes.length} of ${scenario.steps.length}: ${
        scenario.steps
          .slice(0, outcomes.length)
          .filter((s) => s.say !== undefined)
          .at(-1)?.say ?? scenario.title
      }`
    : undefined;
  const stamp = () => `mqtt-session-lab-stage-${new Date().toISOString().replace(/[:.]/g, '-')}`;

  const exportPng = () => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    stagePicture(canvas, narration ?? 'MQTT Session Lab').toBlob(
      (blob) => blob && void downloadBlob(`${stamp()}.png`, blob),
      'image/png',
    );
  };
  const stopVideo = useCallback(async (recording: VideoRecording) => {
    setVideo(null);
    const blob = await recording.stop();
    if (blob.size === 0)
      setProblem('The video came out empty: nothing was drawn while it recorded.');
    else await downloadBlob(`${stamp()}.webm`, blob);
  }, []);
  const startVideo = async () => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const recording = recordCanvas(canvas);
    if (typeof recording === 'string') {
      setProblem(recording);
      return;
    }
    setProblem(undefined);
    setVideo(recording);
    // A scenario on show is recorded from its start to its end, at the clock's speed.
    if (scenario && !busy) {
      scenarioActions.setPaced(true);
      await scenarioActions.restart();
      await scenarioActions.playAll();
      await new Promise((r) => setTimeout(r, 1200));
      await stopVideo(recording);
    }
  };

  return (
    <section
      className={`stage-area${embed ? ' embed' : ''}`}
      aria-label="Stage"
      data-testid="stage"
    >
      {scenario && <StepControls compact={embed} />}
      {embed && <ScenarioProblems />}
      {!embed && (
        <div className="row wrap stage-tools" role="group" aria-label="Stage tools">
          {!scenario && (
            <span className="muted small stage-hint">
              {clientCount === 0
                ? 'Start with a lesson, or add clients below.'
                : 'Messages move between the clients and the broker; stored ones wait in the session’s box.'}
            </span>
          )}
          <span className="spacer" />
          <label className="check">
            <input
              type="checkbox"
              checked={control}
              onChange={(e) => setControl(e.target.checked)}
            />
            <span>Control packets</span>
          </label>
          {scenario && (
            <label className="check">
              <input
                type="checkbox"
                checked={presenter}
                onChange={(e) => scenarioActions.setPresenter(e.target.checked)}
              />
              <span>Presenter</span>
            </label>
          )}
          {!presenter && (
            <button type="button" onClick={exportPng}>
              Stage PNG
            </button>
          )}
          {presenter && !video ? null : video ? (
            <button type="button" className="recording" onClick={() => void stopVideo(video)}>
              ■ Stop video
            </button>
          ) : (
            <button
              type="button"
              onClick={() => void startVideo()}
              disabled={busy}
              title={
                scenario
                  ? 'Records the scenario from its start to its end as a WebM video'
                  : 'Records the stage as a WebM video until you stop it'
              }
            >
              ● Video
            </button>
          )}
        </div>
      )}
      {problem && (
        <p className="field-error stage-problem" role="alert">
          {problem}{' '}
          <button type="button" className="link" onClick={() => setProblem(undefined)}>
            dismiss
          </button>
        </p>
      )}
      <div className="stage-canvas-wrap">
        <StageCanvas
          canvasRef={canvasRef}
          control={control}
          reducedMotion={reducedMotion}
          zoom={presenter ? 1.12 : 1}
          recording={video !== null}
          {...(video && narration ? { caption: narration } : {})}
          onScene={onScene}
          onPick={onPick}
        />
        {!embed && !scenario && clientCount === 0 && <FirstSteps />}
        {picked !== null && (
          <div className="stage-inspector">
            <LoadBoundary what="inspector">
              <Suspense fallback={<InspectorEmpty text="Opening the inspector…" />}>
                <Inspector seq={picked} onSelect={onPick} onClose={() => setPicked(null)} />
              </Suspense>
            </LoadBoundary>
          </div>
        )}
      </div>
      <TimeStrip />
      <p className="sr-only" role="status" aria-live="polite" data-testid="stage-summary">
        {summary}
      </p>
      {!embed && !presenter && (
        <details className="stage-text">
          <summary>The stage as text</summary>
          <ul data-testid="stage-text">
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
