/**
 * A run's own names on a shared broker: every client id and topic gets the run's prefix, so two
 * runs (or two people) never meet each other's sessions or retained messages, and what a run
 * leaves behind can be found and cleared. Observations keep the names as sent; derived events
 * and reports use the scenario's names again.
 */
export interface Naming {
  readonly idPrefix: string;
  readonly topicPrefix: string;
  clientId(id: string): string;
  topic(topic: string): string;
  /** A client id as sent → as the scenario has it (unchanged when it has no prefix). */
  scenarioClientId(sent: string): string;
  scenarioTopic(sent: string): string;
}

/** A short random tag: 8 hex digits (crypto.getRandomValues, in the page and in Node). */
export function runTag(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where a run's names start, before its tag (a broker's policy may ask for its own). */
export interface NamingRoots {
  /** Default `lab-`: client ids are `lab-<tag>-<name>`. */
  idRoot?: string;
  /** Default `lab/`: topics are `lab/<tag>/<topic>`. */
  topicRoot?: string;
}

/**
 * Prefixes for one run: `lab-<tag>-` for client ids (short: MQTT 3.1.1 promises only 23
 * bytes), `lab/<tag>/` for topics. The roots can be changed (an AWS IoT policy may allow only
 * client ids starting `sensor-`, say); the tag stays, so that runs never share a name.
 */
export function runNaming(roots: NamingRoots = {}): Naming {
  const tag = runTag();
  const idPrefix = `${roots.idRoot ?? 'lab-'}${tag}-`;
  const topicPrefix = `${roots.topicRoot ?? 'lab/'}${tag}/`;
  const strip = (prefix: string, s: string) => (s.startsWith(prefix) ? s.slice(prefix.length) : s);
  return {
    idPrefix,
    topicPrefix,
    clientId: (id) => idPrefix + id,
    topic: (t) => topicPrefix + t,
    scenarioClientId: (sent) => strip(idPrefix, sent),
    scenarioTopic: (sent) => strip(topicPrefix, sent),
  };
}
