import type { ClientConfig } from '../clients/clientConfig';
import type { ScenarioClient } from './format';

/** A scenario's client as the playground's add-client form would have it. */
export function toClientConfig(c: ScenarioClient): ClientConfig {
  return {
    clientId: c.clientId ?? c.name,
    protocolVersion: c.version ?? 4,
    clean: c.clean ?? false,
    sessionExpiry: c.sessionExpiry ?? 0,
    keepalive: c.keepalive ?? 60,
    ...(c.will
      ? {
          will: {
            topic: c.will.topic,
            payload: c.will.payload,
            qos: c.will.qos ?? 0,
            retain: c.will.retain ?? false,
            delay: c.will.delay ?? 0,
          },
        }
      : {}),
  };
}

/** A playground client as a scenario's client (what a recording writes). */
export function fromClientConfig(name: string, c: ClientConfig): ScenarioClient {
  return {
    name,
    ...(c.clientId === name ? {} : { clientId: c.clientId }),
    version: c.protocolVersion,
    clean: c.clean,
    ...(c.protocolVersion === 5 && c.sessionExpiry ? { sessionExpiry: c.sessionExpiry } : {}),
    keepalive: c.keepalive,
    ...(c.will
      ? {
          will: {
            topic: c.will.topic,
            payload: c.will.payload,
            qos: c.will.qos,
            retain: c.will.retain,
            ...(c.will.delay ? { delay: c.will.delay } : {}),
          },
        }
      : {}),
  };
}
