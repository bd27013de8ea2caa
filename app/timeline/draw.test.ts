import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../broker';
import { BROKER_LANE, drawTimeline, laneLabel } from './draw';
import { TimelineModel } from './model';
import { NullPainter } from './testing/painter';

/** A painter that counts what it is asked to do. */
class CountingPainter extends NullPainter {
  readonly calls = { stroke: 0, fill: 0, fillRect: 0, moveTo: 0, arc: 0 };
  override fillRect(): void {
    this.calls.fillRect++;
  }
  override moveTo(): void {
    this.calls.moveTo++;
  }
  override arc(): void {
    this.calls.arc++;
  }
  override stroke(): void {
    this.calls.stroke++;
  }
  override fill(): void {
    this.calls.fill++;
  }
}

/**
 * `n` QoS 1 messages from B, each stored for A (away) and sent on A's return, spread over the
 * first minute: the store climbs to n and drains back.
 */
function storedAndSent(n: number, spreadMs = 60_000): TimelineModel {
  const events: BrokerEvent[] = [];
  let seq = 0;
  const at = (i: number) => (i * spreadMs) / n;
  const e = (body: object, t: number) => events.push({ ...body, seq: ++seq, at: t } as BrokerEvent);
  e({ type: 'connack.sent', clientId: 'B', code: 0, sessionPresent: false }, 0);
  for (let i = 0; i < n; i++) {
    e({ type: 'message.published', msgId: i, clientId: 'B', topic: 't', qos: 1 }, at(i));
    e({ type: 'message.routed', msgId: i, clientId: 'A', qos: 1 }, at(i));
    e(
      { type: 'message.stored', msgId: i, clientId: 'A', reason: 'client-away', queued: i + 1 },
      at(i),
    );
  }
  for (let i = 0; i < n; i++)
    e(
      { type: 'message.sent', msgId: i, clientId: 'A', packetId: i + 1, qos: 1 },
      spreadMs + at(i) / 100,
    );
  const model = new TimelineModel();
  model.append(events);
  return model;
}

function draw(model: TimelineModel, width = 1000) {
  const p = new CountingPainter();
  const hits = drawTimeline(p, model, {
    width,
    height: 200,
    view: { from: 0, to: 70_000 },
    lanes: [BROKER_LANE, 'A', 'B'],
    colour: () => '#123456',
    now: 70_000,
    cursor: null,
    selected: null,
  });
  return { calls: p.calls, hits };
}

describe('drawing the timeline costs what the window shows, not what the log holds', () => {
  it('a few messages: each line and each dot drawn, each one clickable', () => {
    const { calls, hits } = draw(storedAndSent(3));
    // Three publisher lines and three broker → A lines, three dots.
    expect(calls.moveTo - calls.arc).toBeGreaterThanOrEqual(6);
    expect(calls.arc).toBe(3);
    expect(hits.length).toBeGreaterThanOrEqual(3);
  });

  it('a hundred thousand messages: a few strokes and fills, store columns no more than the pixels', () => {
    const width = 1000;
    const { calls } = draw(storedAndSent(100_000), width);
    expect(calls.stroke).toBeLessThan(20);
    expect(calls.fill).toBeLessThan(20);
    // Segments and dots: at most one per pixel position, whatever the count.
    expect(calls.arc).toBeLessThanOrEqual(2 * width);
    // The store band: a few rectangles per pixel column, not one per step (200,000 steps).
    expect(calls.fillRect).toBeLessThan(4 * width);
  });
});

describe('lane labels', () => {
  it('a short id as it is; a long one keeps its end, where ids with one prefix differ', () => {
    expect(laneLabel('A')).toBe('A');
    expect(laneLabel('sensor-0001')).toBe('sensor-0001');
    const [a, b] = [laneLabel('lab-1044018d-A'), laneLabel('lab-1044018d-B')];
    expect([a, b]).toEqual(['…1044018d-A', '…1044018d-B']);
    expect(a.length).toBe(11);
  });
});
