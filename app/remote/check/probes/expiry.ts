import type { ObservedClient } from '../../observedClient';
import type { ProbeKit } from '../kit';
import { EXPIRY_MARGIN_S, V5_EXPIRY_S, type Findings } from '../rows';

/** Two sessions left with one stored message each; come back to one early, to one late. */
async function expiryPair(
  kit: ProbeKit,
  name: string,
  make: (suffix: string) => ObservedClient,
  expiryS: number,
): Promise<{ before: string; after: string; discards: string }> {
  const early = make('early');
  const late = make('late');
  const pub = kit.client(`${name}-pub`, { protocolVersion: 4, clean: true });
  for (const c of [early, late]) {
    await kit.connect(c);
    await c.subscribe(kit.topic(`${name}/${c.name}`), 1);
  }
  await Promise.all([early.disconnect(), late.disconnect()]);
  const gone = kit.now();
  await kit.connect(pub);
  await kit.publish(pub, `${name}/${early.name}`, 'stored');
  await kit.publish(pub, `${name}/${late.name}`, 'stored');
  await pub.disconnect();

  await kit.sleep(Math.max(0, gone + (expiryS * 1000) / 2 - kit.now()));
  const before = (await kit.connect(early)).sessionPresent;
  await early.disconnect();

  await kit.sleep(Math.max(0, gone + (expiryS + EXPIRY_MARGIN_S) * 1000 - kit.now()));
  const after = (await kit.connect(late)).sessionPresent;
  await kit.settle(() => kit.arrived(late), 1, 1000, 3000);
  const stored = kit.arrived(late) > 0;
  const count = kit.arrived(late);
  await kit.connect(pub);
  await kit.publish(pub, `${name}/${late.name}`, 'live');
  await kit.settle(() => kit.arrived(late), count + 1, 1000, 3000);
  const live = kit.arrived(late) > count;
  await pub.disconnect();
  await late.disconnect();
  const discards =
    after && stored && live
      ? 'nothing (kept)'
      : !after && !stored && !live
        ? 'session, subscriptions, stored'
        : `sessionPresent=${+after}, stored message ${stored ? 'delivered' : 'lost'}, subscription ${live ? 'kept' : 'gone'}`;
  return { before: before ? 'kept' : 'gone', after: after ? 'kept' : 'expired', discards };
}

/** A 3.1.1 persistent session against the broker's expiry, which the user gives (seconds). */
export function expiryV3(expiryS: number) {
  return async (kit: ProbeKit): Promise<Findings> => {
    const r = await expiryPair(
      kit,
      'exp3',
      (suffix) => kit.client(`exp3-${suffix}`, { protocolVersion: 4 }),
      expiryS,
    );
    return {
      'expiry-before': { value: r.before },
      'expiry-after': { value: r.after },
      'expiry-discards': { value: r.discards },
    };
  };
}

/** An MQTT 5 session asking for a Session Expiry Interval of V5_EXPIRY_S seconds. */
export async function expiryV5(kit: ProbeKit): Promise<Findings> {
  const r = await expiryPair(
    kit,
    'exp5',
    (suffix) => kit.client(`exp5-${suffix}`, { protocolVersion: 5, sessionExpiry: V5_EXPIRY_S }),
    V5_EXPIRY_S,
  );
  return { 'v5-expiry-before': { value: r.before }, 'v5-expiry-after': { value: r.after } };
}
