import type { Scenario } from '../../scenario/format';

const FORMAT = 'mqtt-session-lab/scenario@1' as const;

/**
 * The seed's story, short: A leaves a persistent session, B publishes QoS 0 and QoS 1, A comes
 * back. Its expectations: two a client sees (CONNACK, what arrived), one inferred (the replay
 * ended), one only the broker sees (the QoS 0 drops).
 */
export const STORY: Scenario = {
  format: FORMAT,
  title: 'QoS 1 is kept, QoS 0 is not',
  profile: 'mosquitto',
  clients: [
    { name: 'A', clean: false },
    { name: 'B', clean: true },
  ],
  steps: [
    { do: 'connect', client: 'A' },
    { do: 'subscribe', client: 'A', filter: 't/#', qos: 1 },
    { do: 'disconnect', client: 'A' },
    { do: 'connect', client: 'B' },
    { do: 'burst', client: 'B', topic: 't/zero', payload: 'q', count: 3, qos: 0 },
    { do: 'burst', client: 'B', topic: 't/one', payload: 'm', count: 5, qos: 1 },
    { do: 'connect', client: 'A' },
    { do: 'wait', for: { type: 'replay.finished', client: 'A' }, within: '10s' },
  ],
  expect: [
    { connack: 'A', nth: 2, sessionPresent: true },
    { receives: 'A', payloads: 'm0..m4' },
    { event: { type: 'replay.finished', client: 'A' }, count: 1 },
    { dropped: 3, reason: 'qos0-while-away', client: 'A' },
  ],
};

/**
 * Three takeovers of a client with a Will, watched on will/#: A (3.1.1, persistent) by a
 * persistent twin, B (5.0, Session Expiry 60 s) by a twin with Clean Start=0, F (3.1.1, clean)
 * by a clean twin.
 */
export const TAKEOVER_WILLS: Scenario = {
  format: FORMAT,
  title: 'The Will of a connection taken over',
  profile: 'mosquitto',
  clients: [
    { name: 'W', clean: true },
    { name: 'A', will: { topic: 'will/a', payload: 'will-a', qos: 1 } },
    { name: 'A2', clientId: 'A' },
    {
      name: 'B',
      version: 5,
      sessionExpiry: 60,
      will: { topic: 'will/b', payload: 'will-b', qos: 1 },
    },
    { name: 'B2', clientId: 'B', version: 5, sessionExpiry: 60 },
    { name: 'F', clean: true, will: { topic: 'will/f', payload: 'will-f', qos: 1 } },
    { name: 'F2', clientId: 'F', clean: true },
  ],
  steps: [
    { do: 'connect', client: 'W' },
    { do: 'subscribe', client: 'W', filter: 'will/#', qos: 1 },
    { do: 'connect', client: 'A' },
    { do: 'connect', client: 'A2' },
    { do: 'connect', client: 'B' },
    { do: 'connect', client: 'B2' },
    { do: 'connect', client: 'F' },
    { do: 'connect', client: 'F2' },
    { do: 'advance', by: '500ms' },
  ],
};

/**
 * An MQTT 5 client whose session ends with its connection (no Session Expiry) and whose Will
 * has a Will Delay of 2 s loses its connection; W watches.
 */
export const DELAYED_WILL: Scenario = {
  format: FORMAT,
  title: 'A Will Delay longer than the session',
  profile: 'mosquitto',
  clients: [
    { name: 'W', clean: true },
    {
      name: 'E',
      version: 5,
      clean: true,
      will: { topic: 'will/e', payload: 'will-e', qos: 1, delay: 2 },
    },
  ],
  steps: [
    { do: 'connect', client: 'W' },
    { do: 'subscribe', client: 'W', filter: 'will/#', qos: 1 },
    { do: 'connect', client: 'E' },
    { do: 'drop', client: 'E' },
    { do: 'wait', for: { type: 'will.published', client: 'E' }, within: '5s' },
  ],
};
