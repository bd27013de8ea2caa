import type { ProbeKit } from '../kit';
import type { Findings } from '../rows';

/**
 * A session made by an MQTT 3.1.1 client, resumed by an MQTT 5.0 one with the same client id
 * (Clean Start=0, Session Expiry 300 s): kept, or not (AWS IoT Core keeps them apart)?
 */
export async function acrossVersions(kit: ProbeKit): Promise<Findings> {
  const v3 = kit.client('versions', { protocolVersion: 4 });
  const v5 = kit.client('versions-5', {
    protocolVersion: 5,
    clientId: 'versions',
    sessionExpiry: 300,
  });
  const pub = kit.client('versions-pub', { protocolVersion: 4, clean: true });
  await kit.connect(v3);
  await v3.subscribe(kit.topic('versions/#'), 1);
  await v3.disconnect();
  await kit.connect(pub);
  await kit.publish(pub, 'versions/t', 'stored');
  await pub.disconnect();
  const { sessionPresent } = await kit.connect(v5);
  await kit.settle(() => kit.arrived(v5), 1, 1000, 3000);
  const stored = kit.arrived(v5) > 0;
  await v5.disconnect();
  return {
    'across-versions': {
      value:
        sessionPresent && stored
          ? 'resumed'
          : !sessionPresent && !stored
            ? 'not resumed'
            : `sessionPresent=${+sessionPresent}, stored message ${stored ? 'delivered' : 'lost'}`,
    },
  };
}
