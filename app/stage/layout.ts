/** Where everything sits on the stage, in CSS pixels. Pure: the same inputs give the same places. */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Side = 'left' | 'right';

/** One client's row: its node, the wire, and its session's box inside the broker. */
export interface RowLayout {
  id: string;
  side: Side;
  node: Rect;
  session: Rect;
  /** The lane from the client to the broker's router (PUBLISH, CONNECT, PUBACK...). */
  inY: number;
  /** The lane from the session's store to the client (deliveries, CONNACK...). */
  outY: number;
  /** x of the node's edge that faces the broker, and of the session box's outer edge. */
  nodeEdge: number;
  boxOuter: number;
  /** x of the box's inner edge, against the router. */
  boxInner: number;
  /**
   * The queue's slots, from its head (outer end of the bottom line, next out) inwards, then
   * line by line upwards: a tall box holds its store as a stack that fills.
   */
  queue: {
    head: number;
    dir: 1 | -1;
    slot: number;
    perLine: number;
    lines: number;
    capacity: number;
    y: number;
  };
  /** A short row: details are left out. */
  compact: boolean;
}

export interface StageLayout {
  width: number;
  height: number;
  /** Type and token sizes grow with the stage (a projector, presenter mode). */
  scale: number;
  broker: Rect;
  /** The router's spine: every message passes through it on its way to the sessions. */
  spineX: number;
  spineTop: number;
  spineBottom: number;
  rows: Map<string, RowLayout>;
  /** Clients that did not fit, gathered in one line at the bottom. */
  hidden: string[];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The shortest row that still shows a node and a queue. */
export const MIN_ROW = 58;

/**
 * Lays out the stage: clients alternate left and right of the broker, one row per pair, each
 * row's session box on its client's side of the router. Rows that do not fit are counted in
 * `hidden` instead of being squeezed past reading.
 */
export function layoutStage(
  width: number,
  height: number,
  ids: readonly string[],
  /** Larger type for the same space (presenter mode): 1 is the playground's. */
  zoom = 1,
): StageLayout {
  const scale = clamp(Math.min(width / 1180, height / 440) * zoom, 0.75, 2);
  const margin = 12 * scale;
  const nodeW = clamp(width * 0.185, 120, 260 * scale);
  const wireGap = clamp(width * 0.035, 24, 70 * scale);
  const titleH = 30 * scale;
  const broker: Rect = {
    x: margin + nodeW + wireGap,
    y: margin,
    w: width - 2 * (margin + nodeW + wireGap),
    h: height - 2 * margin,
  };
  const spineX = broker.x + broker.w / 2;
  const legendH = 24 * scale;
  const top0 = broker.y + titleH;
  const avail = broker.y + broker.h - top0 - legendH;
  const fits = Math.max(1, Math.floor(avail / (MIN_ROW * scale)));
  const wanted = Math.ceil(ids.length / 2);
  // With rows left over, the last one says how many clients are not drawn.
  const rowsShown = wanted <= fits ? wanted : Math.max(1, fits - 1);
  const shown = ids.slice(0, Math.min(ids.length, rowsShown * 2));
  const hidden = ids.slice(shown.length);
  const rowH = Math.min(avail / Math.max(1, rowsShown + (hidden.length ? 0.6 : 0)), 230 * scale);
  // A few rows sit in the middle of the broker rather than at its top.
  const top = top0 + Math.max(0, (avail - rowH * (rowsShown + (hidden.length ? 0.6 : 0))) / 2);
  const gap = clamp(rowH * 0.12, 6, 16 * scale);
  const pad = 10 * scale;
  const token = tokenSize(scale);
  const rows = new Map<string, RowLayout>();
  shown.forEach((id, i) => {
    const side: Side = i % 2 === 0 ? 'left' : 'right';
    const y = top + Math.floor(i / 2) * rowH;
    const h = rowH - gap;
    const compact = h < 84 * scale;
    const node: Rect = {
      x: side === 'left' ? margin : width - margin - nodeW,
      y,
      w: nodeW,
      h,
    };
    const boxX = side === 'left' ? broker.x + pad : spineX + pad;
    const session: Rect = { x: boxX, y, w: spineX - broker.x - 2 * pad, h };
    const boxOuter = side === 'left' ? session.x : session.x + session.w;
    const boxInner = side === 'left' ? session.x + session.w : session.x;
    const dir = side === 'left' ? 1 : -1;
    const inY = y + 9 * scale;
    const outY = y + h - token / 2 - 7 * scale;
    const slot = token + 3 * scale;
    const usable = session.w - 16 * scale;
    const perLine = Math.max(3, Math.floor(usable / slot));
    // Lines of tokens above the bottom one, in what the header (title, subscriptions, expiry)
    // leaves of the box.
    const lines = compact ? 1 : Math.max(1, 1 + Math.floor((h - HEADER * scale - slot) / slot));
    rows.set(id, {
      id,
      side,
      node,
      session,
      inY,
      outY,
      nodeEdge: side === 'left' ? node.x + node.w : node.x,
      boxOuter,
      boxInner,
      queue: {
        head: boxOuter + dir * (8 * scale + token / 2),
        dir,
        slot,
        perLine,
        lines,
        capacity: perLine * lines,
        y: outY,
      },
      compact,
    });
  });
  return {
    width,
    height,
    scale,
    broker,
    spineX,
    spineTop: top0 - 2 * scale,
    spineBottom: broker.y + broker.h - legendH,
    rows,
    hidden,
  };
}

/** A message token's side, in CSS pixels. */
export const tokenSize = (scale: number) => Math.round(12 * scale);

/** Height of a session box's header (title, subscriptions, expiry or replay), unscaled. */
const HEADER = 84;

/** The centre of a queue's slot `i` (0 is the head, the next to go out). */
export function slotX(row: RowLayout, i: number): number {
  return row.queue.head + row.queue.dir * (i % row.queue.perLine) * row.queue.slot;
}

export function slotY(row: RowLayout, i: number): number {
  return row.queue.y - Math.floor(i / row.queue.perLine) * row.queue.slot;
}
