import type { Delivery, Lane, Mark, MarkKind, TimelineModel } from './model';
import { LAYOUT, tickLabel, tickStep, toX, type TimeView } from './view';
import { drawSteps, type StepMark } from './drawSteps';

/** The part of CanvasRenderingContext2D the timeline uses (the SVG exporter implements it too). */
export interface Painter {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  setLineDash(segments: number[]): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, a0: number, a1: number): void;
  closePath(): void;
  stroke(): void;
  fill(): void;
  fillText(text: string, x: number, y: number): void;
}

export interface DrawOptions {
  width: number;
  height: number;
  view: TimeView;
  /** Lane order: the broker first, then clients. */
  lanes: string[];
  /** A lane's colour, by its name. */
  colour(lane: string): string;
  now: number;
  /** Time-travel cursor. */
  cursor: number | null;
  selected: number | null;
  /** Deliveries sent recently, with their progress (0..1) along the path, for the animation. */
  moving?: { d: Delivery; progress: number }[];
  /** The steps of the scenario on show, when there is one. */
  steps?: readonly StepMark[];
}

export const BROKER_LANE = '⟨broker⟩';
const MAX_PATHS = 4000;

const MARK_COLOUR: Record<MarkKind, string> = {
  connack: '#1a7f37',
  disconnect: '#57606a',
  drop: '#b42318',
  timeout: '#bc4c00',
  takeover: '#8250df',
  'protocol-error': '#b42318',
  expired: '#b42318',
  discarded: '#b42318',
  will: '#9a6700',
  'replay-start': '#1f4e79',
  'replay-end': '#1f4e79',
  limit: '#9a6700',
};

/** Where the axis's time labels stand when step numbers share the band (see drawSteps). */
export const AXIS_LOWER_BASELINE = LAYOUT.axis - 3;

export const laneY = (index: number) => LAYOUT.axis + index * LAYOUT.lane + LAYOUT.lane / 2;

/** Where a mark or a delivery end is, for hit testing (see `pickHit`). */
export interface Hit {
  x: number;
  y: number;
  seq: number;
  kind: 'mark' | 'end';
}

/** Draws the whole timeline; returns the clickable points it drew. */
export function drawTimeline(p: Painter, model: TimelineModel, o: DrawOptions): Hit[] {
  const hits: Hit[] = [];
  const { width, height, view } = o;
  const x = (t: number) => toX(view, width, t);
  const index = new Map(o.lanes.map((id, i) => [id, i]));
  p.globalAlpha = 1;
  p.setLineDash([]);
  p.fillStyle = '#ffffff';
  p.fillRect(0, 0, width, height);

  // Lanes and their labels.
  p.font = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
  p.textBaseline = 'middle';
  o.lanes.forEach((id, i) => {
    const top = LAYOUT.axis + i * LAYOUT.lane;
    p.fillStyle = i % 2 ? '#f6f8fa' : '#ffffff';
    p.fillRect(0, top, width, LAYOUT.lane);
    p.fillStyle = id === BROKER_LANE ? '#16324f' : o.colour(id);
    p.textAlign = 'left';
    p.fillText(id === BROKER_LANE ? 'broker' : laneLabel(id), 8, top + LAYOUT.lane / 2);
  });
  drawAxis(p, o);
  if (o.steps?.length) drawSteps(p, o.steps, o);

  // Spans, store levels and the expiry ahead, per client lane.
  for (const lane of model.lanes.values()) {
    const i = index.get(lane.id);
    if (i === undefined) continue;
    drawLane(p, lane, laneY(i), o, x);
  }

  drawMessages(p, model, o, x, index, hits);

  // Marks on top.
  for (const lane of model.lanes.values()) {
    const i = index.get(lane.id);
    if (i === undefined) continue;
    for (const m of lane.marks) {
      if (m.at < view.from || m.at > view.to) continue;
      drawMark(p, m, x(m.at), laneY(i), m.seq === o.selected);
      hits.push({ x: x(m.at), y: laneY(i), seq: m.seq, kind: 'mark' });
    }
  }

  drawMoving(p, o, x, index);

  // Now and the time-travel cursor.
  if (o.now >= view.from && o.now <= view.to) {
    p.strokeStyle = '#1f4e79';
    p.globalAlpha = 0.35;
    line(p, x(o.now), LAYOUT.axis, x(o.now), height);
    p.globalAlpha = 1;
  }
  if (o.cursor !== null) {
    p.strokeStyle = '#cf222e';
    p.lineWidth = 2;
    line(p, x(o.cursor), 0, x(o.cursor), height);
    p.lineWidth = 1;
  }
  return hits;
}

/**
 * Lines in one path per style, stroked once: a thousand messages cost a thousand segments of
 * one path, not a thousand strokes. A segment at the same pixels as the one before it in its
 * path (a burst's messages, one after another) is not drawn again.
 */
class Strokes {
  constructor(private readonly lineWidth = 1) {}

  private readonly paths = new Map<StrokeStyle, number[]>();
  private readonly styles = new Map<string, StrokeStyle>();

  /** The one style object for these values (paths are kept by style). */
  style(colour: string, alpha: number, dash?: number[]): StrokeStyle {
    const key = `${colour}|${alpha}|${dash ?? ''}`;
    let style = this.styles.get(key);
    if (!style) this.styles.set(key, (style = dash ? { colour, alpha, dash } : { colour, alpha }));
    return style;
  }

  add(style: StrokeStyle, x0: number, y0: number, x1: number, y1: number): void {
    let s = this.paths.get(style);
    if (!s) this.paths.set(style, (s = []));
    const n = s.length;
    if (
      n > 0 &&
      Math.round(s[n - 4]!) === Math.round(x0) &&
      Math.round(s[n - 2]!) === Math.round(x1) &&
      s[n - 3] === y0 &&
      s[n - 1] === y1
    )
      return;
    s.push(x0, y0, x1, y1);
  }

  draw(p: Painter): void {
    p.lineWidth = this.lineWidth;
    for (const [style, segments] of this.paths) {
      p.strokeStyle = style.colour;
      p.globalAlpha = style.alpha;
      p.setLineDash(style.dash ?? []);
      p.beginPath();
      for (let i = 0; i < segments.length; i += 4) {
        p.moveTo(segments[i]!, segments[i + 1]!);
        p.lineTo(segments[i + 2]!, segments[i + 3]!);
      }
      p.stroke();
    }
    p.setLineDash([]);
    p.globalAlpha = 1;
    p.lineWidth = 1;
  }
}

interface StrokeStyle {
  colour: string;
  alpha: number;
  dash?: number[];
}

/** Dots in one path per colour and size, filled once; one where the one before it is. */
class Dots {
  private readonly paths = new Map<string, { colour: string; r: number; at: number[] }>();

  add(colour: string, r: number, x: number, y: number): void {
    const key = `${colour}|${r}`;
    let path = this.paths.get(key);
    if (!path) this.paths.set(key, (path = { colour, r, at: [] }));
    const a = path.at;
    const n = a.length;
    if (n > 0 && Math.round(a[n - 2]!) === Math.round(x) && Math.round(a[n - 1]!) === Math.round(y))
      return;
    a.push(x, y);
  }

  draw(p: Painter): void {
    p.globalAlpha = 1;
    for (const { colour, r, at } of this.paths.values()) {
      p.fillStyle = colour;
      p.beginPath();
      for (let i = 0; i < at.length; i += 2) {
        p.moveTo(at[i]! + r, at[i + 1]!);
        p.arc(at[i]!, at[i + 1]!, r, 0, Math.PI * 2);
      }
      p.fill();
    }
  }
}

/**
 * The deliveries in the window, newest first, at most MAX_PATHS of them, and how many there are
 * (counted up to MAX_PATHS + 1): the log is walked back from its end only as far as needed.
 */
function visibleDeliveries(model: TimelineModel, o: DrawOptions): Delivery[] {
  const { view } = o;
  const out: Delivery[] = [];
  const all = model.deliveries;
  for (let i = all.length - 1; i >= 0 && out.length < MAX_PATHS; i--) {
    const d = all[i]!;
    const end = d.sentAt ?? d.droppedAt ?? o.now;
    if (end >= view.from && d.publishedAt <= view.to) out.push(d);
  }
  return out.reverse();
}

/** Messages: publisher → broker at publish time, broker → subscriber when sent (or dropped). */
function drawMessages(
  p: Painter,
  model: TimelineModel,
  o: DrawOptions,
  x: (t: number) => number,
  index: Map<string, number>,
  hits: Hit[],
): void {
  const brokerY = laneY(0);
  const visible = visibleDeliveries(model, o);
  const dense = visible.length > 600;
  const alpha = dense ? 0.25 : 0.7;
  const strokes = new Strokes();
  const dots = new Dots();
  const crosses = new Strokes(2);
  const grey = strokes.style('#8c959f', alpha);
  const red = crosses.style('#d1242f', 1);
  // Per subscriber: its colour and its line styles, looked up once.
  const looks = new Map<string, { colour: string; sent: StrokeStyle; stored: StrokeStyle }>();
  const lookOf = (clientId: string) => {
    let look = looks.get(clientId);
    if (!look) {
      const colour = o.colour(clientId);
      look = {
        colour,
        sent: strokes.style(colour, alpha),
        stored: strokes.style(colour, alpha, STORED_DASH),
      };
      looks.set(clientId, look);
    }
    return look;
  };
  const resent = strokes.style('#8250df', alpha);
  const dropped = strokes.style('#d1242f', alpha, DROPPED_DASH);
  const labels: { text: string; x: number; y: number }[] = [];
  for (const d of visible) {
    const li = index.get(d.lane);
    if (li === undefined) continue;
    const y = laneY(li);
    const pubLane = index.get(d.publisherLane);
    const x0 = x(d.publishedAt);
    if (pubLane !== undefined) strokes.add(grey, x0, laneY(pubLane), x0, brokerY);
    const end = d.sentAt ?? d.droppedAt;
    const look = lookOf(d.lane);
    if (end === undefined) {
      // Still stored: a line along the broker lane to now.
      strokes.add(look.stored, x0, brokerY + 4, x(Math.min(o.now, o.view.to)), brokerY + 4);
      continue;
    }
    const isDropped = d.sentAt === undefined;
    const xe = x(end);
    strokes.add(isDropped ? dropped : d.resent ? resent : look.sent, x0, brokerY, xe, y);
    if (isDropped) {
      crosses.add(red, xe - 4, y - 4, xe + 4, y + 4);
      crosses.add(red, xe - 4, y + 4, xe + 4, y - 4);
      if (d.dropSeq !== undefined) hits.push({ x: xe, y, seq: d.dropSeq, kind: 'end' });
      // Few enough to read: each dropped message says why.
      if (visible.length <= 150 && d.dropReason)
        labels.push({ text: d.dropReason, x: xe + 6, y: y + 10 });
    } else {
      dots.add(d.resent ? '#8250df' : look.colour, dense ? 1.5 : 2.5, xe, y);
      if (d.sentSeq !== undefined) hits.push({ x: xe, y, seq: d.sentSeq, kind: 'end' });
    }
  }
  strokes.draw(p);
  crosses.draw(p);
  dots.draw(p);
  p.fillStyle = '#b42318';
  p.font = '10px system-ui, sans-serif';
  p.textAlign = 'left';
  for (const l of labels) p.fillText(l.text, l.x, l.y);
}

const STORED_DASH = [3, 3];
const DROPPED_DASH = [2, 3];

/** Messages on their way now: dots along their path, in one path per colour. */
function drawMoving(
  p: Painter,
  o: DrawOptions,
  x: (t: number) => number,
  index: Map<string, number>,
): void {
  const brokerY = laneY(0);
  const dots = new Dots();
  const fading: { x: number; y: number; alpha: number }[] = [];
  for (const { d, progress } of o.moving ?? []) {
    const li = index.get(d.lane);
    if (li === undefined) continue;
    const y1 = laneY(li);
    const x0 = x(d.publishedAt);
    if (d.sentAt === undefined) {
      // Dropped: the message falls out of the broker past its subscriber's lane, and fades.
      const xd = x(d.droppedAt ?? d.publishedAt);
      fading.push({
        x: xd,
        y: brokerY + (y1 - brokerY + LAYOUT.lane) * progress,
        alpha: 1 - progress,
      });
      continue;
    }
    const colour = d.resent ? '#8250df' : o.colour(d.lane);
    const pub = index.get(d.publisherLane);
    const live = d.storedAt === undefined && pub !== undefined;
    if (live && progress < 0.5) {
      // A live message: first from its publisher up (or down) to the broker…
      dots.add(colour, 4, x0, laneY(pub) + (brokerY - laneY(pub)) * (progress * 2));
      continue;
    }
    // …then, or straight out of the store on resume, from the broker to the subscriber.
    const t = live ? (progress - 0.5) * 2 : progress;
    const xs = x(d.sentAt);
    dots.add(colour, 4, x0 + (xs - x0) * t, brokerY + (y1 - brokerY) * t);
  }
  dots.draw(p);
  for (const f of fading) {
    p.globalAlpha = f.alpha;
    dot(p, f.x, f.y, 4, '#d1242f');
  }
  p.globalAlpha = 1;
}

function drawAxis(p: Painter, o: DrawOptions): void {
  const { width, view } = o;
  const step = tickStep(view, width);
  p.fillStyle = '#eef1f4';
  p.fillRect(0, 0, width, LAYOUT.axis);
  p.font = '11px system-ui, sans-serif';
  p.textAlign = 'center';
  p.textBaseline = 'middle';
  p.strokeStyle = '#d5dbe1';
  p.lineWidth = 1;
  // With a scenario's steps, their numbers take the band's upper half and the times its lower.
  const labelY = o.steps?.length ? AXIS_LOWER_BASELINE : LAYOUT.axis / 2;
  if (o.steps?.length) p.textBaseline = 'alphabetic';
  const first = Math.ceil(view.from / step) * step;
  for (let t = first; t <= view.to; t += step) {
    const xt = toX(view, width, t);
    if (xt < LAYOUT.gutter) continue;
    line(p, xt, LAYOUT.axis - 5, xt, o.height);
    p.fillStyle = '#57606a';
    p.fillText(tickLabel(t, step), xt, labelY);
  }
}

function drawLane(
  p: Painter,
  lane: Lane,
  y: number,
  o: DrawOptions,
  x: (t: number) => number,
): void {
  const { view } = o;
  for (const s of lane.spans) {
    const to = s.to ?? o.now;
    if (to < view.from || s.from > view.to) continue;
    const x0 = Math.max(x(s.from), LAYOUT.gutter);
    const x1 = Math.min(x(to), o.width);
    if (s.kind === 'connected') {
      p.fillStyle = '#4ac26b';
      p.fillRect(x0, y - 4, Math.max(1, x1 - x0), 8);
    } else {
      p.fillStyle = '#f2cc60';
      p.globalAlpha = 0.55;
      p.fillRect(x0, y - 4, Math.max(1, x1 - x0), 8);
      p.globalAlpha = 1;
    }
  }
  // The store: a band whose height follows the messages waiting in it, drawn per pixel
  // column (the highest level in it), so a store that changed a hundred thousand times costs
  // no more than the window is wide.
  if (lane.store.length) {
    // The band's scale is the most this store held (spreading a long run into Math.max
    // would also overflow the stack).
    const max = Math.max(lane.storePeak, 1);
    const h = LAYOUT.lane / 2 - 4;
    p.fillStyle = o.colour(lane.id);
    p.globalAlpha = 0.28;
    const steps = lane.store;
    // The first step that lasts into the window.
    let lo = 0;
    let hi = steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (steps[mid]!.at < view.from) lo = mid + 1;
      else hi = mid;
    }
    const rect = (from: number, to: number, n: number) => {
      if (n <= 0) return;
      const bh = (n / max) * h;
      p.fillRect(from, y - 5 - bh, to - from, bh);
    };
    // The pixel column being gathered and the highest level in it.
    let column = -1;
    let columnMax = 0;
    const flush = () => {
      if (column >= 0) rect(column, column + 1, columnMax);
      column = -1;
      columnMax = 0;
    };
    const into = (c: number, n: number) => {
      if (c !== column) {
        flush();
        column = c;
      }
      columnMax = Math.max(columnMax, n);
    };
    for (let i = Math.max(0, lo - 1); i < steps.length; i++) {
      const s = steps[i]!;
      if (s.at > view.to) break;
      const next = steps[i + 1]?.at ?? o.now;
      if (next < view.from) continue;
      const a = Math.floor(Math.max(x(s.at), LAYOUT.gutter));
      const b = Math.floor(Math.min(x(next), o.width));
      into(a, s.n);
      if (b > a) {
        // Wider than its first column: the columns it fills whole, then its last one.
        flush();
        if (b > a + 1) rect(a + 1, b, s.n);
        into(b, s.n);
      }
    }
    flush();
    p.globalAlpha = 1;
  }
  if (lane.expiry) {
    p.setLineDash([4, 3]);
    p.strokeStyle = '#b42318';
    for (const [t, label] of [
      [lane.expiry.nominal, 'expiry (nominal)'],
      [lane.expiry.actual, lane.expiry.actual > lane.expiry.nominal ? 'expiry (actual)' : ''],
    ] as const) {
      if (!label || t < view.from || t > view.to) continue;
      line(p, x(t), y - LAYOUT.lane / 2 + 3, x(t), y + LAYOUT.lane / 2 - 3);
      p.fillStyle = '#b42318';
      p.font = '10px system-ui, sans-serif';
      p.textAlign = 'left';
      p.fillText(label, x(t) + 3, y + 12);
    }
    p.setLineDash([]);
  }
}

/** Draws a mark as the lanes show it (the exported picture's legend draws them too). */
export function drawMark(
  p: Painter,
  m: Pick<Mark, 'kind' | 'label'>,
  xm: number,
  y: number,
  selected: boolean,
): void {
  const c = MARK_COLOUR[m.kind];
  if (selected) {
    p.strokeStyle = '#cf222e';
    p.lineWidth = 2;
    p.beginPath();
    p.arc(xm, y, 9, 0, Math.PI * 2);
    p.stroke();
    p.lineWidth = 1;
  }
  switch (m.kind) {
    case 'connack': {
      // Filled when sessionPresent=1, hollow when 0.
      p.beginPath();
      p.moveTo(xm, y - 7);
      p.lineTo(xm + 6, y + 5);
      p.lineTo(xm - 6, y + 5);
      p.closePath();
      p.fillStyle = m.label.endsWith('=1') ? c : '#ffffff';
      p.fill();
      p.strokeStyle = c;
      p.stroke();
      break;
    }
    case 'drop':
    case 'protocol-error':
      cross(p, xm, y, 6, c);
      break;
    case 'expired':
    case 'discarded':
      p.fillStyle = c;
      p.fillRect(xm - 1.5, y - 10, 3, 20);
      break;
    case 'replay-start':
    case 'replay-end':
      p.strokeStyle = c;
      line(p, xm, y - 10, xm, y + 10);
      break;
    default:
      p.fillStyle = c;
      p.fillRect(xm - 4, y - 4, 8, 8);
  }
}

function line(p: Painter, x0: number, y0: number, x1: number, y1: number): void {
  p.beginPath();
  p.moveTo(x0, y0);
  p.lineTo(x1, y1);
  p.stroke();
}

function dot(p: Painter, x: number, y: number, r: number, colour: string): void {
  p.fillStyle = colour;
  p.beginPath();
  p.arc(x, y, r, 0, Math.PI * 2);
  p.fill();
}

function cross(p: Painter, x: number, y: number, r: number, colour: string): void {
  p.strokeStyle = colour;
  p.lineWidth = 2;
  line(p, x - r, y - r, x + r, y + r);
  line(p, x - r, y + r, x + r, y - r);
  p.lineWidth = 1;
}

/**
 * A lane's label: a long client id keeps its end. Ids that share a start (a remote run's prefix
 * and tag, `sensor-kitchen-…`) differ at the end, and clipped there they would read the same.
 */
export const laneLabel = (id: string, n = 11) => (id.length > n ? `…${id.slice(1 - n)}` : id);
