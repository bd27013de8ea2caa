import { formatClock } from '../format/time';
import { slotX, slotY, tokenSize, type RowLayout } from './layout';
import { BAD, INK, LINE, MUTED, STATE_COLOUR, WARN } from './palette';
import { box, font, measure, pill, text, token, type StagePainter } from './paint';
import type { StageDrawOptions, StageHit } from './draw';
import type { SceneSession } from './scene';
import { storeUnknown } from '../store/brokerView';
import { expiryText, sessionText } from './words';

export function drawSession(
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
  const unknown = storeUnknown(session, session.remote === true);
  const count = ended ? '' : unknown ? '? stored' : `${session.held} stored`;
  font(p, 15 * s, 700);
  const countW = count ? measure(p, count) : 0;
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
  if (titleW + 8 * s + measure(p, kind) + 10.5 * s < room)
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
    const w = measure(p, label) + 12 * s;
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
    const w = measure(p, label) + 8 * s;
    const lx = x - row.queue.dir * (t / 2 + w / 2 + 4 * s);
    box(p, { x: lx - w / 2, y: y - 9 * s, w, h: 18 * s }, 4 * s, '#ffffff', '#d49a00', 1);
    p.fillStyle = INK;
    text(p, label, lx, y + 0.5, w, 'center');
  }
}
