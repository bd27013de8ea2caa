import type { ClientIds } from '../scenario/expect';
import { matches } from '../scenario/expect';
import { parseDuration, showDuration } from '../scenario/duration';
import { toClientConfig } from '../scenario/clients';
import type { Scenario, Step } from '../scenario/format';
import { numbered } from '../store/publishRequest';
import { cleanUp, type Auth } from './cleanup';
import { RunClients } from './clients';
import { deriveEvents } from './derive';
import type { Naming } from './naming';
import { judgeRemote, matchBasis, type RemoteVerdict } from './observability';
import { ObservationLog } from './observation';
import type { RemoteEvent } from './remoteEvent';
import type { Target } from './target';

export interface RemoteRunOptions {
  naming: Naming;
  auth?: Auth;
  /** How long a connect may take before it fails (ms). */
  connectTimeoutMs?: number;
  /** After a step, the run goes on once nothing was seen for this long… */
  settleQuietMs?: number;
  /** …or after this long at most. */
  settleMaxMs?: number;
  /** Leave the run's sessions and retained messages on the broker (default false: clean up). */
  keep?: boolean;
}

/** What became of one step (as the playground's StepOutcome; `at` is wall time since the start). */
export interface RemoteStepOutcome {
  index: number;
  step: Step;
  at: number;
  error?: string;
  note?: string;
}

export interface RemoteReport {
  title: string;
  /** The profile the scenario was written for: a remote broker is whatever it is. */
  profile: string;
  broker: string;
  idPrefix: string;
  topicPrefix: string;
  steps: RemoteStepOutcome[];
  verdicts: RemoteVerdict[];
  /** Every step ran and every expectation that can be observed holds. */
  passed: boolean;
  events: number;
  elapsedMs: number;
  /** What clean-up could not do. */
  cleanup: string[];
}

const POLL_MS = 50;

/**
 * Plays a scenario against a broker the lab does not run (see Target), in the broker's time:
 * `advance` waits, `wait` polls what the clients saw. The broker's own events are not there to
 * read: the events are derived from the clients' observations (deriveEvents), and the
 * expectations are judged on those, what only the broker can see reported as not observable.
 */
export class RemoteRunner {
  readonly log: ObservationLog;
  readonly clients: RunClients;
  readonly ids: ClientIds;
  private readonly bursts = new Set<ReturnType<typeof setInterval>>();
  private readonly connectTimeoutMs: number;
  /** When the step before the current one started (ms since the run's start). */
  private previousStart = 0;

  constructor(
    readonly scenario: Scenario,
    private readonly target: Target,
    private readonly options: RemoteRunOptions,
  ) {
    this.log = new ObservationLog(() => target.now());
    this.clients = new RunClients(target, this.log, options.naming);
    this.ids = Object.fromEntries(scenario.clients.map((c) => [c.name, c.clientId ?? c.name]));
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    for (const c of scenario.clients) this.clients.add(c.name, toClientConfig(c));
  }

  /** Every event derived so far, observed and inferred, in time order. */
  events(): RemoteEvent[] {
    return deriveEvents(this.log.items, this.options.naming, { now: this.log.now() });
  }

  /** Runs every step, judges the expectations, then cleans up after itself. */
  async run(): Promise<RemoteReport> {
    const outcomes: RemoteStepOutcome[] = [];
    let cleanup: string[] = [];
    try {
      for (const [index, step] of this.scenario.steps.entries()) {
        let result: { error?: string; note?: string };
        const startedAt = this.log.now();
        try {
          result = await this.perform(step, this.previousStart);
          this.previousStart = startedAt;
        } catch (e) {
          result = { error: e instanceof Error ? e.message : String(e) };
        }
        await this.settle();
        outcomes.push({ index, step, at: this.log.now(), ...result });
      }
    } finally {
      for (const timer of this.bursts) clearInterval(timer);
      await this.clients.closeAll();
      if (!this.options.keep)
        cleanup = await cleanUp(
          this.target,
          this.clients,
          this.options.auth ?? {},
          this.connectTimeoutMs,
        );
    }
    const events = this.events();
    const verdicts = judgeRemote(this.scenario.expect ?? [], events, this.ids);
    const n = this.options.naming;
    return {
      title: this.scenario.title,
      profile: this.scenario.profile,
      broker: this.target.label,
      idPrefix: n.idPrefix,
      topicPrefix: n.topicPrefix,
      steps: outcomes,
      verdicts,
      passed: outcomes.every((o) => !o.error) && verdicts.every((v) => v.status !== 'fail'),
      events: events.length,
      elapsedMs: this.log.now(),
      cleanup,
    };
  }

  private async perform(step: Step, since: number): Promise<{ error?: string; note?: string }> {
    const topic = (t: string) => this.options.naming.topic(t);
    if (step.do === 'note') return {};
    if (step.do === 'advance') {
      await this.target.sleep(parseDuration(step.by)!);
      return {};
    }
    if (step.do === 'wait') return this.wait(step, since);
    const client = this.clients.get(step.client)!;
    const offline = { error: `${step.client} is not connected` };
    const online = client.status === 'connected';
    switch (step.do) {
      case 'connect': {
        this.clients.connecting(client);
        const o = await client.connect(this.connectTimeoutMs, this.options.auth);
        if (!o.ok) return { error: `${step.client} could not connect: ${o.error}` };
        return o.code === 0 ? {} : { note: `CONNACK code ${o.code}` };
      }
      case 'disconnect':
        if (!online) return offline;
        await client.disconnect(step.sessionExpiry);
        return {};
      case 'drop':
        if (!online) return offline;
        await client.drop(step.silent ?? false);
        return {};
      case 'subscribe': {
        if (!online) return offline;
        const granted = await client.subscribe(topic(step.filter), step.qos ?? 1);
        const code = granted[0];
        return code !== undefined && code >= 0x80 ? { note: `refused (SUBACK ${code})` } : {};
      }
      case 'unsubscribe':
        if (!online) return offline;
        await client.unsubscribe(topic(step.filter));
        return {};
      case 'publish': {
        if (!online) return offline;
        if (step.retain) this.clients.retainedBy(client.config.clientId, topic(step.topic));
        const options = {
          qos: step.qos ?? 1,
          retain: step.retain ?? false,
          messageExpiry: step.messageExpiry ?? 0,
        };
        // Not awaited: the step's settle waits for the acknowledgement, as long as it comes.
        client.publish(topic(step.topic), step.payload, options).catch(() => {});
        return {};
      }
      case 'burst': {
        if (!online) return offline;
        const payloads = Array.from({ length: step.count }, (_, i) => numbered(step.payload, i));
        const options = { qos: step.qos ?? 1, retain: false, messageExpiry: 0 };
        const send = (p: string) => client.publish(topic(step.topic), p, options).catch(() => {});
        const rate = step.rate ?? 0;
        if (rate <= 0) {
          for (const p of payloads) send(p);
          return {};
        }
        // At the step's rate in real time; the steps after it go on meanwhile, as in the page.
        send(payloads.shift()!);
        const timer = setInterval(() => {
          const next = payloads.shift();
          if (next === undefined || client.status !== 'connected') {
            clearInterval(timer);
            this.bursts.delete(timer);
            return;
          }
          send(next);
        }, 1000 / rate);
        this.bursts.add(timer);
        return {};
      }
      case 'hold-acks':
        client.setHoldAcks(step.hold ?? true);
        return {};
      case 'release-acks':
        client.setHoldAcks(false);
        client.release(step.count);
        return {};
    }
  }

  /**
   * Waits, in real time, until an event matching the step is derived, or its time is up. On a
   * remote broker time runs during the step before too (a replay may be over by the time the
   * wait starts), so an event since that step started counts.
   */
  private async wait(
    step: Extract<Step, { do: 'wait' }>,
    since: number,
  ): Promise<{ error?: string; note?: string }> {
    const within = parseDuration(step.within)!;
    if (matchBasis(step.for) === 'broker-only') {
      await this.target.sleep(within);
      return {
        note: `${step.for.type} is not observable against a remote broker: waited the full ${showDuration(within)}`,
      };
    }
    const seen = () => this.events().some((e) => e.at >= since && matches(e, step.for, this.ids));
    const deadline = this.log.now() + within;
    while (!seen()) {
      if (this.log.now() >= deadline) {
        return {
          error: `no ${step.for.type}${step.for.client ? ` for ${step.for.client}` : ''} within ${showDuration(within)}`,
        };
      }
      await this.target.sleep(Math.min(POLL_MS, Math.max(1, deadline - this.log.now())));
    }
    return {};
  }

  /** Waits until the clients have seen nothing new for a moment (bounded). */
  private async settle(): Promise<void> {
    const quiet = this.options.settleQuietMs ?? 250;
    const max = this.options.settleMaxMs ?? 3000;
    const start = this.log.now();
    let seen = this.log.items.length;
    let since = start;
    while (this.log.now() - since < quiet && this.log.now() - start < max) {
      await this.target.sleep(POLL_MS);
      if (this.log.items.length !== seen) {
        seen = this.log.items.length;
        since = this.log.now();
      }
    }
  }
}
