import { BAD, FLIGHT_COLOUR, INK } from './palette';
import { box, font, measure, pill, text, token, type StagePainter } from './paint';
import type { StageDrawOptions, StageHit } from './draw';
import { flightMarks, isPill, type FlightMark } from './flightMarks';
import { flightText } from './words';

/** The tokens in the air, then their words on top of them all, where `flightMarks` puts them. */
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
  const marks = flightMarks(o.flights, o.layout, held, word);
  for (const m of marks) {
    const { flight, at, size } = m;
    if (isPill(flight) && m.label) continue;
    p.globalAlpha = fade(m);
    const colour = FLIGHT_COLOUR[flight.kind];
    if (flight.count > 1) {
      token(p, at.x + 3 * s, at.y - 3 * s, size, colour, false);
      token(p, at.x + 1.5 * s, at.y - 1.5 * s, size, colour, false);
    }
    // A packet whose word has no room is a plain token where its pill starts.
    const x = isPill(flight) ? at.x + size / 2 : at.x;
    token(p, x, at.y, size, colour, false);
    hits.push({
      rect: { x: x - size / 2 - 3, y: at.y - size / 2 - 3, w: size + 6, h: size + 6 },
      seq: flight.seq,
      text: isPill(flight) ? `${flight.label} packet` : flightText(flight),
    });
  }
  for (const m of marks) {
    const { flight, at, label } = m;
    if (!label || !flight.label) continue;
    p.globalAlpha = fade(m);
    if (isPill(flight)) {
      const w = pill(p, flight.label, at.x, at.y, 10 * s, '#ffffff', FLIGHT_COLOUR[flight.kind]);
      hits.push({
        rect: { x: at.x, y: at.y - 8 * s, w, h: 16 * s },
        seq: flight.seq,
        text: `${flight.label} packet`,
      });
    } else {
      // On a backdrop: a label often sits over a queue's tokens, which made it unreadable.
      p.globalAlpha *= 0.85;
      box(p, { x: label.x - 2 * s, y: label.y, w: label.w + 4 * s, h: label.h }, 3 * s, '#fbfcfd');
      p.globalAlpha = fade(m);
      font(p, 10.5 * s, 700);
      p.fillStyle = flight.kind === 'dropped' ? BAD : INK;
      p.textBaseline = 'bottom';
      text(p, flight.label, label.x + label.w / 2, label.y + label.h, 160 * s, 'center');
    }
  }
  p.globalAlpha = 1;
}

/** A dropped message fades as it falls. */
const fade = ({ flight, progress }: FlightMark) =>
  flight.kind === 'dropped' ? Math.max(0.15, 1 - Math.max(0, progress - 0.6) / 0.4) : 1;
