/** The broker core: pure TypeScript, any transport, an injected clock. */
export { createBroker } from './broker';
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
