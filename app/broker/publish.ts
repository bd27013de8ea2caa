import { limitReached, type BrokerContext } from './context';
import { route } from './routing';
import type { Message, PassThroughProperties } from './message';
import type { QoS } from './packets';
import { addMs } from './time';

export interface PublishInput {
  publisher: string;
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  /** Message Expiry Interval, seconds. */
  messageExpiry?: number;
  /** MQTT 5 publish properties; only the pass-through ones are kept. */
  properties?: object;
  will?: boolean;
  /** The Topic Alias the publisher used (MQTT 5), for the record: the topic is the real one. */
  topicAlias?: number;
}

const PASS_THROUGH = [
  'payloadFormatIndicator',
  'contentType',
  'responseTopic',
  'correlationData',
  'userProperties',
] as const;

/**
 * Accepts a message into the broker: records it, updates the retained store and routes it.
 * Returns the message and how many sessions it was routed to.
 */
export function publishMessage(
  ctx: BrokerContext,
  input: PublishInput,
): { message: Message; routed: number } {
  const now = ctx.clock.now();
  const properties: PassThroughProperties = {};
  for (const key of PASS_THROUGH) {
    const value = (input.properties as Record<string, unknown> | undefined)?.[key];
    if (value !== undefined) (properties as Record<string, unknown>)[key] = value;
  }
  const message: Message = {
    id: ctx.nextMessageId(),
    topic: input.topic,
    payload: input.payload,
    qos: input.qos,
    retain: input.retain,
    publisher: input.publisher,
    publishedAt: now,
    ...(input.messageExpiry ? { expiresAt: addMs(now, input.messageExpiry * 1000) } : {}),
    ...(Object.keys(properties).length ? { properties } : {}),
  };
  ctx.stats.published++;
  ctx.emit({
    type: 'message.published',
    msgId: message.id,
    clientId: input.publisher,
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    payload: message.payload,
    ...(input.messageExpiry ? { messageExpiry: input.messageExpiry } : {}),
    ...(input.will ? { will: true } : {}),
    ...(input.topicAlias === undefined ? {} : { topicAlias: input.topicAlias }),
  });
  if (message.retain) retain(ctx, message);
  return { message, routed: route(ctx, message) };
}

/** Retained messages: the newest per topic; an empty payload clears the topic [MQTT-3.3.1-10, 3.1.1] [MQTT-3.3.1-6, 5.0]. */
function retain(ctx: BrokerContext, message: Message): void {
  if (message.payload.length === 0) {
    if (ctx.retained.delete(message.topic)) {
      ctx.emit({ type: 'retained.cleared', topic: message.topic });
    }
    return;
  }
  if (!ctx.retained.has(message.topic) && ctx.retained.size >= ctx.profile.retainedLimit) {
    // The message is still routed; only keeping it as the topic's retained message is refused.
    limitReached(ctx, 'retained', ctx.retained.size + 1, ctx.profile.retainedLimit);
    return;
  }
  ctx.retained.set(message.topic, message);
  ctx.emit({ type: 'retained.set', topic: message.topic, msgId: message.id });
}
