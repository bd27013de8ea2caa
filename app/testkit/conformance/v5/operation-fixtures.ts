/** Small settings shared by the MQTT 5 conformance tests of chapter 4 (operational behaviour). */
import { harness, type Harness } from '../../harness';
import type { TestClient } from '../../testClient';

/** The standard profile: the one that follows the standard where profiles differ. */
export const std = (options: Parameters<typeof harness>[0] = {}): Harness =>
  harness({ profile: 'standard', ...options });

/** A persistent MQTT 5 session: Clean Start 0 and a Session Expiry Interval of an hour. */
export const persistent = { clean: false, properties: { sessionExpiryInterval: 3600 } };

/**
 * Subscriber A (persistent, holding its acks) on `t/#` at `qos`, and publisher B; both MQTT 5.
 */
export function pair(
  h: Harness,
  qos: 0 | 1 | 2 = 1,
  receiveMaximum?: number,
): { a: TestClient; b: TestClient } {
  const a = h.client(5);
  a.holdAcks = true;
  a.connect({
    clientId: 'A',
    ...persistent,
    properties: {
      ...persistent.properties,
      ...(receiveMaximum ? { receiveMaximum } : {}),
    },
  });
  a.subscribe('t/#', qos);
  const b = h.client(5);
  b.connect({ clientId: 'B' });
  return { a, b };
}

/** A comes back on a new connection to its persistent session; acks held unless told. */
export function returnA(h: Harness, holdAcks = true): TestClient {
  const a = h.client(5);
  a.holdAcks = holdAcks;
  a.connect({ clientId: 'A', ...persistent });
  return a;
}
