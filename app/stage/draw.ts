import type { Flight } from './flights';
import type { Rect, StageLayout } from './layout';
import { drawFlights } from './drawFlights';
import { drawNode, drawWire } from './drawNode';
import { drawSession } from './drawSession';
import { LEGEND, LINE, MUTED, INK } from './palette';
import { box, font, forgetFont, measure, text, token, type StagePainter } from './paint';
import type { Scene } from './scene';

export type { StagePainter } from './paint';

export interface StageDrawOptions {
  layout: StageLayout;
  scene: Scene;
  flights: readonly { flight: Flight; progress: number }[];
  /** Messages still flying into a session's queue (not drawn in it yet). */
  arriving(id: string): ReadonlySet<number>;
  /** A CONNACK still flying to this client: its sessionPresent badge is not shown yet. */
  connackAhead?(id: string): boolean;
  /** Simulated time shown, ms (for countdowns). */
  now: number;
  colour(id: string): string;
  brokerLabel: string;
  /** A caption drawn across the top (for a video or a picture that must stand alone). */
  caption?: string;
}

/** What is under a point of the stage: for the inspector on click and the tooltip on hover. */
export interface StageHit {
  rect: Rect;
  /** The event the inspector opens; none for a part with nothing to inspect. */
  seq?: number;
  text: string;
}

/** Draws the whole stage on `p`; returns what can be pointed at. */
export function drawStage(p: StagePainter, o: StageDrawOptions): StageHit[] {
  const { layout, scene } = o;
  const s = layout.scale;
  const hits: StageHit[] = [];
  p.save();
  // A resized canvas, or a restore, left the painter with another font than `font` last set.
  forgetFont(p);
  p.globalAlpha = 1;
  p.setLineDash([]);
  p.fillStyle = '#fbfcfd';
  p.fillRect(0, 0, layout.width, layout.height);

  drawBroker(p, o);
  for (const row of layout.rows.values()) {
    const node = scene.nodes.get(row.id);
    if (!node) continue;
    drawWire(p, row, node, s);
  }
  for (const row of layout.rows.values()) {
    const node = scene.nodes.get(row.id);
    if (!node) continue;
    drawNode(p, row, node, o, hits);
    drawSession(p, row, scene.sessions.get(row.id), o, hits);
  }
  if (layout.hidden.length > 0) drawHidden(p, o);
  drawFlights(p, o, hits);
  drawLegend(p, layout);
  if (o.caption) drawCaption(p, layout, o.caption);
  p.restore();
  forgetFont(p);
  return hits;
}

function drawBroker(p: StagePainter, o: StageDrawOptions): void {
  const { layout } = o;
  const s = layout.scale;
  box(p, layout.broker, 14 * s, '#eef2f6', LINE, 1.5);
  p.fillStyle = INK;
  p.textBaseline = 'middle';
  font(p, 14 * s, 700);
  const y = layout.broker.y + 15 * s;
  const w = text(p, 'Broker', layout.broker.x + 14 * s, y, 120 * s);
  font(p, 12 * s);
  p.fillStyle = MUTED;
  text(p, o.brokerLabel, layout.broker.x + 20 * s + w, y, layout.broker.w / 2 - 60 * s);
  // The router's spine: every message passes it on its way to the sessions.
  p.strokeStyle = '#9fb3c8';
  p.lineWidth = 6 * s;
  p.beginPath();
  p.moveTo(layout.spineX, layout.spineTop);
  p.lineTo(layout.spineX, layout.spineBottom);
  p.stroke();
  font(p, 11 * s, 600);
  p.fillStyle = MUTED;
  text(p, 'router', layout.spineX, layout.spineTop - 8 * s, 80 * s, 'center');
}

function drawHidden(p: StagePainter, o: StageDrawOptions): void {
  const { layout } = o;
  const s = layout.scale;
  const held = o.layout.hidden.reduce((n, id) => n + (o.scene.sessions.get(id)?.held ?? 0), 0);
  const connected = o.layout.hidden.filter(
    (id) => o.scene.nodes.get(id)?.status === 'connected',
  ).length;
  font(p, 12.5 * s, 600);
  p.fillStyle = MUTED;
  p.textBaseline = 'middle';
  text(
    p,
    `+ ${layout.hidden.length} more clients (${connected} connected, ${held} messages stored for them): see the session cards below`,
    layout.width / 2,
    layout.spineBottom - 8 * s,
    layout.broker.w - 40 * s,
    'center',
  );
}

function drawLegend(p: StagePainter, layout: StageLayout): void {
  const s = layout.scale;
  const t = Math.round(10 * s);
  font(p, 11.5 * s);
  p.textBaseline = 'middle';
  const gap = 14 * s;
  const widths = LEGEND.map((item) => t + 5 * s + measure(p, item.label));
  const total = widths.reduce((a, b) => a + b, 0) + gap * (LEGEND.length - 1);
  let x = layout.broker.x + Math.max(8 * s, (layout.broker.w - total) / 2);
  const y = layout.broker.y + layout.broker.h - 12 * s;
  LEGEND.forEach((item, i) => {
    if (x + widths[i]! > layout.broker.x + layout.broker.w) return;
    token(p, x + t / 2, y, t, item.colour, false);
    p.fillStyle = MUTED;
    p.textAlign = 'left';
    p.fillText(item.label, x + t + 5 * s, y);
    x += widths[i]! + gap;
  });
}

function drawCaption(p: StagePainter, layout: StageLayout, caption: string): void {
  const s = layout.scale;
  const h = 30 * s;
  p.globalAlpha = 0.92;
  p.fillStyle = '#16324f';
  p.fillRect(0, layout.height - h, layout.width, h);
  p.globalAlpha = 1;
  font(p, 14 * s, 600);
  p.fillStyle = '#ffffff';
  p.textBaseline = 'middle';
  text(p, caption, 12 * s, layout.height - h / 2, layout.width - 24 * s);
}
