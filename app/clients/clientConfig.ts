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
}

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
  else if (new TextEncoder().encode(id).length > 65_535) errors.clientId = 'at most 65535 bytes';
  else if (id === '' && !config.clean && config.protocolVersion === 4) {
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
  return errors;
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
