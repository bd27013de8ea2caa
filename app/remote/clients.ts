import type { ClientConfig } from '../clients/clientConfig';
import type { ObservationLog } from './observation';
import { ObservedClient } from './observedClient';
import type { Naming } from './naming';
import type { Target } from './target';

/**
 * The clients of one run, with what clean-up needs to know: each client id as sent, the
 * protocol versions it connected with, and the topics it left retained messages on.
 */
export class RunClients {
  readonly byName = new Map<string, ObservedClient>();
  /** Client id as sent → protocol versions used. */
  readonly used = new Map<string, Set<4 | 5>>();
  /** Client id as sent → topics (as sent) where it set a retained message. */
  readonly retained = new Map<string, Set<string>>();

  constructor(
    private readonly target: Target,
    private readonly log: ObservationLog,
    readonly naming: Naming,
  ) {}

  /** Adds a client; its id and Will topic get the run's prefixes. */
  add(name: string, config: ClientConfig): ObservedClient {
    const sent: ClientConfig = {
      ...config,
      clientId: this.naming.clientId(config.clientId),
      ...(config.will
        ? { will: { ...config.will, topic: this.naming.topic(config.will.topic) } }
        : {}),
    };
    const client = new ObservedClient(name, sent, this.target, this.log);
    this.byName.set(name, client);
    if (sent.will?.retain) this.retainedBy(sent.clientId, sent.will.topic);
    return client;
  }

  get(name: string): ObservedClient | undefined {
    return this.byName.get(name);
  }

  /** Notes a connect, for clean-up. */
  connecting(client: ObservedClient): void {
    const versions = this.used.get(client.config.clientId) ?? new Set();
    versions.add(client.config.protocolVersion);
    this.used.set(client.config.clientId, versions);
  }

  retainedBy(clientId: string, topic: string): void {
    const topics = this.retained.get(clientId) ?? new Set();
    topics.add(topic);
    this.retained.set(clientId, topics);
  }

  /** Ends every client (and whatever a silent drop left open). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.byName.values()].map((c) => c.close()));
  }
}
