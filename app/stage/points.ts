import type { Waypoint } from './flights';
import { slotX, slotY, type StageLayout } from './layout';

export interface Point {
  x: number;
  y: number;
}

/**
 * Where a waypoint is on this layout; undefined for a client that is not drawn (a token to or
 * from it goes from or to the router's top instead). `held` is how many messages the client's
 * queue shows, so a stored message lands right behind the last of them.
 */
export function pointOf(
  w: Waypoint,
  layout: StageLayout,
  held: (id: string) => number,
): Point | undefined {
  if (w.at === 'router') return { x: layout.spineX, y: layout.spineTop };
  const row = layout.rows.get(w.id);
  if (!row) return undefined;
  switch (w.at) {
    case 'node':
      return { x: row.nodeEdge, y: w.lane === 'in' ? row.inY : row.outY };
    case 'outer':
      return { x: row.boxOuter, y: w.lane === 'in' ? row.inY : row.outY };
    case 'spine':
      return { x: layout.spineX, y: w.lane === 'in' ? row.inY : row.outY };
    case 'inner':
      return { x: row.boxInner - row.queue.dir * 6 * layout.scale, y: row.outY };
    case 'head':
      return { x: slotX(row, 0), y: row.outY };
    case 'tail': {
      const i = Math.min(held(w.id), row.queue.capacity - 1);
      return { x: slotX(row, i), y: slotY(row, i) };
    }
    case 'below':
      return {
        x: row.session.x + row.session.w / 2,
        y: row.session.y + row.session.h + 26 * layout.scale,
      };
  }
}

/**
 * A route's points on this layout: waypoints of clients that are not drawn are left out, and
 * a route that starts or ends at one begins or ends at the router's top.
 */
export function routePoints(
  route: readonly Waypoint[],
  layout: StageLayout,
  held: (id: string) => number,
): Point[] {
  const out: Point[] = [];
  for (const w of route) {
    const p = pointOf(w, layout, held);
    if (p) out.push(p);
    else if (out.length === 0) out.push({ x: layout.spineX, y: layout.spineTop });
  }
  if (out.length === 1) out.push({ x: layout.spineX, y: layout.spineTop });
  return out;
}

/** The point a fraction `t` (0..1) of the way along a polyline. */
export function along(points: readonly Point[], t: number): Point {
  if (points.length === 1) return points[0]!;
  let total = 0;
  for (let i = 1; i < points.length; i++) total += dist(points[i - 1]!, points[i]!);
  let left = Math.min(1, Math.max(0, t)) * total;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const d = dist(a, b);
    if (left <= d || i === points.length - 1) {
      const f = d === 0 ? 1 : Math.min(1, left / d);
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
    left -= d;
  }
  return points.at(-1)!;
}

const dist = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);
