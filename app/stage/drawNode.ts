import type { RowLayout } from './layout';
import { BAD, INK, LINE, MUTED, OK, WARN } from './palette';
import { box, font, measure, pill, text, type StagePainter } from './paint';
import type { StageDrawOptions, StageHit } from './draw';
import type { SceneNode } from './scene';
import { CUT_TEXT, nodeText } from './words';

export function drawWire(p: StagePainter, row: RowLayout, node: SceneNode, s: number): void {
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

export function drawNode(
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
    text(p, measure(p, full) <= inner ? full : node.asks, x, y, inner);
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
