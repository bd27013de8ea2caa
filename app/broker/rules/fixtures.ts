import type { ProfileName, ProfileOverrides } from '../profiles';
import { harness, type Harness } from '../../testkit/harness';
import type { TestClient } from '../../testkit/testClient';

export const HOUR = 3600 * 1000;

/** The seed's story up to the return: A subscribes with a persistent session and goes away. */
export interface AwayStory {
  h: Harness;
  publisher: TestClient;
  /** A's first connection (already closed). */
  first: TestClient;
}

/**
 * A connects (persistent), subscribes to `t/#` at `qos`, leaves by `leave`; B connects and is
 * ready to publish. Nothing is published yet. `tracePackets` adds packet.in / packet.out events.
 */
export function awayStory(
  profile: ProfileName,
  options: {
    version?: 4 | 5;
    qos?: 0 | 1 | 2;
    leave?: 'disconnect' | 'drop';
    overrides?: ProfileOverrides;
    seed?: number;
    tracePackets?: boolean;
  } = {},
): AwayStory {
  const version = options.version ?? 4;
  const h = harness({
    profile,
    seed: options.seed ?? 42,
    tracePackets: options.tracePackets ?? false,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const first = h.client(version);
  first.connect({
    clientId: 'A',
    clean: false,
    keepalive: 60,
    ...(version === 5 ? { properties: { sessionExpiryInterval: 3600 } } : {}),
  });
  first.subscribe('t/#', options.qos ?? 1);
  if ((options.leave ?? 'disconnect') === 'disconnect') first.disconnect();
  else first.drop();
  const publisher = h.client(version);
  publisher.connect({ clientId: 'B', keepalive: 60 });
  return { h, publisher, first };
}

/** Publishes `count` messages m<from>..; returns their payloads. */
export function publishMany(
  client: TestClient,
  count: number,
  qos: 0 | 1 | 2 = 1,
  prefix = 'm',
  topic = 't/x',
): string[] {
  const payloads: string[] = [];
  for (let i = 0; i < count; i++) {
    const payload = `${prefix}${i}`;
    client.publish(topic, payload, qos);
    payloads.push(payload);
  }
  return payloads;
}

/** A returns with cleanSession=0 (or Clean Start=0 and the same SEI on MQTT 5). */
export function returnA(h: Harness, version: 4 | 5 = 4, holdAcks = false): TestClient {
  const a = h.client(version);
  a.holdAcks = holdAcks;
  a.connect({
    clientId: 'A',
    clean: false,
    keepalive: 60,
    ...(version === 5 ? { properties: { sessionExpiryInterval: 3600 } } : {}),
  });
  return a;
}
