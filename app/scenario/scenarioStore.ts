import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BrokerEvent, ProfileName } from '../broker';
import type { AppStore } from '../store/appStore';
import { compareFacts, compareSteps, compareVerdicts, facts, type Difference } from './compare';
import type { Verdict } from './expect';
import type { Scenario } from './format';
import { findLesson } from './embedLink';
import { LESSONS } from './lessons';
import { packScenario, readFragment, sharedBase, unpackScenario } from './link';
import { startRecording, type Recording } from './recorder';
import { ScenarioRunner, type StepOutcome } from './runner';
import { formatProblem, toFileForm, type ScenarioResult } from './fileForm';

/** The validator, loaded with the first file opened or recording stopped (not with the page). */
const validator = () => import('./validate');

/** Where the scenario on show came from. */
export type ScenarioSource = 'lesson' | 'file' | 'link' | 'recording';

export interface ScenarioState {
  scenario?: Scenario;
  source?: ScenarioSource;
  /** Steps run so far (the next one to run is `outcomes.length`). */
  outcomes: StepOutcome[];
  /** Judged when the last step has run. */
  verdicts?: Verdict[];
  /** A step or a load is under way: the controls wait. */
  busy: boolean;
  /**
   * Problems of the last file or link that could not be opened (the scenario stays): only that
   * one's, each once.
   */
  problems: string[];
  /**
   * A recording that did not pass the scenario checks: never thrown away, it stays here with
   * its problems until saved as a file or discarded.
   */
  keptRecording?: KeptRecording;
  presenter: boolean;
  /** Steps that move time play at the clock's speed (the timeline animates) instead of jumping. */
  paced: boolean;
  /** What a person does is being recorded as a scenario. */
  recording: boolean;
  /**
   * A link asked to play the scenario at once, and against a remote broker it waits for the
   * person instead (nothing is sent to a broker a link names until someone asks): the next step
   * run ends the wait.
   */
  autoplayHeld: boolean;
  /** The scenario run on two profiles, side by side. */
  comparison?: Comparison;
  actions: ScenarioActions;
}

export interface ScenarioActions {
  /** Opens a scenario: the playground restarts on its setup, with its clients. */
  open(scenario: Scenario, source: ScenarioSource): Promise<void>;
  /** Opens the text of a file or of a link's fragment; on a problem nothing changes. */
  openText(text: string, source: 'file' | 'link'): Promise<boolean>;
  openLink(packed: string): Promise<boolean>;
  /**
   * Opens what a page address's fragment holds: a scenario link, nothing (no change), or
   * something else, which is refused with a message saying what is wrong with the link.
   */
  openFragment(hash: string): Promise<boolean>;
  next(): Promise<void>;
  previous(): Promise<void>;
  /** Runs every step left and judges the expectations. */
  playAll(): Promise<void>;
  restart(): Promise<void>;
  close(): void;
  setPresenter(on: boolean): void;
  setPaced(on: boolean): void;
  /** Restarts the broker (clients kept) and records what is done from then on. */
  record(): void;
  /**
   * Ends the recording and opens it as the scenario on show; one that does not pass the
   * checks is kept (`keptRecording`) with its problems, to be saved as a file.
   */
  stopRecording(): Promise<void>;
  /** Forgets the kept recording. */
  discardRecording(): void;
  /**
   * Runs the scenario on its own profile and on `other`, each on a playground of its own (the
   * one on show is left as it is), and lists what differs.
   */
  compare(other: ProfileName): Promise<void>;
  closeComparison(): void;
  /** The scenario as a file's text. */
  fileText(): string | undefined;
  /**
   * The link that opens this scenario: this page's address (`base`) with the scenario in its
   * fragment, and without the broker URL's query (`brokerQueryLeftOut` says there was one).
   */
  link(base: string): Promise<{ link: string; brokerQueryLeftOut: boolean } | undefined>;
}

export type ScenarioStore = StoreApi<ScenarioState>;

/** A recording kept although it could not be opened: its file text and what is wrong with it. */
export interface KeptRecording {
  title: string;
  text: string;
  problems: string[];
}

/** Problems listed at most; a line says how many more there are. */
const PROBLEMS_SHOWN = 20;

/** The problems as lines of a list, each once, the list cut at PROBLEMS_SHOWN. */
function problemLines(result: Extract<ScenarioResult, { ok: false }>): string[] {
  const lines = result.problems.map(formatProblem);
  if (lines.length <= PROBLEMS_SHOWN) return lines;
  const more = lines.length - PROBLEMS_SHOWN;
  return [
    ...lines.slice(0, PROBLEMS_SHOWN),
    `… and ${more} more problem${more === 1 ? '' : 's'} not listed`,
  ];
}

/** `1 problem` / `3 problems`. */
const problemCount = (n: number) => `${n} problem${n === 1 ? '' : 's'}`;

/** One side of a comparison. */
export interface ComparedRun {
  profile: ProfileName;
  /** What became of each step (a step that failed says why). */
  steps: StepOutcome[];
  verdicts: Verdict[];
  log: readonly BrokerEvent[];
  /** Simulated time at the end of the run, ms. */
  end: number;
}

export interface Comparison {
  left: ComparedRun;
  right: ComparedRun;
  differences: Difference[];
}

/**
 * The scenario on show in the playground: the runner that plays it on the app's store, the
 * steps done, and the verdicts. One at a time; opening another replaces it.
 */
export function createScenarioStore(
  app: AppStore,
  /** Makes a playground of its own (its own broker worker) for a comparison run. */
  playground: () => { store: AppStore; close(): void },
): ScenarioStore {
  const runElsewhere = async (scenario: Scenario, profile: ProfileName): Promise<ComparedRun> => {
    const other = playground();
    try {
      const runner = new ScenarioRunner({ ...scenario, profile }, other.store);
      await runner.load();
      const report = await runner.runAll();
      return {
        profile,
        steps: report.steps,
        verdicts: report.verdicts,
        log: [...runner.events()],
        end: report.simulatedMs,
      };
    } finally {
      other.close();
    }
  };

  let runner: ScenarioRunner | undefined;
  let recording: Recording | undefined;

  return createStore<ScenarioState>()((set, get) => {
    /** Runs `work` unless something else is running; keeps the view in step after it. */
    const exclusive = async (work: (r: ScenarioRunner) => Promise<void>) => {
      const r = runner;
      if (!r || get().busy) return;
      r.paced = get().paced;
      set({ busy: true, autoplayHeld: false });
      try {
        await work(r);
      } catch (e) {
        // A scenario the playground cannot set up (a figure it refuses, a client it cannot add)
        // says so; the runner has stopped where it was.
        const why = e instanceof Error ? e.message : String(e);
        app.setState({ notice: { kind: 'error', text: `The scenario stopped: ${why}` } });
      } finally {
        set({
          busy: false,
          outcomes: [...r.outcomes],
          verdicts: r.done ? r.verdicts() : undefined,
        });
      }
    };

    // The notice says what happened; the problems themselves are listed once, in the panel.
    const refuse = (result: Extract<ScenarioResult, { ok: false }>, source: string) => {
      set({ problems: problemLines(result) });
      const n = result.problems.length;
      app.setState({
        notice: {
          kind: 'error',
          text: `The ${source}'s scenario cannot be opened; the playground is unchanged. ${n === 1 ? 'What is wrong is' : `${n} problems are`} listed under Scenario.`,
        },
      });
      return false;
    };

    const actions: ScenarioActions = {
      async open(scenario, source) {
        if (get().busy || recording) return;
        runner = new ScenarioRunner(scenario, app);
        set({ scenario, source, outcomes: [], verdicts: undefined, problems: [] });
        await exclusive((r) => r.load());
        if (!runner.loaded) {
          // The notice says why; nothing half-loaded stays on show.
          runner = undefined;
          set({ scenario: undefined, source: undefined });
          return;
        }
        if (app.getState().notice?.kind !== 'error') {
          const text = `Scenario: ${scenario.title}. The playground now holds its broker and clients.`;
          app.setState({ notice: { kind: 'info', text } });
        }
      },
      async openText(text, source) {
        if (get().busy || recording) return false;
        const result = (await validator()).parseScenario(text);
        if (!result.ok) return refuse(result, source);
        await actions.open(result.scenario, source);
        return true;
      },
      async openLink(packed) {
        if (get().busy || recording) return false;
        const result = await unpackScenario(packed);
        if (!result.ok) return refuse(result, 'link');
        await actions.open(result.scenario, 'link');
        return true;
      },
      async openFragment(hash) {
        const fragment = readFragment(hash);
        if (fragment.kind === 'none') return false;
        if (fragment.kind === 'scenario') return actions.openLink(fragment.packed);
        if (get().busy || recording) return false;
        if (fragment.kind === 'lesson') {
          const id = findLesson(
            LESSONS.map((l) => l.id),
            fragment.name,
          );
          const lesson = LESSONS.find((l) => l.id === id);
          if (lesson) {
            await actions.open(lesson.scenario, 'lesson');
            return get().scenario === lesson.scenario;
          }
          const why = `the link names the lesson “${fragment.name}”, which does not exist (the lessons are ${LESSONS.map((l) => l.id).join(', ')})`;
          return refuse({ ok: false, problems: [{ path: '', message: why }] }, 'link');
        }
        return refuse({ ok: false, problems: [{ path: '', message: fragment.why }] }, 'link');
      },
      next: () => exclusive(async (r) => void (await r.next())),
      previous: () => exclusive((r) => r.goTo(r.index - 1)),
      // Step by step, so that the narration and the stage's words follow a long run (a remote
      // broker's waits take real time) rather than stay on its first step until the end.
      playAll: () =>
        exclusive(async (r) => {
          while (r.loaded && !r.done) {
            await r.next();
            set({ outcomes: [...r.outcomes] });
          }
        }),
      restart: () => exclusive((r) => r.load()),
      close() {
        if (get().busy) return;
        runner = undefined;
        set({
          scenario: undefined,
          source: undefined,
          outcomes: [],
          verdicts: undefined,
          comparison: undefined,
          autoplayHeld: false,
        });
      },
      setPresenter: (on) => set({ presenter: on }),
      setPaced: (on) => set({ paced: on }),
      record() {
        if (get().busy || recording) return;
        actions.close();
        recording = startRecording(app);
        set({ recording: true });
        app.setState({
          notice: {
            kind: 'info',
            text: 'Recording: the broker restarted; what you do now is recorded.',
          },
        });
      },
      async compare(other) {
        const scenario = get().scenario;
        if (!scenario || get().busy) return;
        set({ busy: true });
        try {
          const [left, right] = [
            await runElsewhere(scenario, scenario.profile),
            await runElsewhere(scenario, other),
          ];
          const ids = Object.fromEntries(
            scenario.clients.map((c) => [c.name, c.clientId ?? c.name]),
          );
          set({
            comparison: {
              left,
              right,
              differences: [
                ...compareSteps(left.steps, right.steps),
                ...compareVerdicts(left.verdicts, right.verdicts),
                ...compareFacts(facts(left.log, ids), facts(right.log, ids)),
              ],
            },
          });
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          app.setState({ notice: { kind: 'error', text: `The comparison stopped: ${why}` } });
        } finally {
          set({ busy: false });
        }
      },
      closeComparison: () => set({ comparison: undefined }),
      async stopRecording() {
        if (!recording) return;
        const scenario = recording.stop();
        recording = undefined;
        set({ recording: false });
        // A recording is a file like any other: what would not open from a file does not open.
        // It is not lost for that: it is kept, with what is wrong, to be saved as a file.
        const text = `${JSON.stringify(toFileForm(scenario), null, 2)}\n`;
        const checked = (await validator()).parseScenario(text);
        if (!checked.ok) {
          const problems = problemLines(checked);
          set({ keptRecording: { title: scenario.title, text, problems } });
          app.setState({
            notice: {
              kind: 'error',
              text: `The recording cannot be opened as a scenario (${problemCount(checked.problems.length)}, listed under Scenario); it is kept there: save it as a file.`,
            },
          });
          return;
        }
        await actions.open(checked.scenario, 'recording');
      },
      discardRecording: () => set({ keptRecording: undefined }),
      fileText() {
        const s = get().scenario;
        return s ? `${JSON.stringify(toFileForm(s), null, 2)}\n` : undefined;
      },
      async link(base) {
        const s = get().scenario;
        if (!s) return undefined;
        const packed = await packScenario(JSON.stringify(toFileForm(s)));
        const shared = sharedBase(base);
        return { link: `${shared.base}#scenario=${packed}`, brokerQueryLeftOut: shared.dropped };
      },
    };

    return {
      outcomes: [],
      busy: false,
      problems: [],
      presenter: false,
      paced: true,
      recording: false,
      autoplayHeld: false,
      actions,
    };
  });
}
