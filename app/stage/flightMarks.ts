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
 * where. Pure: the drawing only paints what this says.
 */
export function flightMarks(
  flights: readonly { flight: Flight; progress: number }[],
  layout: StageLayout,
  held: (id: string) => number,
  measure: MeasureWord,
): FlightMark[] {
  const s = layout.scale;
  const t = tokenSize(s);
  // One label for a stream of like tokens close together, not one each.
  const labelled: { label: string; x: number; y: number }[] = [];
  const crowded = (label: string, x: number, y: number) =>
    labelled.some((l) => l.label === label && Math.hypot(l.x - x, l.y - y) < 60 * s);
  const marks: FlightMark[] = [];
  for (const { flight, progress } of flights) {
    const at = along(routePoints(flight.route, layout, held), progress);
    if (isPill(flight)) {
      const w = measure(flight.label ?? '', 'pill') + 10 * s;
      const h = PILL_H * s;
      marks.push({ flight, progress, at, size: w, label: { x: at.x, y: at.y - h / 2, w, h } });
      continue;
    }
    const size = flight.count > 1 ? t * 1.25 : t;
    const mark: FlightMark = { flight, progress, at, size };
    if (flight.label && !crowded(flight.label, at.x, at.y)) {
      labelled.push({ label: flight.label, x: at.x, y: at.y });
      const w = Math.min(measure(flight.label, 'label'), 160 * s);
      const h = LABEL_H * s;
      mark.label = { x: at.x - w / 2, y: at.y - size / 2 - 2 * s - h, w, h };
    }
    marks.push(mark);
  }
  return marks;
}
