import { topicNameError } from '../broker';

/** What a person sets when adding a client. */
export interface ClientConfig {
  clientId: string;
  protocolVersion: 4 | 5;
  /** cleanSession (3.1.1) or Clean Start (5.0). */
  clean: boolean;
  /** MQTT 5 Session Expiry Interval in seconds; 0 = none. */
  sessionExpiry: number;
  keepalive: number;
  will?: WillConfig;
  /** MQTT 5: how many Topic Aliases the client accepts from the broker; 0 or absent = none. */
  topicAliasMaximum?: number;
  /** MQTT 5: QoS 1 and 2 messages the broker may have in flight to it; absent = 65535. */
  receiveMaximum?: number;
  /** MQTT 5: the largest packet the client accepts, bytes; absent = no limit. */
  maximumPacketSize?: number;
  /** MQTT 5 User Properties of the CONNECT, in order (a key may repeat). */
  userProperties?: UserProperty[];
}

/** One MQTT 5 User Property: a key and a value. */
export type UserProperty = [key: string, value: string];

export interface WillConfig {
  topic: string;
  payload: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  /** MQTT 5 Will Delay Interval, seconds. */
  delay: number;
}

export type FieldErrors = Partial<Record<string, string>>;

const MAX_U32 = 0xffffffff;

/**
 * The longest client id the playground takes, in characters (Unicode code points, as JSON
 * Schema's maxLength counts them): AWS IoT Core's limit is 128 bytes. The add form and the
 * scenario format (its validator and public/scenario.schema.json) share it, so that whatever
 * the form adds, a recording can write.
 */
export const MAX_CLIENT_ID_CHARS = 128;

/** Characters as a person counts them (code points), not UTF-16 units. */
export const charCount = (text: string) => [...text].length;

/** Checks a client's settings; each message names what is wrong with one field. */
export function validateClientConfig(
  config: ClientConfig,
  takenIds: ReadonlySet<string>,
): FieldErrors {
  const errors: FieldErrors = {};
  const id = config.clientId;
  if (id !== id.trim()) errors.clientId = 'no spaces at the start or end';
  else if (takenIds.has(id))
    errors.clientId = `a client with id “${id}” is already in the playground`;
  else if (charCount(id) > MAX_CLIENT_ID_CHARS) {
    errors.clientId = `at most ${MAX_CLIENT_ID_CHARS} characters (this one has ${charCount(id)})`;
  } else if (id === '' && !config.clean && config.protocolVersion === 4) {
    errors.clientId = 'an empty id needs cleanSession=1 in MQTT 3.1.1 (the broker would refuse it)';
  }
  if (!isInt(config.keepalive, 0, 65_535))
    errors.keepalive = 'a whole number of seconds, 0 to 65535';
  if (!isInt(config.sessionExpiry, 0, MAX_U32)) {
    errors.sessionExpiry = 'a whole number of seconds, 0 to 4294967295 (never)';
  }
  const will = config.will;
  if (will) {
    const topicError = topicNameError(will.topic);
    if (topicError) errors.willTopic = topicError;
    if (!isInt(will.delay, 0, MAX_U32)) errors.willDelay = 'a whole number of seconds';
  }
  if (config.protocolVersion === 5) validateV5Connect(config, errors);
  return errors;
}

/** The largest Maximum Packet Size: the most a packet can be (268435455 + 5 header bytes). */
export const MAX_PACKET_SIZE = 268_435_460;

function validateV5Connect(config: ClientConfig, errors: FieldErrors): void {
  const { topicAliasMaximum: tam, receiveMaximum: rm, maximumPacketSize: mps } = config;
  if (tam !== undefined && !isInt(tam, 0, 65_535))
    errors.topicAliasMaximum = 'a whole number, 0 (no aliases) to 65535';
  // [MQTT-3.1.2.11.3] Receive Maximum 0 is a Protocol Error.
  if (rm !== undefined && !isInt(rm, 1, 65_535))
    errors.receiveMaximum = 'a whole number, 1 to 65535 (blank for 65535)';
  // [MQTT-3.1.2.11.4] Maximum Packet Size 0 is a Protocol Error.
  if (mps !== undefined && !isInt(mps, 1, MAX_PACKET_SIZE))
    errors.maximumPacketSize = `a whole number of bytes, 1 to ${MAX_PACKET_SIZE} (blank for no limit)`;
  const userError = userPropertiesError(config.userProperties ?? []);
  if (userError) errors.userProperties = userError;
}

/** Why User Properties cannot be sent, if they cannot: each string is at most 65535 bytes. */
export function userPropertiesError(props: readonly UserProperty[]): string | undefined {
  const encoder = new TextEncoder();
  const long = props.findIndex(
    ([k, v]) => encoder.encode(k).length > 65_535 || encoder.encode(v).length > 65_535,
  );
  return long < 0 ? undefined : `property ${long + 1}: keys and values are at most 65535 bytes`;
}

/**
 * User Properties from `key=value` lines (blank lines skipped; the value may hold `=`), or
 * the first line that is not one.
 */
export function parseUserProperties(text: string): UserProperty[] | { error: string } {
  const props: UserProperty[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { error: `line ${i + 1}: write key=value` };
    props.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return props;
}

/** User Properties as mqtt.js takes them: a key that repeats gets a list of values. */
export function userPropertiesObject(
  props: readonly UserProperty[],
): Record<string, string | string[]> {
  // No prototype: a key named __proto__ is a key like any other.
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of props) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/** A whole number in [min, max]. */
export function isInt(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

export const defaultClientConfig = (clientId: string): ClientConfig => ({
  clientId,
  protocolVersion: 4,
  clean: false,
  sessionExpiry: 3600,
  keepalive: 60,
});

/**
 * The client the add form suggests next, as the empty Clients panel puts it: "A to subscribe,
 * B to publish". A subscriber keeps a persistent session (cleanSession=0), which is what the
 * playground is about; a publisher needs none, so B is suggested with a clean session. Past B,
 * the next free letter, persistent as the form's default.
 */
export function suggestedClient(taken: readonly string[]): { clientId: string; clean: boolean } {
  const clientId =
    [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((c) => !taken.includes(c)) ??
    `client-${taken.length + 1}`;
  return { clientId, clean: clientId === PUBLISHER };
}

/** The client the empty Clients panel suggests for publishing. */
export const PUBLISHER = 'B';
