import { useEffect, useMemo, useRef } from 'react';
import type { BrokerEvent } from '../../broker';
import { BROKER_LANE, drawTimeline } from '../../timeline/draw';
import { TimelineModel } from '../../timeline/model';
import { LAYOUT, type TimeView } from '../../timeline/view';
import { laneColour } from '../timeline/colours';

/** A finished run's timeline, drawn once: a comparison shows two of them over one time window. */
export function StaticTimeline(props: {
  events: readonly BrokerEvent[];
  view: TimeView;
  /** Client lanes in this order, so that two timelines line up lane by lane. */
  clients: readonly string[];
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const model = useMemo(() => {
    const m = new TimelineModel();
    m.append(props.events);
    return m;
  }, [props.events]);
  const lanes = useMemo(() => [BROKER_LANE, ...props.clients], [props.clients]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const width = el.parentElement?.clientWidth ?? 600;
    const height = LAYOUT.axis + lanes.length * LAYOUT.lane + 4;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    el.style.width = `${width}px`;
    el.style.height = `${height}px`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawTimeline(ctx, model, {
      width,
      height,
      view: props.view,
      lanes,
      colour: laneColour,
      now: props.view.to,
      cursor: null,
      selected: null,
    });
  }, [model, lanes, props.view]);

  return <canvas ref={canvas} role="img" aria-label={props.label} className="timeline-canvas" />;
}
