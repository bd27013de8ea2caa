import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES, validateOverrides, type ProfileName } from '../profiles';
import { harness } from '../../testkit/harness';

/**
 * The Will of a connection taken over by a new one with the same client id. MQTT 5's
 * non-normative comment to 3.1.3.2.2: with a Will Delay of 0 it is sent at the close of the old
 * connection. mosquitto 2.0 sends it only when the session ends (the old one kept nothing, or
 * the new connection starts clean): seen against mosquitto 2.0.11 by `npm run check-broker`,
 * and so in our mosquitto profile (willOnTakeover 'if-session-ends').
 */
function takeover(profile: ProfileName, version: 4 | 5, oldKeeps: boolean, newClean: boolean) {
  const h = harness({ profile });
  const watcher = h.client(version);
  watcher.connect({ clientId: 'watcher' });
  watcher.subscribe('will/#', 1);
  const keep = version === 5 ? { properties: { sessionExpiryInterval: oldKeeps ? 60 : 0 } } : {};
  h.client(version).connect({
    clientId: 'w',
    clean: version === 5 ? false : !oldKeeps,
    ...keep,
    will: { topic: 'will/w', payload: Buffer.from('gone'), qos: 1, retain: false },
  });
  const back = version === 5 ? { properties: { sessionExpiryInterval: 60 } } : {};
  const ack = h.client(version).connect({ clientId: 'w', clean: newClean, ...back });
  return { watcher, ack, h };
}

describe('the Will of a connection taken over (willOnTakeover)', () => {
  for (const version of [4, 5] as const) {
    it(`[profiles] mosquitto, MQTT ${version}: a persistent session taken over by a persistent connection publishes no Will`, () => {
      const { watcher, ack, h } = takeover('mosquitto', version, true, false);
      expect(ack?.sessionPresent).toBe(true);
      expect(h.of('takeover')).toHaveLength(1);
      expect(watcher.payloads()).toEqual([]);
    });

    it(`[profiles] mosquitto, MQTT ${version}: the Will goes when the session ends with the old connection or the new one starts clean`, () => {
      expect(takeover('mosquitto', version, false, false).watcher.payloads()).toEqual(['gone']);
      expect(takeover('mosquitto', version, true, true).watcher.payloads()).toEqual(['gone']);
    });

    it(`[profiles] every other profile, MQTT ${version}: the Will of a connection taken over is published`, () => {
      for (const p of PROFILE_NAMES.filter((n) => n !== 'mosquitto'))
        expect(takeover(p, version, true, false).watcher.payloads(), p).toEqual(['gone']);
    });
  }

  it('[profiles] willOnTakeover takes always or if-session-ends', () => {
    expect(validateOverrides({ willOnTakeover: 'if-session-ends' })).toEqual([]);
    expect(validateOverrides({ willOnTakeover: 'never' })).toEqual([
      "willOnTakeover: must be 'always' or 'if-session-ends'",
    ]);
  });
});
