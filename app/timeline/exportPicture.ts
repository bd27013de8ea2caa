import { formatClock } from '../format/time';
import { drawMark, drawTimeline, type DrawOptions, type Painter } from './draw';
import type { TimelineModel } from './model';
import { LAYOUT } from './view';

/** What the exported picture says about itself, above the lanes. */
export interface PictureHeading {
  /** The picture's title: the scenario's, or the playground's. */
  title: string;
  /** The broker profile, and how many of its figures were changed. */
  profile: string;
}

export type PictureOptions = Omit<DrawOptions, 'height'> & PictureHeading;

const HEADER = 58;
const LEGEND_LINE = 20;
const PAD = 14;
const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';
/** An estimate of a character's width at 11 px (the painter has no measureText). */
const CHAR = 6.2;

/** The size of the picture for `lanes` lanes, `width` wide. */
export function pictureSize(lanes: number, width: number): { width: number; height: number } {
  const body = LAYOUT.axis + lanes * LAYOUT.lane + 4;
  return { width, height: HEADER + body + legendHeight(width) + PAD };
}

/**
 * The timeline as a picture that stands alone: a title, the broker profile, the window of
 * simulated time it shows, the lanes, and a legend of what the marks and lines mean.
 */
export function drawPicture(p: Painter, model: TimelineModel, o: PictureOptions): void {
  const { width, height } = pictureSize(o.lanes.length, o.width);
  const body = height - HEADER - legendHeight(width) - PAD;
  p.globalAlpha = 1;
  p.setLineDash([]);
  p.fillStyle = '#ffffff';
  p.fillRect(0, 0, width, height);
  p.textAlign = 'left';
  p.textBaseline = 'alphabetic';
  p.fillStyle = '#16324f';
  p.font = `600 16px ${FONT}`;
  p.fillText(o.title, PAD, 24);
  p.fillStyle = '#57606a';
  p.font = `12px ${FONT}`;
  const lanes = o.lanes.length - 1;
  p.fillText(
    `Broker: ${o.profile} · simulated time ${formatClock(o.view.from)} – ${formatClock(o.view.to)} · ${lanes} client lane${lanes === 1 ? '' : 's'} · MQTT Session Lab`,
    PAD,
    44,
  );
  drawTimeline(new Shifted(p, HEADER), model, { ...o, height: body });
  drawLegend(p, HEADER + body + 8, width);
}

type Key = { label: string; draw(p: Painter, x: number, y: number): void };

const bar =
  (colour: string, alpha = 1) =>
  (p: Painter, x: number, y: number) => {
    p.globalAlpha = alpha;
    p.fillStyle = colour;
    p.fillRect(x, y - 4, 16, 8);
    p.globalAlpha = 1;
  };
const path =
  (colour: string, dash: number[] = [], width = 1.5) =>
  (p: Painter, x: number, y: number) => {
    p.strokeStyle = colour;
    p.lineWidth = width;
    p.setLineDash(dash);
    p.beginPath();
    p.moveTo(x, y + 5);
    p.lineTo(x + 16, y - 5);
    p.stroke();
    p.setLineDash([]);
    p.lineWidth = 1;
  };
const mark =
  (kind: Parameters<typeof drawMark>[1]['kind'], label = '') =>
  (p: Painter, x: number, y: number) =>
    drawMark(p, { kind, label }, x + 8, y, false);

/** The keys, in the order they are read. */
const KEYS: Key[] = [
  { label: 'connected', draw: bar('#4ac26b') },
  { label: 'away, session kept', draw: bar('#f2cc60', 0.55) },
  { label: "stored messages (height; the client's colour)", draw: bar('#2f6db5', 0.28) },
  { label: 'CONNACK sessionPresent=0', draw: mark('connack', 'sessionPresent=0') },
  { label: 'CONNACK sessionPresent=1', draw: mark('connack', 'sessionPresent=1') },
  { label: 'DISCONNECT', draw: mark('disconnect') },
  { label: 'connection dropped', draw: mark('drop') },
  { label: 'keep-alive timeout', draw: mark('timeout') },
  { label: 'taken over', draw: mark('takeover') },
  { label: 'Will sent', draw: mark('will') },
  { label: 'replay start / end', draw: mark('replay-start') },
  { label: 'session expired', draw: mark('expired') },
  { label: 'published (to the broker)', draw: path('#8c959f', [], 1) },
  { label: 'sent to the subscriber', draw: path('#2f6db5') },
  { label: 'sent again', draw: path('#8250df') },
  { label: 'dropped', draw: path('#d1242f', [2, 3]) },
];

const keyWidth = (k: Key) => 16 + 6 + k.label.length * CHAR + 18;

/** The keys laid out in lines across the width: [x, line] of each. */
function legendLayout(width: number): [number, number][] {
  let x = PAD;
  let line = 0;
  return KEYS.map((k) => {
    if (x + keyWidth(k) > width - PAD && x > PAD) {
      x = PAD;
      line++;
    }
    const at: [number, number] = [x, line];
    x += keyWidth(k);
    return at;
  });
}

function legendHeight(width: number): number {
  const lines = Math.max(...legendLayout(width).map(([, line]) => line)) + 1;
  return lines * LEGEND_LINE + 8;
}

function drawLegend(p: Painter, top: number, width: number): void {
  p.fillStyle = '#d5dbe1';
  p.fillRect(PAD, top - 4, width - 2 * PAD, 1);
  const layout = legendLayout(width);
  KEYS.forEach((k, i) => {
    const [x, line] = layout[i]!;
    const y = top + 8 + line * LEGEND_LINE;
    k.draw(p, x, y);
    p.globalAlpha = 1;
    p.fillStyle = '#424a53';
    p.font = `11px ${FONT}`;
    p.textAlign = 'left';
    p.textBaseline = 'middle';
    p.fillText(k.label, x + 22, y);
  });
}

/** A painter that draws `dy` lower: the lanes under the picture's heading. */
class Shifted implements Painter {
  constructor(
    private readonly p: Painter,
    private readonly dy: number,
  ) {}
  get fillStyle() {
    return this.p.fillStyle;
  }
  set fillStyle(v) {
    this.p.fillStyle = v;
  }
  get strokeStyle() {
    return this.p.strokeStyle;
  }
  set strokeStyle(v) {
    this.p.strokeStyle = v;
  }
  get lineWidth() {
    return this.p.lineWidth;
  }
  set lineWidth(v) {
    this.p.lineWidth = v;
  }
  get globalAlpha() {
    return this.p.globalAlpha;
  }
  set globalAlpha(v) {
    this.p.globalAlpha = v;
  }
  get font() {
    return this.p.font;
  }
  set font(v) {
    this.p.font = v;
  }
  get textAlign() {
    return this.p.textAlign;
  }
  set textAlign(v) {
    this.p.textAlign = v;
  }
  get textBaseline() {
    return this.p.textBaseline;
  }
  set textBaseline(v) {
    this.p.textBaseline = v;
  }
  setLineDash(segments: number[]): void {
    this.p.setLineDash(segments);
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this.p.fillRect(x, y + this.dy, w, h);
  }
  beginPath(): void {
    this.p.beginPath();
  }
  moveTo(x: number, y: number): void {
    this.p.moveTo(x, y + this.dy);
  }
  lineTo(x: number, y: number): void {
    this.p.lineTo(x, y + this.dy);
  }
  arc(x: number, y: number, r: number, a0: number, a1: number): void {
    this.p.arc(x, y + this.dy, r, a0, a1);
  }
  closePath(): void {
    this.p.closePath();
  }
  stroke(): void {
    this.p.stroke();
  }
  fill(): void {
    this.p.fill();
  }
  fillText(text: string, x: number, y: number): void {
    this.p.fillText(text, x, y + this.dy);
  }
}
