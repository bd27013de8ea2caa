import type { ProbeKit } from '../kit';
import type { Findings } from '../rows';

/**
 * A takeover: a persistent 3.1.1 client with a Will is replaced by a new connection with the
 * same client id that resumes its session. Is the old connection's Will published? (MQTT 5's
 * non-normative comment to 3.1.3.2.2 says it is; mosquitto 2.0 keeps it back.)
 */
export async function takeoverWill(kit: ProbeKit): Promise<Findings> {
  const watcher = kit.client('takeover-watch', { protocolVersion: 4, clean: true });
  const old = kit.client('takeover', {
    protocolVersion: 4,
    will: { topic: 'takeover/will', payload: 'gone', qos: 1, retain: false, delay: 0 },
  });
  const twin = kit.client('takeover-twin', { protocolVersion: 4, clientId: 'takeover' });
  await kit.connect(watcher);
  await watcher.subscribe(kit.topic('takeover/#'), 1);
  await kit.connect(old);
  const { sessionPresent } = await kit.connect(twin);
  await kit.settle(() => kit.arrived(watcher), 1, 1000, 3000);
  const published = kit.arrived(watcher) > 0;
  await twin.disconnect();
  await watcher.disconnect();
  return {
    'takeover-will': {
      value: `${published ? 'published' : 'not published'}${sessionPresent ? '' : ' (no session resumed)'}`,
    },
  };
}
