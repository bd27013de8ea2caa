import { describe, expect, it } from 'vitest';
import { awayStory, publishMany, returnA } from '../broker/rules/fixtures';
import { BROKER_LANE } from './draw';
import { drawPicture, pictureSize } from './exportPicture';
import { TimelineModel } from './model';
import { SvgPainter } from './svgPainter';

describe('the exported picture', () => {
  it('stands alone: title, broker profile, time range, lanes and a legend', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 5);
    h.clock.advance(2000);
    returnA(h);
    h.clock.advance(2000);
    const model = new TimelineModel();
    model.append(h.events);
    const lanes = [BROKER_LANE, ...model.lanes.keys()];
    const size = pictureSize(lanes.length, 1000);
    const svg = new SvgPainter(size.width, size.height);
    drawPicture(svg, model, {
      width: 1000,
      view: { from: 0, to: 60_000 },
      lanes,
      colour: () => '#2f6db5',
      now: 4000,
      cursor: null,
      selected: null,
      title: 'Persistent session basics, step 8 of 8',
      profile: 'AWS IoT Core (1 figure changed)',
    });
    const text = [...svg.toString().matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(text).toContain('Persistent session basics, step 8 of 8');
    expect(text).toContain(
      'Broker: AWS IoT Core (1 figure changed) · simulated time 0:00:00.0 – 0:01:00.0 · 2 client lanes · MQTT Session Lab',
    );
    expect(text).toEqual(expect.arrayContaining(['broker', 'A', 'B', '00:00', '00:50']));
    for (const key of [
      'connected',
      'away, session kept',
      'CONNACK sessionPresent=1',
      'connection dropped',
      'sent again',
      'dropped',
    ])
      expect(text).toContain(key);
    // Lanes under the heading, the legend under the lanes, all within the picture.
    expect(size.height).toBeGreaterThan(26 + 3 * 38 + 58 + 20);
    expect(svg.toString()).toMatch(/^<svg [^>]*width="1000" height="\d+"/);
    const ys = [...svg.toString().matchAll(/ y="(-?[\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...ys)).toBeLessThanOrEqual(size.height);
  });

  it('a narrow picture puts its legend on more lines, and grows to hold them', () => {
    expect(pictureSize(3, 600).height).toBeGreaterThan(pictureSize(3, 1400).height);
  });
});
