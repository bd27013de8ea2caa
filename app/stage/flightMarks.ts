import type { Flight } from './flights';
import { tokenSize, type Rect, type StageLayout } from './layout';
import { along, routePoints, type Point } from './points';

/** Where one token in the air is drawn, and its words. */
export interface FlightMark {
  flight: Flight;
  progress: number;
  at: Point;
  /** Side of its token (a stack's is larger); a packet's pill is as wide as its word. */
  size: number;
  /** A packet's pill, or a message token's label above it; none when its words are not shown. */
  label?: Rect;
}

/** How wide a word is on the stage: in a pill (a packet) or as a token's label. */
export type MeasureWord = (word: string, as: 'pill' | 'label') => number;

/** Height of a packet's pill and of a token's label, at scale 1. */
export const PILL_H = 10 * 1.45;
export const LABEL_H = 10.5 * 1.2;

/** A packet (CONNECT, PUBACK, a Will...) travels as a pill with its name; a message as a token. */
export const isPill = (f: Flight) => f.kind === 'control' || f.kind === 'will';

/**
 * Where the tokens in the air are drawn at this frame and which of them show their words, and
 * where. In a burst several stacks travel the same wire at once (delivered, stored, dropped), and
 * their counts were drawn over each other ("×54×47"): a word goes where it covers no other, the
 * largest count first; a label that has no room at its token or a line above it is left out, and
 * so is a packet's word (its pill is drawn as a plain token). Pure: the drawing paints what this
 * says.
 */
export function flightMarks(
  flights: readonly { flight: Flight; progress: number }[],
  layout: StageLayout,
  held: (id: string) => number,
  measure: MeasureWord,
): FlightMark[] {
  const s = layout.scale;
  const t = tokenSize(s);
  const marks: FlightMark[] = flights.map(({ flight, progress }) => {
    const at = along(routePoints(flight.route, layout, held), progress);
    const size = isPill(flight) ? t : flight.count > 1 ? t * 1.25 : t;
    return { flight, progress, at, size };
  });
  const taken: Rect[] = [];
  const free = (r: Rect) => !taken.some((o) => overlap(o, r, 2 * s));
  // One label for a stream of like tokens close together, not one each.
  const named: FlightMark[] = [];
  const crowded = (m: FlightMark) =>
    named.some(
      (o) =>
        o.flight.label === m.flight.label && Math.hypot(o.at.x - m.at.x, o.at.y - m.at.y) < 60 * s,
    );
  // The largest count first; `sort` is stable, so like counts keep their order of departure.
  const byCount = marks
    .filter((m) => m.flight.label)
    .sort((a, b) => b.flight.count - a.flight.count);
  for (const m of byCount) {
    const { flight, at, size } = m;
    const label = flight.label!;
    if (isPill(flight)) {
      const w = measure(label, 'pill') + 10 * s;
      const h = PILL_H * s;
      const pill = { x: at.x, y: at.y - h / 2, w, h };
      if (free(pill)) taken.push((m.label = pill));
      continue;
    }
    if (crowded(m)) continue;
    const w = Math.min(measure(label, 'label'), 160 * s);
    const h = LABEL_H * s;
    const bottom = at.y - size / 2 - 2 * s;
    const place = [bottom - h, bottom - 2 * h]
      .map((y) => ({ x: at.x - w / 2, y, w, h }))
      .find(free);
    if (!place) continue;
    taken.push((m.label = place));
    named.push(m);
  }
  return marks;
}

const overlap = (a: Rect, b: Rect, pad: number) =>
  a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + pad && b.y < a.y + a.h + pad;
