import { ObservationLog } from './observation';
import { ObservedClient } from './observedClient';
import type { RunClients } from './clients';
import type { Target } from './target';

export interface Auth {
  username?: string;
  password?: string;
}

/**
 * Leaves the broker as the run found it: for each client id the run used, in each protocol
 * version it used (a broker may keep sessions apart by version), a connection with a clean
 * session that ends at once, which discards the session and whatever it stored; and an empty
 * retained message on every topic where the client left one. Returns what could not be done.
 */
export async function cleanUp(
  target: Target,
  clients: RunClients,
  auth: Auth,
  timeoutMs: number,
): Promise<string[]> {
  const problems: string[] = [];
  const log = new ObservationLog(() => target.now());
  for (const [clientId, versions] of clients.used) {
    const retained = [...(clients.retained.get(clientId) ?? [])];
    for (const version of [...versions].sort()) {
      const c = new ObservedClient(
        'clean-up',
        { clientId, protocolVersion: version, clean: true, sessionExpiry: 0, keepalive: 30 },
        target,
        log,
      );
      const outcome = await c.connect(timeoutMs, auth);
      if (!outcome.ok || outcome.code !== 0) {
        problems.push(
          `${clientId}: could not clear its session (${outcome.ok ? `CONNACK code ${outcome.code}` : outcome.error})`,
        );
        await c.close();
        continue;
      }
      for (const topic of retained.splice(0)) {
        await c
          .publish(topic, '', { qos: 1, retain: true, messageExpiry: 0 })
          .catch((e: unknown) =>
            problems.push(
              `${clientId}: could not clear the retained message on ${topic} (${String(e)})`,
            ),
          );
      }
      await c.disconnect();
      await c.close();
    }
  }
  return problems;
}
