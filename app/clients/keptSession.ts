import mqtt, { type IClientOptions } from 'mqtt';
import type { ClientConfig, WillConfig } from './clientConfig';
import { connectProperties } from './v5Properties';

/** The user name and password a broker asks for; an absent one is not sent. */
export interface Credentials {
  username?: string;
  password?: string;
}

/**
 * mqtt.js empties a store on close unless it is made with `clean: false`; a persistent
 * client keeps its in-flight state for the next connection, as the spec asks of clients.
 */
const keptStore = () => new mqtt.Store({ clean: false });

/**
 * What one client keeps of its session between connections (mqtt.js's in-flight stores and
 * its packet ids), and the mqtt.js options of each connection. The playground's clients and a
 * remote run's clients both take their options here, so that neither can hide session
 * behaviour: a new mqtt.js client per connection, no reconnect, no re-subscribe, the client
 * id, Clean Start, Session Expiry and Will exactly as configured.
 */
export class KeptSession {
  private incomingStore = keptStore();
  private outgoingStore = keptStore();
  /**
   * Packet ids from 1, lowest free first, instead of mqtt.js's random start: the same steps
   * give the same packets, so a scenario replays exactly. Kept, as the stores are, across a
   * persistent client's connections.
   */
  private messageIds = new mqtt.UniqueMessageIdProvider();

  /** The options of the client's next connection; a clean one forgets what was kept. */
  nextConnection(c: ClientConfig, auth: Credentials, connectTimeout: number): IClientOptions {
    if (c.clean) {
      this.incomingStore = keptStore();
      this.outgoingStore = keptStore();
      this.messageIds = new mqtt.UniqueMessageIdProvider();
    }
    const v5 = c.protocolVersion === 5;
    return {
      protocolVersion: c.protocolVersion,
      clientId: c.clientId,
      ...(auth.username !== undefined ? { username: auth.username } : {}),
      ...(auth.password !== undefined ? { password: auth.password } : {}),
      clean: c.clean,
      keepalive: c.keepalive,
      reconnectPeriod: 0,
      // A new mqtt.js client per connection never re-subscribes anyway; said here too, so
      // that nothing hides whether the broker kept the subscriptions.
      resubscribe: false,
      connectTimeout,
      incomingStore: this.incomingStore,
      outgoingStore: this.outgoingStore,
      messageIdProvider: this.messageIds,
      ...(v5 ? connectProperties(c) : {}),
      ...(c.will ? { will: mqttWill(c.will, v5) } : {}),
    };
  }
}

/** The Will as mqtt.js sends it: the delay is an MQTT 5 property. */
function mqttWill(
  { delay, ...will }: WillConfig,
  v5: boolean,
): NonNullable<IClientOptions['will']> {
  return { ...will, ...(v5 && delay > 0 ? { properties: { willDelayInterval: delay } } : {}) };
}
