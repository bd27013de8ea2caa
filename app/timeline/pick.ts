import type { Hit } from './draw';

/** How far from its centre a mark answers the pointer (marks are drawn about 12 px wide). */
const MARK_REACH = 9;
/** A message end is a dot of a few pixels. */
const END_REACH = 6;

/**
 * What a click at (x, y) on the timeline inspects: a mark or a message end, or undefined for
 * none (the click then travels in time). Marks win over message ends within their reach, the
 * nearest first: a CONNACK sits where the replayed messages end. A click again on what is
 * selected picks the next thing under the pointer, so marks drawn at one place (a CONNACK and
 * the replay's start) and the message ends under them can all be reached.
 */
export function pickHit(
  hits: readonly Hit[],
  x: number,
  y: number,
  selected: number | null,
): number | undefined {
  const near = hits
    .map((h, order) => ({ h, order, d: Math.hypot(h.x - x, h.y - y) }))
    .filter(({ h, d }) => d <= (h.kind === 'mark' ? MARK_REACH : END_REACH))
    .sort(
      (a, b) =>
        Number(a.h.kind === 'end') - Number(b.h.kind === 'end') || a.d - b.d || a.order - b.order,
    );
  if (near.length === 0) return undefined;
  const current = near.findIndex(({ h }) => h.seq === selected);
  return near[(current + 1) % near.length]!.h.seq;
}
