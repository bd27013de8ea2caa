import type { BrokerEvent, EventOf } from '../broker';

/** A PUBLISH the broker wrote to a client: a first send or a resend. */
export type Sent = EventOf<'message.sent'> | EventOf<'message.resent'>;

const text = new TextDecoder();

/** Every published message's payload as text, by message id. */
export function payloadsById(events: readonly BrokerEvent[]): Map<number, string> {
  const payloads = new Map<number, string>();
  for (const e of events) {
    if (e.type === 'message.published') payloads.set(e.msgId, text.decode(e.payload));
  }
  return payloads;
}

/**
 * What the broker sent one client id, in order, resends included: the payloads it received,
 * and the events that say so. The one reading of "A receives" that expectations, comparisons
 * and recordings share.
 */
export function sentTo(
  events: readonly BrokerEvent[],
  clientId: string | undefined,
  payloads: ReadonlyMap<number, string> = payloadsById(events),
): { events: Sent[]; payloads: string[] } {
  const sent = events.filter(
    (e): e is Sent =>
      (e.type === 'message.sent' || e.type === 'message.resent') && e.clientId === clientId,
  );
  return { events: sent, payloads: sent.map((e) => payloads.get(e.msgId) ?? `m#${e.msgId}`) };
}

/** `3 queue-full, 1 expired`: how many of each, in the order first seen. */
export function countBy(list: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const k of list) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}
