import type { ObservedClient } from '../../observedClient';
import type { ProbeKit } from '../kit';
import type { Findings } from '../rows';

/**
 * What a session that should keep nothing kept: the client subscribes, goes, a QoS 1 message
 * is published, and the same client id comes back asking for a persistent session. Did the
 * broker say a session was present, send the message, or keep the subscription?
 */
async function keptAfter(
  kit: ProbeKit,
  name: string,
  first: ObservedClient,
  leave: () => Promise<void>,
  back: ObservedClient,
): Promise<string> {
  const pub = kit.client(`${name}-pub`, { protocolVersion: 4, clean: true });
  await kit.connect(first);
  await first.subscribe(kit.topic(`${name}/#`), 1);
  await leave();
  await kit.connect(pub);
  await kit.publish(pub, `${name}/t`, 'stored');
  const { sessionPresent } = await kit.connect(back);
  await kit.settle(() => kit.arrived(back), 1, 1000, 3000);
  const stored = kit.arrived(back) > 0;
  const before = kit.arrived(back);
  await kit.publish(pub, `${name}/t`, 'live');
  await kit.settle(() => kit.arrived(back), before + 1, 1000, 3000);
  const live = kit.arrived(back) > before;
  await pub.disconnect();
  await back.disconnect();
  if (!sessionPresent && !stored && !live) return 'nothing kept';
  return `sessionPresent=${+sessionPresent}, stored message ${stored ? 'delivered' : 'lost'}, subscription ${live ? 'kept' : 'gone'}`;
}

/** cleanSession=1 (3.1.1), then a persistent reconnect with the same id. */
export async function cleanSession(kit: ProbeKit): Promise<Findings> {
  const first = kit.client('clean-a', { protocolVersion: 4, clean: true });
  const back = kit.client('clean-a-back', { protocolVersion: 4, clientId: 'clean-a' });
  return {
    'clean-session': {
      value: await keptAfter(kit, 'clean', first, () => first.disconnect(), back),
    },
  };
}

/** MQTT 5 Clean Start=0 with no Session Expiry Interval: the session ends with the connection. */
export async function v5NoExpiry(kit: ProbeKit): Promise<Findings> {
  const first = kit.client('v5-zero', { protocolVersion: 5 });
  const back = kit.client('v5-zero-back', { protocolVersion: 5, clientId: 'v5-zero' });
  return {
    'v5-no-expiry': {
      value: await keptAfter(kit, 'v5zero', first, () => first.disconnect(), back),
    },
  };
}

/** MQTT 5 Session Expiry 300 s in CONNECT, 0 in DISCONNECT: the session ends there. */
export async function v5DisconnectExpiry(kit: ProbeKit): Promise<Findings> {
  const first = kit.client('v5-disc', { protocolVersion: 5, sessionExpiry: 300 });
  const back = kit.client('v5-disc-back', {
    protocolVersion: 5,
    clientId: 'v5-disc',
    sessionExpiry: 300,
  });
  const value = await keptAfter(kit, 'v5disc', first, () => first.disconnect(0), back);
  return { 'v5-disconnect-expiry': { value: value === 'nothing kept' ? 'session ended' : value } };
}
