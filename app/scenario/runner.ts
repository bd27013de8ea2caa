import type { BrokerEvent } from '../broker';
import type { ClientConfig } from '../clients/clientConfig';
import type { Naming } from '../remote/naming';
import type { RemoteVerdict } from '../remote/observability';
import type { RemoteEvent } from '../remote/remoteEvent';
import type { AppStore } from '../store/appStore';
import type { PublishRequest } from '../store/publishRequest';
import type { WorkerChannel } from '../transport/workerChannel';
import type { AwaitedEvent } from '../worker/protocol';
import { parseDuration, showDuration } from './duration';
import { judge, matches, type ClientIds, type Verdict } from './expect';
import { toClientConfig } from './clients';
import type { Scenario, Step } from './format';

/** What became of one step. */
export interface StepOutcome {
  index: number;
  step: Step;
  /** Simulated time when it finished, ms. */
  at: number;
  /** The scenario asked for something the playground could not do (a step error). */
  error?: string;
  /** What the playground said about it (a refused subscription, say): not an error. */
  note?: string;
}

export interface RunReport {
  title: string;
  profile: string;
  steps: StepOutcome[];
  verdicts: Verdict[];
  /** True when every step ran and every expectation holds. */
  passed: boolean;
  events: number;
  simulatedMs: number;
}

/** Rounds of sync with the worker before a settle gives up (a client that never stops). */
const MAX_SETTLE_ROUNDS = 2_000;
const hop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Plays a scenario on a playground: the same store actions a person takes, the same worker,
 * the same mqtt.js clients, in the page or in Node. Time moves only when a step moves it; after
 * every step the runner waits until the clients and the broker have nothing left to say.
 */
export class ScenarioRunner {
  /** The next step to run. */
  index = 0;
  /** The playground holds this scenario's setup and clients (a failed load leaves it false). */
  loaded = false;
  /**
   * Time-moving steps play at the clock's speed, so that the timeline animates (a teacher's
   * demonstration); otherwise they jump (tests, CI, stepping). The events are the same.
   */
  paced = false;
  readonly outcomes: StepOutcome[] = [];
  /** Scenario client name → its name in the page (a twin is A′). */
  private pageNames: Record<string, string> = {};
  /**
   * Where in the event log a `wait` starts looking: the start of the step before it (or the end
   * of the wait before it), so that it sees what that step caused, however quickly it came.
   */
  private waitFrom = 0;
  /** The same in time (a remote broker's log is rewritten, so its indices move). */
  private waitFromAt = 0;
  /** Scenario client name → the client id sent (with the run's tag against a remote broker). */
  ids: ClientIds;
  /**
   * Against a remote broker, the run's own names: each load gets a tag, put in every client id
   * (after the person's prefix) and topic, so that runs never meet each other's sessions or
   * retained messages on a shared broker (as `npm run scenario --broker` does).
   */
  naming?: Naming;
  /** How a remote run is judged (loaded with the first remote run: the page's first load has none). */
  private judging?: typeof import('../remote/observability');

  private readonly channel: WorkerChannel;

  constructor(
    readonly scenario: Scenario,
    private readonly store: AppStore,
  ) {
    this.channel = store.channel;
    this.ids = Object.fromEntries(scenario.clients.map((c) => [c.name, c.clientId ?? c.name]));
  }

  get done(): boolean {
    return this.index >= this.scenario.steps.length;
  }

  /** The narration of the step that ran last (or of the first, before any ran). */
  get narration(): string | undefined {
    return this.scenario.steps[Math.max(0, this.index - 1)]?.say;
  }

  /** Starts afresh: a broker on the scenario's setup, its clients only, the clock paused. */
  async load(): Promise<void> {
    this.loaded = false;
    const { actions } = this.store.getState();
    actions.pause();
    for (const name of [...this.store.getState().clientOrder]) actions.removeClient(name);
    const s = this.scenario;
    const problems = actions.applySetup({
      profile: s.profile,
      overrides: s.overrides ?? {},
      seed: s.seed ?? 1,
    });
    if (problems.length) throw new Error(`the profile figures: ${problems.join('; ')}`);
    if (this.store.remote) {
      const [{ runNaming }, judging] = await Promise.all([
        import('../remote/naming'),
        import('../remote/observability'),
      ]);
      this.naming = runNaming({ idRoot: '', topicRoot: 'lab/' });
      this.judging = judging;
    } else {
      this.naming = undefined;
      this.judging = undefined;
    }
    this.pageNames = {};
    const first = new Map<string, string>();
    for (const c of s.clients) {
      const clientId = c.clientId ?? c.name;
      const twinOf = first.get(clientId);
      if (twinOf !== undefined) {
        const twin = actions.addTwin(this.pageNames[twinOf]!, this.named(toClientConfig(c)));
        if (twin === undefined) throw new Error(`could not add ${c.name} as a twin of ${twinOf}`);
        this.pageNames[c.name] = twin;
        continue;
      }
      const errors = this.naming
        ? actions.addClient(this.named(toClientConfig(c)), clientId)
        : actions.addClient(toClientConfig(c));
      const problem = Object.entries(errors)[0];
      if (problem) throw new Error(`client ${c.name}: ${problem[0]}: ${problem[1]}`);
      first.set(clientId, c.name);
      this.pageNames[c.name] = this.store.getState().clientOrder.at(-1)!;
    }
    const state = this.store.getState();
    this.ids = Object.fromEntries(
      s.clients.map((c) => [c.name, state.clients[this.pageNames[c.name]!]!.config.clientId]),
    );
    this.index = 0;
    this.outcomes.length = 0;
    await this.settle();
    this.waitFrom = this.events().length;
    this.waitFromAt = this.now();
    this.loaded = true;
  }

  /** A client's settings with the run's names (a remote broker's run); as they are otherwise. */
  private named(config: ClientConfig): ClientConfig {
    const n = this.naming;
    if (!n) return config;
    return {
      ...config,
      clientId: n.clientId(config.clientId),
      ...(config.will ? { will: { ...config.will, topic: n.topic(config.will.topic) } } : {}),
    };
  }

  /** A topic or filter with the run's prefix (a remote broker's run). */
  private topic(t: string): string {
    return this.naming ? this.naming.topic(t) : t;
  }

  /** Runs the next step; undefined when there is none left. */
  async next(): Promise<StepOutcome | undefined> {
    const step = this.scenario.steps[this.index];
    if (!step || !this.loaded) return undefined;
    const index = this.index++;
    const before = this.events().length;
    const beforeAt = this.now();
    let result: { error?: string; note?: string } = {};
    try {
      result = await this.perform(step);
    } catch (e) {
      result = { error: e instanceof Error ? e.message : String(e) };
    }
    await this.settle();
    // A wait after this step looks from here: this step's start, or the end of this wait.
    this.waitFrom = step.do === 'wait' ? this.events().length : before;
    this.waitFromAt = step.do === 'wait' ? this.now() : beforeAt;
    const outcome: StepOutcome = { index, step, at: this.now(), ...result };
    this.outcomes.push(outcome);
    return outcome;
  }

  /** Goes back or forth to just before step `index`: a fresh run of the steps before it. */
  async goTo(index: number): Promise<void> {
    const target = Math.max(0, Math.min(index, this.scenario.steps.length));
    if (target < this.index) await this.load();
    // The steps before are replayed at once, whatever the pace: only the one ahead is shown.
    const paced = this.paced;
    this.paced = false;
    try {
      while (this.loaded && this.index < target) await this.next();
    } finally {
      this.paced = paced;
    }
  }

  /** Runs every step left, then judges the expectations. */
  async runAll(): Promise<RunReport> {
    while (this.loaded && !this.done) await this.next();
    return this.report();
  }

  verdicts(): Verdict[] {
    const expectations = this.scenario.expect ?? [];
    // Against a remote broker, what only the broker knows is said to be not observable.
    const verdicts = this.judging
      ? this.judging.judgeRemote(expectations, this.events() as readonly RemoteEvent[], this.ids)
      : judge(expectations, this.events(), this.ids);
    if (!this.store.log.full) return verdicts;
    // A log that stopped short cannot decide: say so rather than judge a part of the run.
    return [
      {
        label: 'the event log holds the whole run',
        pass: false,
        detail: `it stopped at ${this.store.log.limit} events; the verdicts below saw only those`,
        seqs: [],
      },
      ...verdicts,
    ];
  }

  report(): RunReport {
    const verdicts = this.verdicts();
    return {
      title: this.scenario.title,
      profile: this.scenario.profile,
      steps: [...this.outcomes],
      verdicts,
      passed: this.outcomes.every((o) => !o.error) && verdicts.every((v) => !failed(v)),
      events: this.events().length,
      simulatedMs: this.now(),
    };
  }

  events(): readonly BrokerEvent[] {
    this.store.flushNow();
    return this.store.log.all();
  }

  /** Simulated time, as the worker said at the last sync. */
  now(): number {
    return this.channel.now;
  }

  private async perform(step: Step): Promise<{ error?: string; note?: string }> {
    const { actions } = this.store.getState();
    const name = 'client' in step ? this.pageNames[step.client]! : '';
    const online = () => this.store.getState().clients[name]?.status === 'connected';
    switch (step.do) {
      case 'note':
        return {};
      case 'connect':
        actions.connect(name);
        return {};
      case 'disconnect':
        if (!online()) return { error: `${step.client} is not connected` };
        actions.disconnect(name, step.sessionExpiry);
        return {};
      case 'drop':
        if (!online()) return { error: `${step.client} is not connected` };
        actions.drop(name, step.silent ? 'silent' : 'notice');
        return {};
      case 'subscribe': {
        const qos = step.qos ?? 1;
        const options = {
          qos,
          noLocal: false,
          retainAsPublished: false,
          retainHandling: 0 as const,
        };
        const said = await actions.subscribe(name, this.topic(step.filter), options);
        if (said === 'connect the client first')
          return { error: `${step.client} is not connected` };
        return said ? { note: said } : {};
      }
      case 'unsubscribe':
        actions.unsubscribe(name, this.topic(step.filter));
        return {};
      case 'publish':
        if (!online()) return { error: `${step.client} is not connected` };
        return fieldErrors(actions.publish(name, request(step, this.topic(step.topic))));
      case 'burst':
        if (!online()) return { error: `${step.client} is not connected` };
        return fieldErrors(
          actions.burst(name, request(step, this.topic(step.topic)), step.count, step.rate ?? 0),
        );
      case 'hold-acks':
        actions.setHoldAcks(name, step.hold ?? true);
        return {};
      case 'release-acks':
        actions.setHoldAcks(name, false);
        actions.release(name, step.count);
        return {};
      case 'advance':
        await this.advanceTo(this.now() + parseDuration(step.by)!);
        return {};
      case 'wait':
        return this.wait(step);
    }
  }

  /**
   * Moves time on until an event matching the step is seen, or its time is up. The events of
   * the step before count: an unpaced replay finishes within its CONNACK's step, and a wait for
   * it must see that, not wait for a second one. The worker watches for the event itself and
   * stops at the instant it happens, so that a paced wait plays through without a pause and
   * ends where one that jumps ends.
   */
  private async wait(
    step: Extract<Step, { do: 'wait' }>,
  ): Promise<{ error?: string; note?: string }> {
    const from = this.waitFrom;
    const fromAt = this.waitFromAt;
    const within = parseDuration(step.within)!;
    const deadline = this.now() + within;
    if (this.judging?.matchBasis(step.for) === 'broker-only') {
      await this.advanceTo(deadline);
      return {
        note: `${step.for.type} is not observable against a remote broker: waited the full ${showDuration(within)}`,
      };
    }
    // A remote broker's log is rewritten as it learns (indices move): it is looked at by time.
    const seen = () =>
      this.naming
        ? this.events().some((e) => e.at >= fromAt && matches(e, step.for, this.ids))
        : this.events()
            .slice(from)
            .some((e) => matches(e, step.for, this.ids));
    const { type, client, reason } = step.for;
    const until: AwaitedEvent = {
      type,
      ...(client !== undefined ? { clientId: this.ids[client] } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
    while (!seen()) {
      if (this.now() >= deadline) {
        return {
          error: `no ${step.for.type}${step.for.client ? ` for ${step.for.client}` : ''} within ${showDuration(within)}`,
        };
      }
      await this.advanceTo(deadline, until);
    }
    return {};
  }

  private async advanceTo(to: number, until?: AwaitedEvent): Promise<void> {
    const move = { t: 'advance', to, ...(until ? { until } : {}) } as const;
    // A remote broker's time is real: a step takes as long as it takes, paced or not.
    if (!this.paced || this.naming) {
      this.channel.post(move);
      await this.settle();
      return;
    }
    this.channel.post({ ...move, paced: true, quietMs: QUIET_MS });
    // The worker plays there at the clock's speed and pauses on arrival (at `to`, at the awaited
    // event, or where a person paused it: the step then ends where the clock stopped).
    for (;;) {
      const clock = await this.channel.sync();
      if (clock.paused && !clock.blocked) break;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await this.settle();
  }

  settle(): Promise<void> {
    return settle(this.store);
  }
}

/**
 * A paced step skips what would be this long (wall ms, at the clock's speed) with nothing
 * happening: a class watches the replay at 10 per second, not an hour of waiting for an expiry.
 */
export const QUIET_MS = 2000;

/**
 * Waits until the worker and the clients are quiet: the worker has sent all it had and the page
 * took it in, the clients wrote nothing more, and time is not held for them; twice in a row.
 */
export async function settle(store: AppStore): Promise<void> {
  const activity = () => `${store.channel.dataSent}/${store.channel.received}/${store.log.size}`;
  let quiet = 0;
  for (let round = 0; quiet < 2 && round < MAX_SETTLE_ROUNDS; round++) {
    const before = activity();
    const clock = await store.channel.sync();
    await hop();
    await hop();
    store.flushNow();
    quiet = activity() === before && !clock.blocked && store.channel.idle ? quiet + 1 : 0;
  }
}

/** A verdict that says the run is wrong (not one that could not be observed). */
const failed = (v: Verdict) => ('status' in v ? (v as RemoteVerdict).status === 'fail' : !v.pass);

function request(
  step: { payload: string; qos?: 0 | 1 | 2; retain?: boolean; messageExpiry?: number },
  topic: string,
): PublishRequest {
  return {
    topic,
    payload: step.payload,
    format: 'text',
    qos: step.qos ?? 1,
    retain: step.retain ?? false,
    messageExpiry: step.messageExpiry ?? 0,
  };
}

function fieldErrors(errors: Record<string, string | undefined>): { error?: string } {
  const list = Object.entries(errors).filter(([, m]) => m);
  return list.length ? { error: list.map(([f, m]) => `${f}: ${m}`).join('; ') } : {};
}
