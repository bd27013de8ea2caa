/**
 * The broker core: pure TypeScript, any transport, an injected clock. `createBroker` itself is
 * imported from './broker' by those that run one (the worker, the Node host, the page's check):
 * the page imports this index for profiles, topics and types, and a re-export here would make
 * the bundler count the whole broker into the page's first load as soon as one lazy part of the
 * page runs a broker.
 */
export type { Broker, BrokerOptions, Link } from './broker';
export type { Transport } from './connection';
export type { QoS, ProtocolVersion } from './packets';
export { VirtualClock } from './clock';
export type { Clock, TimerKind } from './clock';
export { ClockDriver, MAX_SPEED, MIN_SPEED, SESSION_TIMERS } from './clockDriver';
export type * from './events';
export {
  PROFILES,
  PROFILE_NAMES,
  resolveProfile,
  validateOverrides,
  ProfileError,
} from './profiles';
export type { Profile, ProfileName, ProfileOverrides } from './profiles';
export type { SessionSnapshot, StoredMessageView } from './snapshot';
export type { BrokerStats, AccessRules } from './context';
export type { BrokerFootprint } from './footprint';
export { NEVER, simTime, wallTime } from './time';
export type { SimTime, WallTime } from './time';
export { topicFilterError, topicNameError, topicMatches, utf8Length } from './topics';
