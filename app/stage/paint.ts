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

export function font(p: StagePainter, size: number, weight = 400): void {
  p.font = `${weight} ${Math.round(size)}px ${FONT}`;
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
  if (p.measureText(t).width > maxWidth) {
    while (t.length > 1 && p.measureText(`${t}…`).width > maxWidth) t = t.slice(0, -1);
    t = `${t}…`;
  }
  p.fillText(t, x, y);
  return p.measureText(t).width;
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
  const w = p.measureText(label).width + size;
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
