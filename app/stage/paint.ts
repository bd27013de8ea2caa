import type { Rect } from './layout';

/** The part of CanvasRenderingContext2D the stage draws with. */
export type StagePainter = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'globalAlpha'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'setLineDash'
  | 'fillRect'
  | 'strokeRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'roundRect'
  | 'closePath'
  | 'stroke'
  | 'fill'
  | 'fillText'
  | 'measureText'
  | 'save'
  | 'restore'
>;

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

/**
 * The font last set on each painter by `font`: setting a canvas's font parses the string even
 * when it is the one already set, and the stage sets it a few times per token every frame.
 * `save`/`restore` bring back an older font behind this cache's back, so a drawing that uses
 * them calls `forgetFont` around them.
 */
const fontSet = new WeakMap<StagePainter, string>();

export function font(p: StagePainter, size: number, weight = 400): void {
  const value = `${weight} ${Math.round(size)}px ${FONT}`;
  if (fontSet.get(p) === value) return;
  fontSet.set(p, value);
  p.font = value;
}

/** The painter's font may have changed other than through `font` (a `restore`). */
export function forgetFont(p: StagePainter): void {
  fontSet.delete(p);
}

/** Text widths measured per painter, by font and text: labels repeat from frame to frame. */
const widths = new WeakMap<StagePainter, Map<string, number>>();
/** Past this many widths a painter's cache starts afresh (counts in labels make new texts). */
const WIDTHS_KEPT = 2_000;

/** The width of `value` in the painter's current font, measured once per font and text. */
export function measure(p: StagePainter, value: string): number {
  let m = widths.get(p);
  if (!m) widths.set(p, (m = new Map()));
  const key = `${fontSet.get(p) ?? p.font}\u0000${value}`;
  let w = m.get(key);
  if (w === undefined) {
    if (m.size >= WIDTHS_KEPT) m.clear();
    w = p.measureText(value).width;
    m.set(key, w);
  }
  return w;
}

export function text(
  p: StagePainter,
  value: string,
  x: number,
  y: number,
  maxWidth: number,
  align: CanvasTextAlign = 'left',
): number {
  p.textAlign = align;
  let t = value;
  let w = measure(p, t);
  if (w > maxWidth) {
    while (t.length > 1 && measure(p, `${t}…`) > maxWidth) t = t.slice(0, -1);
    t = `${t}…`;
    w = measure(p, t);
  }
  p.fillText(t, x, y);
  return w;
}

export function box(
  p: StagePainter,
  r: Rect,
  radius: number,
  fill: string,
  stroke?: string,
  width = 1,
) {
  p.beginPath();
  p.roundRect(r.x, r.y, r.w, r.h, radius);
  p.fillStyle = fill;
  p.fill();
  if (stroke) {
    p.strokeStyle = stroke;
    p.lineWidth = width;
    p.stroke();
  }
}

/** A rounded label: returns its width. */
export function pill(
  p: StagePainter,
  label: string,
  x: number,
  y: number,
  size: number,
  fg: string,
  bg: string,
  align: 'left' | 'right' = 'left',
): number {
  font(p, size, 600);
  const w = measure(p, label) + size;
  const h = size * 1.45;
  const left = align === 'left' ? x : x - w;
  box(p, { x: left, y: y - h / 2, w, h }, h / 2, bg);
  p.fillStyle = fg;
  p.textBaseline = 'middle';
  p.textAlign = 'left';
  p.fillText(label, left + size / 2, y + 0.5);
  return w;
}

export function token(
  p: StagePainter,
  x: number,
  y: number,
  size: number,
  colour: string,
  hollow: boolean,
): void {
  p.beginPath();
  p.roundRect(x - size / 2, y - size / 2, size, size, size * 0.28);
  if (hollow) {
    p.fillStyle = '#ffffff';
    p.fill();
    p.strokeStyle = colour;
    p.lineWidth = 2;
    p.stroke();
  } else {
    p.fillStyle = colour;
    p.fill();
  }
}
