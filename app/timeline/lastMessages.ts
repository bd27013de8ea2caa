import type { Delivery, Published, TimelineModel } from './model';

/** Deliveries looked through, from the newest, for the listed messages' sends. */
const DELIVERIES_SCANNED = 2000;

/** A published message and the sends of it that reached the wire, in order. */
export interface ListedMessage {
  p: Published;
  sent: Delivery[];
}

/**
 * The last `count` messages published and where each was sent: the canvas's message ends as a
 * list, so keyboard and screen-reader users can reach them too.
 */
export function lastMessages(model: TimelineModel, count: number): ListedMessage[] {
  const shown = [...model.published.values()].slice(-count);
  const sends = new Map<number, Delivery[]>(shown.map((p) => [p.msgId, []]));
  const ds = model.deliveries;
  for (let i = ds.length - 1; i >= Math.max(0, ds.length - DELIVERIES_SCANNED); i--) {
    const d = ds[i]!;
    if (d.sentSeq !== undefined) sends.get(d.msgId)?.unshift(d);
  }
  return shown.map((p) => ({ p, sent: sends.get(p.msgId) ?? [] }));
}
