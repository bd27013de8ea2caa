import type { Painter } from './draw';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const n = (v: number) => Math.round(v * 10) / 10;

/**
 * Records what the timeline draws as SVG elements, so the same drawing code exports a
 * vector picture (the few operations the timeline uses, nothing more).
 */
export class SvgPainter implements Painter {
  fillStyle: Painter['fillStyle'] = '#000';
  strokeStyle: Painter['strokeStyle'] = '#000';
  lineWidth = 1;
  globalAlpha = 1;
  font = '12px sans-serif';
  textAlign: CanvasTextAlign = 'left';
  textBaseline: CanvasTextBaseline = 'alphabetic';
  private dash: number[] = [];
  private path: string[] = [];
  private readonly parts: string[] = [];

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  setLineDash(segments: number[]): void {
    this.dash = segments;
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this.parts.push(
      `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" ${this.paint('fill')}/>`,
    );
  }
  beginPath(): void {
    this.path = [];
  }
  moveTo(x: number, y: number): void {
    this.path.push(`M${n(x)} ${n(y)}`);
  }
  lineTo(x: number, y: number): void {
    this.path.push(`L${n(x)} ${n(y)}`);
  }
  arc(x: number, y: number, r: number): void {
    // The timeline only draws full circles.
    this.path.push(
      `M${n(x - r)} ${n(y)}a${n(r)} ${n(r)} 0 1 0 ${n(2 * r)} 0a${n(r)} ${n(r)} 0 1 0 ${n(-2 * r)} 0`,
    );
  }
  closePath(): void {
    this.path.push('Z');
  }
  stroke(): void {
    this.parts.push(`<path d="${this.path.join('')}" fill="none" ${this.paint('stroke')}/>`);
  }
  fill(): void {
    this.parts.push(`<path d="${this.path.join('')}" ${this.paint('fill')}/>`);
  }
  fillText(text: string, x: number, y: number): void {
    const anchor =
      this.textAlign === 'center'
        ? 'middle'
        : this.textAlign === 'right' || this.textAlign === 'end'
          ? 'end'
          : 'start';
    const baseline =
      this.textBaseline === 'middle'
        ? 'central'
        : this.textBaseline === 'top' || this.textBaseline === 'hanging'
          ? 'hanging'
          : 'alphabetic';
    this.parts.push(
      `<text x="${n(x)}" y="${n(y)}" text-anchor="${anchor}" dominant-baseline="${baseline}" style="font:${esc(this.font)}" ${this.paint('fill')}>${esc(text)}</text>`,
    );
  }

  /** The finished SVG document. */
  toString(): string {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}">${this.parts.join('')}</svg>`;
  }

  private paint(kind: 'fill' | 'stroke'): string {
    const colour = String(kind === 'fill' ? this.fillStyle : this.strokeStyle);
    const alpha = this.globalAlpha < 1 ? ` ${kind}-opacity="${this.globalAlpha}"` : '';
    if (kind === 'fill') return `fill="${esc(colour)}"${alpha}`;
    const dash = this.dash.length ? ` stroke-dasharray="${this.dash.join(' ')}"` : '';
    return `stroke="${esc(colour)}" stroke-width="${this.lineWidth}"${alpha}${dash}`;
  }
}
