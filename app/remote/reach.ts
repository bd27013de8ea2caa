import type { Auth } from './cleanup';
import { ObservationLog } from './observation';
import { ObservedClient } from './observedClient';
import type { Target } from './target';

/** MQTT 3.1.1 CONNACK return codes and common MQTT 5 reason codes, as words. */
const REFUSALS: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'client id rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
  0x80: 'unspecified error',
  0x84: 'unsupported protocol version',
  0x85: 'client id not valid',
  0x86: 'bad user name or password',
  0x87: 'not authorized',
  0x88: 'server unavailable',
  0x89: 'server busy',
  0x8a: 'banned',
  0x8c: 'bad authentication method',
};

export function refusalText(code: number): string {
  return `${REFUSALS[code] ?? 'refused'} (CONNACK code ${code})`;
}

/**
 * Whether the broker answers and accepts the run's credentials: one connection with a clean
 * session (it leaves nothing behind), closed at once. Undefined when it does; otherwise what
 * went wrong, in words.
 */
export async function reach(
  target: Target,
  clientId: string,
  auth: Auth,
  timeoutMs: number,
): Promise<string | undefined> {
  const log = new ObservationLog(() => target.now());
  const client = new ObservedClient(
    'probe',
    { clientId, protocolVersion: 4, clean: true, sessionExpiry: 0, keepalive: 30 },
    target,
    log,
  );
  try {
    const outcome = await client.connect(timeoutMs, auth);
    if (!outcome.ok) {
      return outcome.code !== undefined ? refusalText(outcome.code) : outcome.error;
    }
    if (outcome.code !== 0) return refusalText(outcome.code);
    await client.disconnect();
    return undefined;
  } finally {
    await client.close();
  }
}
