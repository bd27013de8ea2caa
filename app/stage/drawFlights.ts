import { BAD, FLIGHT_COLOUR, INK } from './palette';
import { font, measure, pill, text, token, type StagePainter } from './paint';
import type { StageDrawOptions, StageHit } from './draw';
import { flightMarks, isPill } from './flightMarks';
import { flightText } from './words';

export function drawFlights(p: StagePainter, o: StageDrawOptions, hits: StageHit[]): void {
  const s = o.layout.scale;
  const held = (id: string) => {
    const session = o.scene.sessions.get(id);
    return session ? Math.max(0, session.held - o.arriving(id).size) : 0;
  };
  const word = (value: string, as: 'pill' | 'label') => {
    if (as === 'pill') font(p, 10 * s, 600);
    else font(p, 10.5 * s, 700);
    return measure(p, value);
  };
  for (const { flight, progress, at, size, label } of flightMarks(
    o.flights,
    o.layout,
    held,
    word,
  )) {
    const colour = FLIGHT_COLOUR[flight.kind];
    const fade =
      flight.kind === 'dropped' ? Math.max(0.15, 1 - Math.max(0, progress - 0.6) / 0.4) : 1;
    p.globalAlpha = fade;
    if (isPill(flight)) {
      const w = pill(p, flight.label ?? '', at.x, at.y, 10 * s, '#ffffff', colour);
      hits.push({
        rect: { x: at.x, y: at.y - 8 * s, w, h: 16 * s },
        seq: flight.seq,
        text: `${flight.label} packet`,
      });
    } else {
      if (flight.count > 1) {
        token(p, at.x + 3 * s, at.y - 3 * s, size, colour, false);
        token(p, at.x + 1.5 * s, at.y - 1.5 * s, size, colour, false);
      }
      token(p, at.x, at.y, size, colour, false);
      p.strokeStyle = '#ffffff';
      p.lineWidth = 1;
      if (flight.label && label) {
        font(p, 10.5 * s, 700);
        p.fillStyle = flight.kind === 'dropped' ? BAD : INK;
        p.textBaseline = 'bottom';
        text(p, flight.label, label.x + label.w / 2, label.y + label.h, 160 * s, 'center');
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
