import { memo, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { PROFILES } from '../../broker';
import type { SeriesColumn } from '../../timeline/seriesTable';
import { OTHERS_KEY } from '../../timeline/topColumns';
import { LAYOUT, tickLabel, tickStep } from '../../timeline/view';
import type { AppState } from '../../store/appStore';
import { formatClock } from '../../format/time';
import { useApp } from '../StoreContext';
import { CHART_HEIGHT, CHART_TITLES, captionStyle, figureStyle, MUTED } from './ChartsWaiting';
import { laneColour } from './colours';
import { useSeries, type Lines } from './useSeries';

export interface ChartsProps {
  /** The visible window of simulated time, in ms: the timeline's. */
  from: number;
  to: number;
  /** The time-travel moment, drawn as a vertical line on every chart. */
  cursor?: number;
}

const HEIGHT = CHART_HEIGHT;
const GRID = '#e6eaee';
// The timeline draws its time-travel cursor in the same red.
const CURSOR = '#cf222e';
const LIMIT = '#9a6700';
const OTHERS = '#8c959f';

const selectReplayRate = (s: AppState) =>
  s.setup.overrides.replayRate ?? PROFILES[s.setup.profile].replayRate;

/**
 * Three small charts under the timeline, on its time axis (the same gutter, window and ticks):
 * stored messages per session, deliveries per second (with the replay limit), messages in
 * flight. Data come from one SeriesBuilder per store (`useSeries`): new events redraw them at
 * most ten times a second, never per message. At most MAX_LINES clients get lines of their own.
 */
export const Charts = memo(function Charts({ from, to, cursor }: ChartsProps) {
  const [box, width] = useWidth();
  const data = useSeries(from, to, width);
  const replayRate = useApp(selectReplayRate);
  const step = tickStep({ from, to }, width);
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to && ticks.length < 100; t += step)
    ticks.push(t);
  const axis = { from, to, ticks, step, width, cursor };
  return (
    <div ref={box} className="charts" style={{ width: '100%' }}>
      {width > 0 && (
        <>
          <Chart
            {...axis}
            testId="chart-stored"
            title={CHART_TITLES.stored}
            peak={data.peaks.stored}
            summary={`peak ${data.peaks.stored}`}
            table={data.stored}
            kind="area"
          />
          <Chart
            {...axis}
            testId="chart-deliveries"
            title={CHART_TITLES.deliveries}
            peak={data.peaks.deliveries}
            summary={`peak ${formatRate(data.peaks.deliveries)}/s${replayRate > 0 ? `, replay limit ${replayRate}/s` : ''}`}
            table={data.deliveries}
            kind="line"
            total={data.deliveries.columns.length > 1}
            limit={replayRate}
          />
          <Chart
            {...axis}
            testId="chart-inflight"
            title={CHART_TITLES.inFlight}
            peak={data.peaks.inFlight}
            summary={`peak ${data.peaks.inFlight}`}
            table={data.inFlight}
            kind="line"
          />
        </>
      )}
    </div>
  );
});

interface ChartProps {
  from: number;
  to: number;
  ticks: number[];
  step: number;
  width: number;
  cursor: number | undefined;
  testId: string;
  title: string;
  /** The highest value in the window (also on the figure as `data-peak`, for tests). */
  peak: number;
  summary: string;
  table: Lines;
  kind: 'area' | 'line';
  /** Draw the all-clients total behind the clients' lines. */
  total?: boolean;
  /** A dashed horizontal limit (the replay rate), when > 0. */
  limit?: number;
}

function Chart(p: ChartProps) {
  const tick = { fontSize: 10, fill: MUTED, style: { fontVariantNumeric: 'tabular-nums' } };
  return (
    <figure data-testid={p.testId} data-peak={p.peak} style={figureStyle}>
      <figcaption style={captionStyle}>
        <strong style={{ fontWeight: 600 }}>{p.title}</strong>
        <span> · {p.summary}</span>
        <Legend columns={p.table.columns} others={p.table.others.length} />
      </figcaption>
      <ComposedChart
        width={p.width}
        height={HEIGHT}
        data={p.table.rows}
        margin={{ top: 6, right: LAYOUT.pad, bottom: 0, left: 0 }}
        title={`${p.title}, ${p.summary}`}
      >
        <CartesianGrid stroke={GRID} vertical horizontal={false} />
        <XAxis
          dataKey="t"
          type="number"
          domain={[p.from, p.to]}
          allowDataOverflow
          ticks={p.ticks}
          tickFormatter={(t: number) => tickLabel(t, p.step)}
          tick={tick}
          height={18}
          tickLine={false}
          stroke={GRID}
        />
        <YAxis
          width={LAYOUT.gutter}
          allowDecimals={false}
          domain={[0, (max: number) => Math.max(1, max)]}
          tickCount={3}
          tick={tick}
          tickLine={false}
          axisLine={false}
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => formatClock(Number(t))}
          contentStyle={{ fontSize: 12, padding: '2px 8px' }}
          itemStyle={{ padding: 0 }}
        />
        {p.total && (
          <Area
            dataKey="total"
            name="all clients"
            type="stepAfter"
            stroke="none"
            fill="#c9d3dd"
            fillOpacity={0.6}
            isAnimationActive={false}
            dot={false}
            activeDot={false}
          />
        )}
        {p.table.columns.map(({ clientId, key }) =>
          p.kind === 'area' ? (
            <Area
              key={key}
              dataKey={key}
              name={clientId || '(empty id)'}
              type="stepAfter"
              stroke={laneColour(clientId)}
              strokeWidth={1.5}
              fill={laneColour(clientId)}
              fillOpacity={0.12}
              isAnimationActive={false}
              dot={false}
            />
          ) : (
            <Line
              key={key}
              dataKey={key}
              name={clientId || '(empty id)'}
              type="stepAfter"
              stroke={laneColour(clientId)}
              strokeWidth={1.5}
              isAnimationActive={false}
              dot={false}
            />
          ),
        )}
        {p.table.others.length > 0 && (
          <Line
            dataKey={OTHERS_KEY}
            name={`highest of ${p.table.others.length} others`}
            type="stepAfter"
            stroke={OTHERS}
            strokeWidth={1.5}
            strokeDasharray="3 3"
            isAnimationActive={false}
            dot={false}
          />
        )}
        {p.limit !== undefined && p.limit > 0 && (
          <ReferenceLine
            y={p.limit}
            stroke={LIMIT}
            strokeDasharray="5 4"
            ifOverflow="extendDomain"
            label={{
              value: `replay limit ${p.limit}/s`,
              position: 'insideTopLeft',
              fontSize: 10,
              fill: LIMIT,
            }}
          />
        )}
        {p.cursor !== undefined && (
          <ReferenceLine x={p.cursor} stroke={CURSOR} strokeWidth={2} ifOverflow="hidden" />
        )}
      </ComposedChart>
    </figure>
  );
}

function Legend({ columns, others }: { columns: SeriesColumn[]; others: number }): ReactNode {
  if (columns.length === 0) return <span> · nothing in this window</span>;
  return (
    <span>
      {' · '}
      {columns.map(({ clientId, key }) => (
        <span key={key} style={{ marginRight: '0.6em', whiteSpace: 'nowrap' }}>
          <span style={{ ...swatchStyle, background: laneColour(clientId) }} aria-hidden />
          {clientId || '(empty id)'}
        </span>
      ))}
      {others > 0 && (
        <span style={{ whiteSpace: 'nowrap' }}>
          <span style={{ ...swatchStyle, background: OTHERS }} aria-hidden />
          highest of {others} others
        </span>
      )}
    </span>
  );
}

/** The content width of an element, kept up to date; 0 until it is laid out. */
function useWidth(): [(el: HTMLDivElement | null) => void, number] {
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);
  const last = useRef(0);
  useLayoutEffect(() => {
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      if (w !== last.current) {
        last.current = w;
        setWidth(w);
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [setEl, width];
}

const formatRate = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

const swatchStyle: CSSProperties = {
  display: 'inline-block',
  width: '0.8em',
  height: '0.8em',
  borderRadius: 2,
  marginRight: '0.3em',
  verticalAlign: '-0.05em',
};
