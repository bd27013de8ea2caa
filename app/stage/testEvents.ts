import type { BrokerEventBody } from '../broker';

/** For the stage's tests: a client's QoS 1 (or 0) publish to t/x, as the broker reports it. */
export const publishedBody = (msgId: number, clientId = 'B', qos: 0 | 1 = 1): BrokerEventBody => ({
  type: 'message.published',
  msgId,
  clientId,
  topic: 't/x',
  qos,
  retain: false,
  payload: new Uint8Array(),
});
