import { describe, expect, it } from 'vitest';
import { awayStory, publishMany, returnA } from '../broker/rules/fixtures';
import { BROKER_LANE, drawTimeline, type Hit } from './draw';
import { TimelineModel } from './model';
import { pickHit } from './pick';
import { SvgPainter } from './svgPainter';
import { fit } from './view';

/** The seed's story drawn 900 px wide: A comes back, CONNACK and the replay at one instant. */
function drawn(): { model: TimelineModel; hits: Hit[] } {
  const { h, publisher } = awayStory('aws');
  publishMany(publisher, 30);
  h.clock.advance(2000);
  returnA(h);
  h.clock.advance(4000);
  const model = new TimelineModel();
  model.append(h.events);
  const options = {
    width: 900,
    height: 200,
    view: fit(model.start, model.end),
    lanes: [BROKER_LANE, ...model.lanes.keys()],
    colour: () => '#2f6db5',
    now: model.end,
    cursor: null,
    selected: null,
  };
  return { model, hits: drawTimeline(new SvgPainter(900, 200), model, options) };
}

/** Clicks at (x, y) until `seq` is picked (each click after the first goes on from the last). */
function clicksToReach(hits: Hit[], x: number, y: number, seq: number): number | undefined {
  let selected: number | null = null;
  for (let click = 1; click <= 20; click++) {
    selected = pickHit(hits, x, y, selected) ?? null;
    if (selected === seq) return click;
  }
  return undefined;
}

describe('clicking the timeline', () => {
  it('a click on the CONNACK opens the CONNACK, not a message that ends beside it', () => {
    const { model, hits } = drawn();
    const connack = model.lanes.get('A')!.marks.filter((m) => m.kind === 'connack')[1]!;
    const at = hits.find((h) => h.seq === connack.seq)!;
    // Replayed messages end at the same instant on the same lane: the mark wins.
    const ends = hits.filter((h) => Math.hypot(h.x - at.x, h.y - at.y) < 3 && h.seq !== at.seq);
    expect(ends.length).toBeGreaterThan(0);
    expect(pickHit(hits, at.x, at.y, null)).toBe(connack.seq);
    // A pointer a few pixels off the mark's centre, nearer a message end, still gets the mark.
    expect(pickHit(hits, at.x + 4, at.y + 2, null)).toBe(connack.seq);
  });

  it('every mark can be reached by pointer, however many share its place', () => {
    const { model, hits } = drawn();
    const marks = [...model.lanes.values()].flatMap((l) => l.marks);
    expect(marks.map((m) => m.kind)).toEqual([
      'connack',
      'disconnect',
      'connack',
      'replay-start',
      'replay-end',
      'connack', // B's
    ]);
    for (const m of marks) {
      const at = hits.find((h) => h.seq === m.seq)!;
      expect(clicksToReach(hits, at.x, at.y, m.seq), m.label).toBeDefined();
    }
  });

  it('away from any mark, the nearest message end is picked; nothing within reach is nothing', () => {
    const { model, hits } = drawn();
    // The 15th message of the replay, half-way between its start and end marks.
    const middle = model.deliveries.filter((d) => d.clientId === 'A')[14]!;
    const end = hits.find((h) => h.seq === middle.sentSeq)!;
    expect(pickHit(hits, end.x + 1, end.y - 1, null)).toBe(middle.sentSeq);
    expect(pickHit(hits, end.x, end.y + 30, null)).toBeUndefined();
  });
});
