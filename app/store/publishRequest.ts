import { topicNameError, utf8Length, type Profile } from '../broker';
import type { FieldErrors } from '../clients/clientConfig';
import type { PublishOptions } from '../clients/clientTypes';
import { payloadError, type PayloadFormat } from './payload';
import { publishV5Errors } from './publishV5';

/** What the publish form asks a client to send. */
export interface PublishRequest extends PublishOptions {
  topic: string;
  payload: string;
  format: PayloadFormat;
}

/** Field by field, what is wrong with a publish request under a profile's limits. */
export function publishRequestErrors(request: PublishRequest, profile: Profile): FieldErrors {
  const errors: FieldErrors = {};
  const topicError = topicNameError(request.topic);
  const topicBytes = utf8Length(request.topic);
  const maxTopic = profile.maxTopicLength;
  if (topicError) errors.topic = topicError;
  else if (topicBytes > maxTopic) {
    errors.topic = `the topic is ${topicBytes} bytes; this profile allows at most ${maxTopic}`;
  }
  const payload = payloadError(
    request.payload,
    request.format,
    profile.maxPacketSize,
    request.topic,
  );
  if (payload) errors.payload = payload;
  if (!Number.isInteger(request.messageExpiry) || request.messageExpiry < 0) {
    errors.messageExpiry = 'a whole number of seconds, 0 for none';
  }
  return { ...errors, ...publishV5Errors(request) };
}

/** What is wrong with a burst's count and rate. */
export function burstErrors(count: number, rate: number): FieldErrors {
  const errors: FieldErrors = {};
  if (!Number.isInteger(count) || count < 1 || count > 10_000)
    errors.count = 'from 1 to 10000 messages';
  if (!Number.isFinite(rate) || rate < 0 || rate > 1000)
    errors.rate = 'from 0 (all at once) to 1000 per second';
  return errors;
}

/** `m` → `m0`, `m1`…; a payload with `{i}` gets the number there instead. */
export function numbered(template: string, i: number): string {
  return template.includes('{i}') ? template.replaceAll('{i}', String(i)) : `${template}${i}`;
}
