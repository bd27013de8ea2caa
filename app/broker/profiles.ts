import { NEVER, type Seconds } from './time';

export const PROFILE_NAMES = ['aws', 'standard', 'mosquitto', 'emqx'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * Every figure that makes one broker behave differently from another. All of them can be
 * overridden; `NEVER` (Infinity) stands for "no limit" or "never expires".
 */
export interface Profile {
  name: ProfileName;
  label: string;
  /** Expiry of a 3.1.1 cleanSession=0 session, in seconds after the connection ends. */
  sessionExpiryV3: Seconds;
  /** Cap on an MQTT 5 client's Session Expiry Interval; a capped value is returned in CONNACK. */
  maxSessionExpiry: Seconds;
  /** Upper bound of the extra delay added to every expiry (AWS: up to 30 min later, never sooner). */
  expiryJitter: Seconds;
  /** Stored messages sent per second on resume; 0 = as fast as the in-flight window allows. */
  replayRate: number;
  /** Messages stored per session (queued, not yet sent). */
  queueLimit: number;
  /** Which message a full store gives up. */
  queueOverflow: 'drop-new' | 'drop-oldest';
  /** Whether QoS 0 messages are stored for a client that is away. */
  storeQos0: boolean;
  /** Unacknowledged QoS 1/2 messages in flight to one client (also bounded by its Receive Maximum). */
  inflightLimit: number;
  /** Unacknowledged QoS 2 publishes accepted from one client (our Receive Maximum). */
  receiveMaximum: number;
  maxQos: 1 | 2;
  /** Live messages while a backlog drains: sent at once (may overtake) or queued behind it. */
  liveDuringReplay: 'at-once' | 'behind';
  /** How an unacknowledged message is sent again on resume: DUP=1 with its id, or as a new send. */
  resendAs: 'dup' | 'fresh';
  /** Whether a stored session survives a reconnect with another protocol version. */
  sessionsAcrossVersions: boolean;
  /**
   * The Will of a connection taken over by a new one with the same client id: published
   * (`always`, as MQTT 5's non-normative comment to 3.1.3.2.2 has it for a Will Delay of 0), or
   * only when the session ends with it (`if-session-ends`: the old session kept nothing, or the
   * new connection starts clean), as mosquitto 2.0 does. A Will Delay still lets a resume in
   * time cancel the Will either way.
   */
  willOnTakeover: 'always' | 'if-session-ends';
  /** Largest keep-alive the broker accepts (seconds); larger or 0 is lowered to it. */
  maxKeepAlive: Seconds;
  /** Seconds a new connection has to send CONNECT before it is closed; NEVER turns it off. */
  connectTimeout: Seconds;
  /** Largest packet accepted, in bytes. */
  maxPacketSize: number;
  /** Retained messages kept at most. */
  retainedLimit: number;
  /** Subscriptions one session may hold. */
  subscriptionLimit: number;
  /** Longest topic name or filter accepted, in UTF-8 bytes (MQTT itself allows 65535). */
  maxTopicLength: number;
  /** Messages queued in all sessions' stores together (in flight is bounded per session). */
  totalStoredLimit: number;
  /**
   * Topic Alias Maximum sent in CONNACK (MQTT 5): the aliases one connection may set on its
   * PUBLISHes to the broker. 0 offers none, and any alias is refused.
   */
  topicAliasMaximum: number;
  /**
   * Whether the broker gives topics aliases on the PUBLISHes it sends a client whose CONNECT
   * offered a Topic Alias Maximum (the standard allows it; brokers differ).
   */
  assignTopicAliases: boolean;
  /**
   * Whether `$share/{group}/{filter}` subscriptions are offered (MQTT 5.0 §4.8.2); when not,
   * CONNACK says Shared Subscription Available = 0 and they are refused (0x9E / 0x80).
   */
  sharedSubscriptions: boolean;
  /**
   * Whether a 3.1.1 client's `$share/{group}/{filter}` is a shared subscription too, as
   * mosquitto, EMQX and AWS IoT take it. MQTT 3.1.1 has no shared subscriptions: false reads it
   * as the literal topic filter it is there (the standard profile).
   */
  sharedSubscriptions311: boolean;
}

const MQTT_MAX_PACKET = 268_435_455;

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  // The seed: stored QoS 1 only, replay at 10 msg/s, 1 h expiry + up to 30 min, 100 in flight.
  aws: {
    name: 'aws',
    label: 'AWS IoT Core',
    sessionExpiryV3: 3600,
    maxSessionExpiry: 3600,
    expiryJitter: 1800,
    replayRate: 10,
    queueLimit: 1000,
    queueOverflow: 'drop-new',
    storeQos0: false,
    inflightLimit: 100,
    receiveMaximum: 100,
    maxQos: 1,
    liveDuringReplay: 'at-once',
    resendAs: 'fresh',
    sessionsAcrossVersions: false,
    willOnTakeover: 'always',
    maxKeepAlive: 1200,
    connectTimeout: 10,
    maxPacketSize: 128 * 1024,
    retainedLimit: 10_000,
    subscriptionLimit: 50,
    maxTopicLength: 256,
    totalStoredLimit: 100_000,
    // AWS IoT Core's Topic Alias Maximum (8 per connection).
    topicAliasMaximum: 8,
    assignTopicAliases: false,
    sharedSubscriptions: true,
    sharedSubscriptions311: true,
  },
  standard: {
    name: 'standard',
    label: 'MQTT standard',
    sessionExpiryV3: NEVER,
    maxSessionExpiry: NEVER,
    expiryJitter: 0,
    replayRate: 0,
    queueLimit: NEVER,
    queueOverflow: 'drop-new',
    storeQos0: false,
    inflightLimit: NEVER,
    receiveMaximum: 65_535,
    maxQos: 2,
    liveDuringReplay: 'behind',
    resendAs: 'dup',
    sessionsAcrossVersions: true,
    willOnTakeover: 'always',
    maxKeepAlive: 65_535,
    connectTimeout: 10,
    maxPacketSize: MQTT_MAX_PACKET,
    retainedLimit: NEVER,
    subscriptionLimit: NEVER,
    maxTopicLength: 65_535,
    totalStoredLimit: 100_000,
    // The protocol's largest: every alias a client may use, and the broker's own for its clients.
    topicAliasMaximum: 65_535,
    assignTopicAliases: true,
    sharedSubscriptions: true,
    sharedSubscriptions311: false,
  },
  mosquitto: {
    name: 'mosquitto',
    label: 'Mosquitto 2',
    sessionExpiryV3: NEVER,
    maxSessionExpiry: NEVER,
    expiryJitter: 0,
    replayRate: 0,
    queueLimit: 1000,
    queueOverflow: 'drop-new',
    storeQos0: false,
    inflightLimit: 20,
    receiveMaximum: 20,
    maxQos: 2,
    liveDuringReplay: 'behind',
    resendAs: 'dup',
    sessionsAcrossVersions: true,
    // Found by `npm run check-broker` against mosquitto 2.0.11: its handle_connect.c sends the
    // old connection's Will only when the session ends (README, "Real mosquitto and our profile").
    willOnTakeover: 'if-session-ends',
    maxKeepAlive: 65_535,
    connectTimeout: 10,
    maxPacketSize: MQTT_MAX_PACKET,
    retainedLimit: NEVER,
    subscriptionLimit: NEVER,
    maxTopicLength: 65_535,
    totalStoredLimit: 100_000,
    // Mosquitto's max_topic_alias default.
    topicAliasMaximum: 10,
    assignTopicAliases: false,
    sharedSubscriptions: true,
    sharedSubscriptions311: true,
  },
  emqx: {
    name: 'emqx',
    label: 'EMQX 5',
    sessionExpiryV3: 7200,
    maxSessionExpiry: NEVER,
    expiryJitter: 0,
    replayRate: 0,
    queueLimit: 1000,
    queueOverflow: 'drop-oldest',
    storeQos0: true,
    inflightLimit: 32,
    receiveMaximum: 32,
    maxQos: 2,
    liveDuringReplay: 'behind',
    resendAs: 'dup',
    sessionsAcrossVersions: true,
    willOnTakeover: 'always',
    maxKeepAlive: 65_535,
    connectTimeout: 10,
    maxPacketSize: 1024 * 1024,
    retainedLimit: NEVER,
    subscriptionLimit: NEVER,
    maxTopicLength: 65_535,
    totalStoredLimit: 100_000,
    // EMQX's mqtt.max_topic_alias default.
    topicAliasMaximum: 65_535,
    assignTopicAliases: false,
    sharedSubscriptions: true,
    sharedSubscriptions311: true,
  },
};

export type ProfileOverrides = Partial<Omit<Profile, 'name' | 'label'>>;

const NUMERIC: readonly (keyof ProfileOverrides)[] = [
  'sessionExpiryV3',
  'maxSessionExpiry',
  'expiryJitter',
  'replayRate',
  'queueLimit',
  'inflightLimit',
  'receiveMaximum',
  'maxKeepAlive',
  'connectTimeout',
  'maxPacketSize',
  'retainedLimit',
  'subscriptionLimit',
  'maxTopicLength',
  'totalStoredLimit',
  'topicAliasMaximum',
];
const AT_LEAST_ONE: ReadonlySet<string> = new Set([
  'connectTimeout',
  'inflightLimit',
  'receiveMaximum',
  'maxPacketSize',
  'subscriptionLimit',
  'maxTopicLength',
]);

/** Checks overrides; returns one message per bad figure (empty when all are fine). */
export function validateOverrides(overrides: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const base = PROFILES.standard;
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in base) || key === 'name' || key === 'label') {
      errors.push(`${key}: not a profile figure`);
    } else if ((NUMERIC as readonly string[]).includes(key)) {
      const ok = typeof value === 'number' && !Number.isNaN(value) && value >= 0;
      if (!ok) errors.push(`${key}: must be a number ≥ 0 (Infinity for no limit)`);
      else if (AT_LEAST_ONE.has(key) && value < 1) errors.push(`${key}: must be at least 1`);
      else if (key === 'receiveMaximum' && value > 65_535) errors.push(`${key}: at most 65535`);
      else if (key === 'maxKeepAlive' && value > 65_535) errors.push(`${key}: at most 65535`);
      else if (key === 'maxTopicLength' && value > 65_535) errors.push(`${key}: at most 65535`);
      else if (key === 'topicAliasMaximum' && !(Number.isInteger(value) && value <= 65_535))
        errors.push(`${key}: a whole number, at most 65535`);
    } else if (key === 'maxQos' && value !== 1 && value !== 2) {
      errors.push('maxQos: must be 1 or 2');
    } else if (key === 'queueOverflow' && value !== 'drop-new' && value !== 'drop-oldest') {
      errors.push("queueOverflow: must be 'drop-new' or 'drop-oldest'");
    } else if (key === 'liveDuringReplay' && value !== 'at-once' && value !== 'behind') {
      errors.push("liveDuringReplay: must be 'at-once' or 'behind'");
    } else if (key === 'resendAs' && value !== 'dup' && value !== 'fresh') {
      errors.push("resendAs: must be 'dup' or 'fresh'");
    } else if (key === 'willOnTakeover' && value !== 'always' && value !== 'if-session-ends') {
      errors.push("willOnTakeover: must be 'always' or 'if-session-ends'");
    } else if (
      (key === 'storeQos0' ||
        key === 'sessionsAcrossVersions' ||
        key === 'assignTopicAliases' ||
        key === 'sharedSubscriptions' ||
        key === 'sharedSubscriptions311') &&
      typeof value !== 'boolean'
    ) {
      errors.push(`${key}: must be true or false`);
    }
  }
  return errors;
}

export class ProfileError extends Error {}

/** A profile by name with some figures overridden; throws ProfileError on a bad figure. */
export function resolveProfile(name: ProfileName, overrides: ProfileOverrides = {}): Profile {
  const base = PROFILES[name] as Profile | undefined;
  if (!base)
    throw new ProfileError(`unknown profile '${String(name)}' (${PROFILE_NAMES.join(', ')})`);
  const errors = validateOverrides(overrides as Record<string, unknown>);
  if (errors.length) throw new ProfileError(errors.join('; '));
  return { ...base, ...overrides };
}
