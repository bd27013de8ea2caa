import type { ProfileName } from '../broker/profiles';
import type { SessionSnapshot } from '../broker/snapshot';
import { harness, type Harness } from './harness';
import type { TestClient } from './testClient';

/**
 * The bystanders of a hostile connection: a persistent session away with two stored
 * messages (keeper), a connected MQTT 5 subscriber (watcher) and a publisher (pub). What a
 * hostile input does to its own connection must leave all three as they were.
 */
export interface World {
  h: Harness;
  keeper: TestClient;
  watcher: TestClient;
  pub: TestClient;
  before: SessionSnapshot[];
}

export const BYSTANDER_IDS: ReadonlySet<string> = new Set(['keeper', 'watcher', 'pub']);

/** Builds the bystanders; throws if the setting is not what the checks rely on. */
export function createWorld(profile: ProfileName = 'standard'): World {
  const h = harness({ profile });
  const keeper = h.client(4);
  keeper.connect({ clientId: 'keeper', clean: false });
  const keeperGranted = keeper.subscribe('iso/#', 1);
  keeper.disconnect();
  const watcher = h.client(5);
  watcher.connect({ clientId: 'watcher', properties: { sessionExpiryInterval: 600 } });
  const watcherGranted = watcher.subscribe('iso/#', 1);
  const pub = h.client(4);
  pub.connect({ clientId: 'pub' });
  pub.publish('iso/1', 'm1', 1);
  pub.publish('iso/2', 'm2', 1);
  const before = h.broker.sessions();
  const kept = before.find((s) => s.clientId === 'keeper');
  const ok =
    keeperGranted[0] === 1 &&
    watcherGranted[0] === 1 &&
    kept?.connected === false &&
    kept.persistent &&
    kept.messages.map((m) => m.topic).join() === 'iso/1,iso/2' &&
    watcher.payloads().join() === 'm1,m2';
  if (!ok) throw new Error(`bystander setting is off: ${JSON.stringify(before)}`);
  return { h, keeper, watcher, pub, before };
}

/** The bystanders' snapshots now, in the order of `before`. */
export function bystanderSessions(w: World): SessionSnapshot[] {
  return w.h.broker.sessions().filter((s) => BYSTANDER_IDS.has(s.clientId));
}

/**
 * What is wrong with the bystanders, as sentences (empty when nothing is): their state is as it
 * was, they still work (live delivery and the stored backlog), a fresh client can connect,
 * publish and receive, and the broker reported no internal error. It drives the world forward,
 * so it is the last check of a case.
 */
export function bystanderProblems(w: World): string[] {
  const problems: string[] = [];
  const now = JSON.stringify(bystanderSessions(w));
  if (now !== JSON.stringify(w.before)) problems.push(`bystander sessions changed: ${now}`);
  if (!w.watcher.connected) problems.push('watcher was disconnected');
  if (!w.pub.connected) problems.push('pub was disconnected');
  w.pub.publish('iso/3', 'm3', 1);
  const live = w.watcher.payloads().join();
  if (live !== 'm1,m2,m3') problems.push(`watcher received ${live}, not m1,m2,m3`);
  const connack = w.keeper.connect({ clientId: 'keeper', clean: false });
  if (connack?.returnCode !== 0 || connack.sessionPresent !== true) {
    problems.push(`keeper's resume answered ${JSON.stringify(connack)}`);
  }
  w.h.clock.advance(1000); // AWS replays 10 messages a second
  const stored = w.keeper.payloads().join();
  if (stored !== 'm1,m2,m3') problems.push(`keeper received ${stored}, not m1,m2,m3`);
  const fresh = w.h.client(5);
  if (fresh.connect({ clientId: 'fresh' })?.reasonCode !== 0) problems.push('fresh: no CONNACK 0');
  fresh.subscribe('fresh/t', 1);
  fresh.publish('fresh/t', 'hello', 1);
  if (fresh.payloads().join() !== 'hello') problems.push('fresh did not receive its own message');
  const errors = w.h.of('broker.error');
  if (errors.length) problems.push(`broker.error: ${errors.map((e) => e.message).join('; ')}`);
  return problems;
}
