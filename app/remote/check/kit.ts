import type { ClientConfig } from '../../clients/clientConfig';
import { sentTo } from '../../scenario/received';
import type { Auth } from '../cleanup';
import { RunClients } from '../clients';
import { deriveEvents } from '../derive';
import type { Naming } from '../naming';
import { ObservationLog } from '../observation';
import type { ObservedClient } from '../observedClient';
import type { RemoteEvent } from '../remoteEvent';
import type { Target } from '../target';

const POLL_MS = 25;

/**
 * What a check's probes share: the target, one observation log, the run's names, and waits that
 * take the target's time (the wall clock on a remote broker, the simulated one in memory).
 */
export class ProbeKit {
  readonly log: ObservationLog;
  readonly clients: RunClients;
  private readonly arrivals = new Map<string, number>();

  constructor(
    readonly target: Target,
    readonly naming: Naming,
    readonly auth: Auth,
    readonly timeoutMs: number,
  ) {
    this.log = new ObservationLog(() => target.now());
    this.clients = new RunClients(target, this.log, naming);
    this.log.listen((o) => {
      if (o.kind === 'packet' && o.dir === 'in' && o.packet?.cmd === 'publish')
        this.arrivals.set(o.client, (this.arrivals.get(o.client) ?? 0) + 1);
    });
  }

  /** A client of a probe: its id is its name with the run's prefix. */
  client(name: string, config: Partial<ClientConfig> & { protocolVersion: 4 | 5 }) {
    return this.clients.add(name, {
      clientId: name,
      clean: false,
      sessionExpiry: 0,
      keepalive: 60,
      ...config,
    });
  }

  topic(t: string): string {
    return this.naming.topic(t);
  }

  /** Connects; a connect that gets no CONNACK or a refusal stops the probe. */
  async connect(c: ObservedClient): Promise<{ sessionPresent: boolean }> {
    this.clients.connecting(c);
    const o = await c.connect(this.timeoutMs, this.auth);
    if (!o.ok) throw new Error(`${c.name} could not connect: ${o.error}`);
    if (o.code !== 0) throw new Error(`${c.name} was refused: CONNACK code ${o.code}`);
    return { sessionPresent: o.sessionPresent };
  }

  /** Publishes on the run's topic `t`; resolves when the broker acknowledged it (QoS 0: sent). */
  publish(c: ObservedClient, t: string, payload: string, qos: 0 | 1 = 1): Promise<void> {
    return c.publish(this.topic(t), payload, { qos, retain: false, messageExpiry: 0 });
  }

  /** PUBLISH packets that reached the client so far. */
  arrived(c: ObservedClient): number {
    return this.arrivals.get(c.name) ?? 0;
  }

  sleep(ms: number): Promise<void> {
    return this.target.sleep(ms);
  }

  now(): number {
    return this.log.now();
  }

  /** Waits until `condition` holds, at most `maxMs`; says whether it held. */
  async until(condition: () => boolean, maxMs: number): Promise<boolean> {
    const end = this.now() + maxMs;
    while (!condition()) {
      if (this.now() >= end) return false;
      await this.sleep(POLL_MS);
    }
    return true;
  }

  /**
   * Waits until `count` reaches `enough`, or stops growing for `quietMs` (a broker that keeps
   * fewer), at most `maxMs`.
   */
  async settle(count: () => number, enough: number, quietMs: number, maxMs: number) {
    const end = this.now() + maxMs;
    let last = count();
    let since = this.now();
    while (count() < enough && this.now() - since < quietMs && this.now() < end) {
      await this.sleep(POLL_MS);
      if (count() !== last) {
        last = count();
        since = this.now();
      }
    }
  }

  events(): RemoteEvent[] {
    return deriveEvents(this.log.items, this.naming, { now: this.now() });
  }

  /** The payloads that reached a client, in order (as derived: resends included). */
  received(c: ObservedClient, events = this.events()): string[] {
    return sentTo(events, this.naming.scenarioClientId(c.config.clientId)).payloads;
  }
}
