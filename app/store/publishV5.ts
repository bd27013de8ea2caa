import { topicNameError, utf8Length } from '../broker';
import { userPropertiesError, type FieldErrors } from '../clients/clientConfig';
import type { PublishOptions } from '../clients/clientTypes';

const MAX_STRING = 65_535;

/** What is wrong with a publish's MQTT 5 properties, one message per field. */
export function publishV5Errors(o: PublishOptions): FieldErrors {
  const errors: FieldErrors = {};
  if (o.responseTopic) {
    // [MQTT-3.3.2-14] The Response Topic is a Topic Name: no wildcards.
    const error = topicNameError(o.responseTopic);
    if (error) errors.responseTopic = error;
  }
  if (o.correlationData && utf8Length(o.correlationData) > MAX_STRING)
    errors.correlationData = 'at most 65535 bytes';
  if (o.contentType && utf8Length(o.contentType) > MAX_STRING)
    errors.contentType = 'at most 65535 bytes';
  const userError = userPropertiesError(o.userProperties ?? []);
  if (userError) errors.userProperties = userError;
  if (o.topicAlias !== undefined && !(Number.isInteger(o.topicAlias) && o.topicAlias >= 1)) {
    // [MQTT-3.3.2-8] A Topic Alias of 0 is a Protocol Error.
    errors.topicAlias = 'a whole number from 1 (blank for none)';
  }
  return errors;
}

/**
 * Why a client may not use this Topic Alias on its connection: above the Topic Alias Maximum
 * the broker's CONNACK gave [MQTT-3.3.2-9].
 */
export function topicAliasError(alias: number | undefined, brokerMax: number): string | undefined {
  if (alias === undefined || alias <= brokerMax) return undefined;
  return brokerMax === 0
    ? 'the broker takes no Topic Aliases (its CONNACK gave no Topic Alias Maximum)'
    : `the broker takes aliases 1 to ${brokerMax} (Topic Alias Maximum of its CONNACK)`;
}
