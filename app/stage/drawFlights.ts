import { tokenSize } from './layout';
import { BAD, FLIGHT_COLOUR, INK } from './palette';
import { font, pill, text, token, type StagePainter } from './paint';
import { along, routePoints } from './points';
import type { StageDrawOptions, StageHit } from './draw';
import { flightText } from './words';

export function drawFlights(p: StagePainter, o: StageDrawOptions, hits: StageHit[]): void {
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
