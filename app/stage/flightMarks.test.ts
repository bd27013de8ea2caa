import { describe, expect, it } from 'vitest';
import type { BrokerEvent, BrokerEventBody } from '../broker';
import { publishedBody } from './testEvents';
import { flightMarks, type MeasureWord } from './flightMarks';
import { Flights } from './flights';
import { layoutStage, type Rect } from './layout';

let seq = 0;
const ev = (body: BrokerEventBody): BrokerEvent => ({ ...body, seq: ++seq, at: 0 }) as BrokerEvent;

/** B's burst of QoS 1 to A, as the broker reports it in batches: delivered, stored or dropped. */
function burstBatch(first: number, n: number, acked: number[]): BrokerEvent[] {
  const out: BrokerEvent[] = [];
  for (let msgId = first; msgId < first + n; msgId++) {
    out.push(ev(publishedBody(msgId)));
    const to = msgId % 3;
    if (to === 0)
      out.push(
        ev({
          type: 'message.sent',
          msgId,
          clientId: 'A',
          packetId: msgId,
          qos: 1,
          retain: false,
          replay: false,
        }),
      );
    else if (to === 1)
      out.push(
        ev({ type: 'message.stored', msgId, clientId: 'A', reason: 'inflight-full', queued: 1 }),
      );
    else out.push(ev({ type: 'message.dropped', msgId, clientId: 'A', reason: 'queue-full' }));
  }
  for (const msgId of acked)
    out.push(ev({ type: 'message.acknowledged', msgId, clientId: 'A', packetId: msgId, qos: 1 }));
  return out;
}

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('the words on tokens in the air', () => {
  // The stage at 1280×720, two clients in one row: A left, B right.
  const layout = layoutStage(1226, 535, ['A', 'B']);
  const s = layout.scale;
  const measure: MeasureWord = (word, as) => word.length * (as === 'pill' ? 6 : 6.5) * s;

  it('a burst of 10,000 QoS 1 from B to A: no label covers another, and the biggest stack keeps its count', () => {
    const flights = new Flights();
    let msgId = 1;
    let most = 0;
    for (let wall = 0; wall < 3000; wall += 16) {
      if (msgId <= 10_000) {
        const acked = msgId > 100 ? [msgId - 100, msgId - 99] : [];
        flights.ingest(burstBatch(msgId, 100, acked), wall, true);
        msgId += 100;
      }
      const marks = flightMarks(flights.active(wall), layout, () => 0, measure);
      const shown = marks.filter((m) => m.label);
      most = Math.max(most, shown.length);
      for (let i = 0; i < shown.length; i++)
        for (let j = i + 1; j < shown.length; j++) {
          const [a, b] = [shown[i]!, shown[j]!];
          if (overlap(a.label!, b.label!))
            expect.fail(
              `at ${wall} ms "${a.flight.label}" and "${b.flight.label}" are drawn over each other`,
            );
        }
      const biggest = marks.reduce(
        (m, x) => (x.flight.count > (m?.flight.count ?? 1) ? x : m),
        marks[0],
      );
      if (biggest && biggest.flight.count > 1) expect(biggest.label).toBeDefined();
    }
    // Several stacks and packets are named at once: it is not legible by showing nothing.
    expect(most).toBeGreaterThanOrEqual(3);
  });
});
