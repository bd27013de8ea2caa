import { formatClock, formatDuration } from '../format/time';
import type { Flight } from './flights';
import { slotX, slotY, tokenSize, type Rect, type RowLayout, type StageLayout } from './layout';
import { BAD, FLIGHT_COLOUR, INK, LEGEND, LINE, MUTED, OK, STATE_COLOUR, WARN } from './palette';
import { along, routePoints } from './points';
import type { Scene, SceneNode, SceneSession } from './scene';

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

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

/** Draws the whole stage on `p`; returns what can be pointed at. */
export function drawStage(p: StagePainter, o: StageDrawOptions): StageHit[] {
  const { layout, scene } = o;
  const s = layout.scale;
  const hits: StageHit[] = [];
  p.save();
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
  return hits;
}

function font(p: StagePainter, size: number, weight = 400): void {
  p.font = `${weight} ${Math.round(size)}px ${FONT}`;
}

function text(
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

function box(p: StagePainter, r: Rect, radius: number, fill: string, stroke?: string, width = 1) {
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
function pill(
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

function drawWire(p: StagePainter, row: RowLayout, node: SceneNode, s: number): void {
  const from = row.nodeEdge;
  const to = row.boxOuter;
  if (node.status === 'connected') {
    p.setLineDash([]);
    p.strokeStyle = '#8c959f';
    p.lineWidth = 2.5 * s;
    for (const y of [row.inY, row.outY]) {
      p.beginPath();
      p.moveTo(from, y);
      p.lineTo(to, y);
      p.stroke();
    }
    return;
  }
  if (!node.cut) return;
  // A cut wire: the two ends hang, with a gap and a mark where it broke.
  const mid = (from + to) / 2;
  const gap = 7 * s;
  p.strokeStyle = BAD;
  p.lineWidth = 2 * s;
  p.setLineDash([5 * s, 4 * s]);
  for (const y of [row.inY, row.outY]) {
    p.beginPath();
    p.moveTo(from, y);
    p.lineTo(mid - gap, y + 3 * s);
    p.moveTo(mid + gap, y - 3 * s);
    p.lineTo(to, y);
    p.stroke();
  }
  p.setLineDash([]);
  font(p, 15 * s, 700);
  p.fillStyle = BAD;
  p.textBaseline = 'middle';
  text(p, '✂', mid, (row.inY + row.outY) / 2, 30 * s, 'center');
}

const NODE_STATUS = {
  connected: { label: 'connected', fg: '#0f5323', bg: '#d3f0dc' },
  away: { label: 'away · session kept', fg: '#6b4700', bg: '#ffeaa8' },
  offline: { label: 'offline', fg: '#3d444d', bg: '#e4e8ec' },
} as const;

const CUT_TEXT: Record<string, string> = {
  'transport-closed': 'connection dropped',
  'keepalive-timeout': 'keep-alive timeout',
  takeover: 'taken over',
  'protocol-error': 'protocol error',
  'connect-refused': 'refused',
  'server-shutdown': 'broker stopped',
  'connect-timeout': 'no CONNECT in time',
};

function drawNode(
  p: StagePainter,
  row: RowLayout,
  node: SceneNode,
  o: StageDrawOptions,
  hits: StageHit[],
): void {
  const s = o.layout.scale;
  const r = row.node;
  const colour = o.colour(node.id);
  const offline = node.status === 'offline';
  box(p, r, 10 * s, '#ffffff', offline ? LINE : colour, offline ? 1.5 : 2.5);
  p.fillStyle = colour;
  p.fillRect(
    row.side === 'left' ? r.x + 1 : r.x + r.w - 6 * s - 1,
    r.y + 8 * s,
    5 * s,
    r.h - 16 * s,
  );
  const pad = 13 * s;
  const x = r.x + pad;
  const inner = r.w - 2 * pad - 4 * s;
  // The lines that fit, from the top: name, status, what it asks, sessionPresent, received.
  const lines: ((y: number) => void)[] = [];
  const cut = node.cut && node.status !== 'connected';
  lines.push((y) => {
    p.fillStyle = INK;
    font(p, 20 * s, 700);
    text(p, node.label, x, y, inner);
  });
  lines.push((y) => {
    const st = NODE_STATUS[node.status];
    const label = cut ? (CUT_TEXT[node.cut!.reason] ?? 'cut') : st.label;
    pill(p, label, x, y, 12.5 * s, cut ? BAD : st.fg, cut ? '#fde4e1' : st.bg);
  });
  lines.push((y) => {
    font(p, 12.5 * s);
    p.fillStyle = MUTED;
    const full = `MQTT ${node.protocolVersion === 5 ? '5' : '3.1.1'} · ${node.asks}`;
    text(p, p.measureText(full).width <= inner ? full : node.asks, x, y, inner);
  });
  const c = o.connackAhead?.(node.id) ? undefined : node.connack;
  if (c) {
    lines.push((y) => {
      const label = `sessionPresent=${c.sessionPresent ? 1 : 0}${c.lost ? ': session lost' : ''}`;
      const [fg, bg] = c.sessionPresent
        ? [OK, '#dcf3e2']
        : c.lost
          ? [WARN, '#fff1c7']
          : [MUTED, '#eceff2'];
      pill(p, label, x, y, 12.5 * s, fg, bg);
    });
  }
  lines.push((y) => {
    font(p, 12.5 * s, 600);
    p.fillStyle = INK;
    text(
      p,
      `received ${node.received}${node.resent ? ` · ${node.resent} sent again` : ''}`,
      x,
      y,
      inner,
    );
  });
  const step = 23 * s;
  const fit = Math.max(2, Math.floor((r.h - 8 * s) / step));
  const shown =
    lines.length <= fit ? lines : [lines[0]!, lines[1]!, ...lines.slice(3, 3 + fit - 2)];
  const y0 = r.y + (r.h - shown.length * step) / 2 + step / 2;
  p.textBaseline = 'middle';
  shown.forEach((draw, k) => draw(y0 + k * step));
  hits.push({
    rect: r,
    ...(node.seq !== undefined ? { seq: node.seq } : {}),
    text: nodeText(node),
  });
}

/** A client in words: for the tooltip and the text equivalent. */
export function nodeText(node: SceneNode): string {
  const parts = [
    `${node.label}: ${node.status === 'away' ? (node.remote ? 'away (whether its session is kept, only the next CONNACK says)' : 'away, its session kept') : node.status}`,
  ];
  if (node.cut && node.status !== 'connected')
    parts.push(CUT_TEXT[node.cut.reason] ?? 'connection cut');
  parts.push(`MQTT ${node.protocolVersion === 5 ? '5' : '3.1.1'}, ${node.asks}`);
  if (node.connack)
    parts.push(
      `last CONNACK sessionPresent=${node.connack.sessionPresent ? 1 : 0}${node.connack.lost ? ' (its session was lost)' : ''}`,
    );
  parts.push(`received ${node.received}`);
  return parts.join('; ');
}

function drawSession(
  p: StagePainter,
  row: RowLayout,
  session: SceneSession | undefined,
  o: StageDrawOptions,
  hits: StageHit[],
): void {
  const s = o.layout.scale;
  const r = row.session;
  if (!session) {
    p.setLineDash([4 * s, 4 * s]);
    box(p, r, 10 * s, 'rgba(255,255,255,0.4)', LINE, 1);
    p.setLineDash([]);
    font(p, 12 * s);
    p.fillStyle = MUTED;
    p.textBaseline = 'middle';
    text(p, 'no session', r.x + r.w / 2, r.y + r.h / 2, r.w - 20 * s, 'center');
    return;
  }
  const ended = session.status === 'expired' || session.status === 'discarded';
  const colour = o.colour(session.id);
  if (ended) p.setLineDash([6 * s, 5 * s]);
  box(
    p,
    r,
    10 * s,
    ended ? 'rgba(255,255,255,0.5)' : '#ffffff',
    ended ? '#8c959f' : colour,
    ended ? 1.5 : 2,
  );
  p.setLineDash([]);
  const pad = 10 * s;
  const left = r.x + pad;
  const right = r.x + r.w - pad;
  // The inbound lane runs along the top of the box, to the router.
  p.fillStyle = '#f3f5f8';
  p.fillRect(r.x + 2, row.inY - 5 * s, r.w - 4, 10 * s);
  p.textBaseline = 'middle';
  let y = row.inY + 21 * s;
  // The count on the right first (it matters most), then the title, then the pill if it fits.
  // A remote broker's store while its client is away is unknown, not empty.
  const unknown = session.remote && session.status === 'away' && session.held === 0;
  const count = ended ? '' : unknown ? '? stored' : `${session.held} stored`;
  font(p, 15 * s, 700);
  const countW = count ? p.measureText(count).width : 0;
  if (count) {
    p.fillStyle = session.held > 0 ? INK : MUTED;
    text(p, count, right, y, r.w * 0.4, 'right');
  }
  const room = r.w - 2 * pad - countW - 10 * s;
  p.fillStyle = INK;
  font(p, 15.5 * s, 700);
  // A remote run's ids carry its prefix and tag: the box is named as the client is.
  const name = session.remote ? (o.scene.nodes.get(session.id)?.label ?? session.id) : session.id;
  const titleW = text(p, `${name || '(empty id)'}'s session`, left, y, room);
  const kind = session.persistent ? 'persistent' : 'clean';
  font(p, 10.5 * s, 600);
  if (titleW + 8 * s + p.measureText(kind).width + 10.5 * s < room)
    pill(p, kind, left + titleW + 8 * s, y, 10.5 * s, MUTED, '#eceff2');
  if (ended) {
    font(p, 12 * s, 600);
    p.fillStyle = BAD;
    const what = session.status === 'expired' ? 'expired' : 'discarded';
    text(
      p,
      `${what} at ${formatClock(session.endedAt ?? 0)}: ${session.discarded ?? 0} discarded, subscriptions gone`,
      left,
      row.outY - 2 * s,
      r.w - 2 * pad,
    );
    hits.push({
      rect: r,
      text: `${session.id}'s session ${what}: ${session.discarded ?? 0} messages discarded`,
    });
    return;
  }
  if (!row.compact) {
    y += 23 * s;
    drawSubscriptions(p, session, left, y, r.w - 2 * pad, s);
    const expiry = expiryText(session, o.now);
    if (expiry) {
      y += 22 * s;
      font(p, 13 * s, 600);
      p.fillStyle = expiry.soon ? BAD : WARN;
      const w = text(p, expiry.text, left, y, r.w - 2 * pad);
      if (expiry.detail) {
        font(p, 11.5 * s);
        p.fillStyle = MUTED;
        text(p, `(${expiry.detail})`, left + w + 6 * s, y, r.w - 2 * pad - w - 6 * s);
      }
    } else if (session.replay) {
      y += 22 * s;
      drawReplay(p, session, left, y, r.w - 2 * pad, s);
    }
  }
  drawQueue(p, row, session, o);
  hits.push({ rect: r, text: sessionText(session, o.now) });
}

function drawSubscriptions(
  p: StagePainter,
  session: SceneSession,
  x: number,
  y: number,
  width: number,
  s: number,
): void {
  font(p, 12.5 * s);
  p.fillStyle = MUTED;
  if (session.subscriptions.length === 0) {
    text(p, 'no subscriptions', x, y, width);
    return;
  }
  let at = x;
  for (const sub of session.subscriptions) {
    const label = `${sub.filter} · QoS ${sub.qos}`;
    font(p, 12.5 * s, 600);
    const w = p.measureText(label).width + 12 * s;
    if (at + w > x + width) {
      font(p, 11 * s);
      p.fillStyle = MUTED;
      text(
        p,
        `+${session.subscriptions.length - session.subscriptions.indexOf(sub)}`,
        at,
        y,
        40 * s,
      );
      break;
    }
    box(p, { x: at, y: y - 9.5 * s, w, h: 19 * s }, 4 * s, '#e8eef5');
    p.fillStyle = '#1f4e79';
    p.textAlign = 'left';
    p.fillText(label, at + 6 * s, y + 0.5);
    at += w + 5 * s;
  }
}

function drawReplay(
  p: StagePainter,
  session: SceneSession,
  x: number,
  y: number,
  width: number,
  s: number,
): void {
  const r = session.replay!;
  font(p, 13 * s, 600);
  p.fillStyle = '#1f4e79';
  const what = r.done ? 'replayed' : 'replay';
  if (session.remote) {
    // Inferred from what arrived: its pace is measured, never a limit the broker told.
    const pace = r.measured !== undefined ? ` · ${r.measured.toFixed(1)}/s` : '';
    text(p, `${what} ${r.sent} of ${r.backlog} (inferred)${pace}`, x, y, width);
    return;
  }
  const pace = r.rate > 0 ? `${r.rate}/s` : 'unpaced';
  const measured = r.measured !== undefined ? ` (measured ${r.measured.toFixed(1)}/s)` : '';
  text(p, `${what} ${r.sent} of ${r.backlog} · ${pace}${measured}`, x, y, width);
}

/**
 * The expiry line of a session kept while its client is away: the countdown to when it really
 * goes, and, where the profile adds a delay (AWS: up to 30 minutes), the nominal time and the
 * delay drawn for it.
 */
export function expiryText(
  session: SceneSession,
  now: number,
): { text: string; detail?: string; soon: boolean } | undefined {
  if (session.status !== 'away') return undefined;
  if (session.remote)
    return {
      text: 'kept? only its next CONNACK says',
      detail: 'the broker does not show its store',
      soon: false,
    };
  if (!session.expiresAt)
    return { text: 'kept while away: this profile never expires it', soon: false };
  const { nominal, actual } = session.expiresAt;
  const left = Math.max(0, actual - now);
  const extra = actual - nominal;
  return {
    text: `expires in ${formatDuration(left)}`,
    ...(extra > 0
      ? {
          detail: `nominal in ${formatDuration(Math.max(0, nominal - now))}, +${formatDuration(extra)} extra delay`,
        }
      : {}),
    soon: left < 60_000,
  };
}

function drawQueue(
  p: StagePainter,
  row: RowLayout,
  session: SceneSession,
  o: StageDrawOptions,
): void {
  const s = o.layout.scale;
  const t = tokenSize(s);
  const arriving = o.arriving(session.id);
  const tokens = arriving.size ? session.head.filter((q) => !arriving.has(q.msgId)) : session.head;
  const shownHeld = Math.max(0, session.held - arriving.size);
  const { capacity, perLine } = row.queue;
  // The queue's bottom lane, drawn even when empty: stored messages wait there, and leave
  // from its outer end.
  p.strokeStyle = '#e1e6eb';
  p.lineWidth = t + 6 * s;
  p.beginPath();
  p.moveTo(slotX(row, 0), row.queue.y);
  p.lineTo(slotX(row, perLine - 1), row.queue.y);
  p.stroke();
  const stack = shownHeld > capacity;
  const drawn = Math.min(tokens.length, stack ? capacity - 1 : capacity);
  for (let i = 0; i < drawn; i++) {
    const q = tokens[i]!;
    token(p, slotX(row, i), slotY(row, i), t, STATE_COLOUR[q.state], q.qos === 0);
  }
  if (stack) {
    const x = slotX(row, capacity - 1);
    const y = slotY(row, capacity - 1);
    for (let k = 2; k >= 0; k--)
      token(p, x + k * 2 * s * row.queue.dir, y - k * 2 * s, t, STATE_COLOUR.stored, false);
    font(p, 12 * s, 700);
    p.fillStyle = INK;
    p.textBaseline = 'middle';
    const label = `+${shownHeld - drawn}`;
    const w = p.measureText(label).width + 8 * s;
    const lx = x - row.queue.dir * (t / 2 + w / 2 + 4 * s);
    box(p, { x: lx - w / 2, y: y - 9 * s, w, h: 18 * s }, 4 * s, '#ffffff', '#d49a00', 1);
    p.fillStyle = INK;
    text(p, label, lx, y + 0.5, w, 'center');
  }
}

function token(
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

/** A session in words: for the tooltip and the text equivalent. */
export function sessionText(session: SceneSession, now: number): string {
  const unknown = session.remote && session.status === 'away' && session.held === 0;
  const parts = [
    unknown
      ? `${session.id}'s session (${session.persistent ? 'persistent' : 'clean'}): what it stores is not shown by the broker`
      : `${session.id}'s session (${session.persistent ? 'persistent' : 'clean'}) stores ${session.held} message${session.held === 1 ? '' : 's'}${session.remote && session.waiting > 0 ? ' (inferred)' : ''}`,
  ];
  if (session.inFlight) parts.push(`${session.inFlight} in flight`);
  if (session.replay && !session.replay.done) {
    const r = session.replay;
    parts.push(
      session.remote
        ? `replay (inferred from what arrived) ${r.sent} of ${r.backlog}`
        : `replay ${r.sent} of ${r.backlog}${r.rate > 0 ? ` at ${r.rate} per second` : ', unpaced'}`,
    );
  }
  const expiry = expiryText(session, now);
  if (expiry) parts.push(expiry.detail ? `${expiry.text} (${expiry.detail})` : expiry.text);
  const subs = session.subscriptions.map((x) => `${x.filter} at QoS ${x.qos}`);
  parts.push(subs.length ? `subscribed to ${subs.join(', ')}` : 'no subscriptions');
  return parts.join('; ');
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

function drawFlights(p: StagePainter, o: StageDrawOptions, hits: StageHit[]): void {
  const s = o.layout.scale;
  const t = tokenSize(s);
  // One label for a stream of like tokens close together, not one each.
  const labelled: { label: string; x: number; y: number }[] = [];
  const crowded = (label: string, x: number, y: number) =>
    labelled.some((l) => l.label === label && Math.hypot(l.x - x, l.y - y) < 60 * s);
  const held = (id: string) => {
    const session = o.scene.sessions.get(id);
    return session ? Math.max(0, session.held - o.arriving(id).size) : 0;
  };
  for (const { flight, progress } of o.flights) {
    const points = routePoints(flight.route, o.layout, held);
    const at = along(points, progress);
    const colour = FLIGHT_COLOUR[flight.kind];
    const fade =
      flight.kind === 'dropped' ? Math.max(0.15, 1 - Math.max(0, progress - 0.6) / 0.4) : 1;
    p.globalAlpha = fade;
    if (flight.kind === 'control' || flight.kind === 'will') {
      const w = pill(p, flight.label ?? '', at.x, at.y, 10 * s, '#ffffff', colour);
      hits.push({
        rect: { x: at.x, y: at.y - 8 * s, w, h: 16 * s },
        seq: flight.seq,
        text: `${flight.label} packet`,
      });
    } else {
      const size = flight.count > 1 ? t * 1.25 : t;
      if (flight.count > 1) {
        token(p, at.x + 3 * s, at.y - 3 * s, size, colour, false);
        token(p, at.x + 1.5 * s, at.y - 1.5 * s, size, colour, false);
      }
      token(p, at.x, at.y, size, colour, false);
      p.strokeStyle = '#ffffff';
      p.lineWidth = 1;
      if (flight.label && !crowded(flight.label, at.x, at.y)) {
        labelled.push({ label: flight.label, x: at.x, y: at.y });
        font(p, 10.5 * s, 700);
        p.fillStyle = flight.kind === 'dropped' ? BAD : INK;
        p.textBaseline = 'bottom';
        text(p, flight.label, at.x, at.y - size / 2 - 2 * s, 160 * s, 'center');
      }
      hits.push({
        rect: { x: at.x - size / 2 - 3, y: at.y - size / 2 - 3, w: size + 6, h: size + 6 },
        seq: flight.seq,
        text: flightText(flight),
      });
    }
    p.globalAlpha = 1;
  }
}

const FLIGHT_TEXT: Record<Flight['kind'], string> = {
  publish: 'PUBLISH on its way to the broker',
  live: 'a message on its way to its subscriber',
  store: 'a message going into the session’s store',
  replay: 'a stored message leaving the store',
  resent: 'a message sent again',
  dropped: 'a message dropped',
  acked: 'acknowledged',
  control: 'a control packet',
  will: 'a Will message',
};

function flightText(f: Flight): string {
  const what = FLIGHT_TEXT[f.kind];
  const many = f.count > 1 ? ` (${f.count} messages)` : '';
  return `${what}${many}${f.label && f.count === 1 ? `: ${f.label}` : ''}`;
}

function drawLegend(p: StagePainter, layout: StageLayout): void {
  const s = layout.scale;
  const t = Math.round(10 * s);
  font(p, 11.5 * s);
  p.textBaseline = 'middle';
  const gap = 14 * s;
  const widths = LEGEND.map((item) => t + 5 * s + p.measureText(item.label).width);
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
