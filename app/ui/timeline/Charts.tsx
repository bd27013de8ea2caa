import {
  memo,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { PROFILES } from '../../broker';
import { chartSummary } from '../../timeline/chartSummary';
import { drawChart, rowAt, type ChartSpec } from '../../timeline/drawChart';
import type { SeriesColumn, SeriesRow } from '../../timeline/seriesTable';
import { OTHERS_KEY } from '../../timeline/topColumns';
import { tickStep } from '../../timeline/view';
import type { AppState } from '../../store/appStore';
import { formatClock } from '../../format/time';
import { useApp, useAppStore } from '../StoreContext';
import { CHART_HEIGHT, CHART_TITLES, captionStyle, figureStyle } from './ChartsWaiting';
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
const OTHERS = '#8c959f';

const selectReplayRate = (s: AppState) =>
  s.setup.overrides.replayRate ?? PROFILES[s.setup.profile].replayRate;

/**
 * Three small charts under the timeline, on its time axis (the same gutter, window and ticks):
 * stored messages per session, deliveries per second (with the replay limit), messages in
 * flight. Data come from one SeriesBuilder per store (`useSeries`): new events redraw them at
 * most four times a second, never per message. At most MAX_LINES clients get lines of their own.
 * Each plot is drawn on a canvas (`drawChart`), in as many steps as it is wide; pointing at it
 * reads out the values there.
 */
export const Charts = memo(function Charts({ from, to, cursor }: ChartsProps) {
  const [box, width] = useWidth();
  const data = useSeries(from, to, width);
  // A remote broker does not say its replay limit: the page's profile's is not drawn as its.
  const remote = useAppStore().remote !== undefined;
  const profileRate = useApp(selectReplayRate);
  const replayRate = remote ? 0 : profileRate;
  const step = tickStep({ from, to }, width);
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to && ticks.length < 100; t += step)
    ticks.push(t);
  const axis = { from, to, ticks, step, width, cursor };
  const charts: {
    title: string;
    summary: string;
    table: Lines;
    total?: boolean;
    testId: string;
    peak: number;
    kind: 'area' | 'line';
    limit?: number;
    unit?: string;
  }[] = [
    {
      testId: 'chart-stored',
      title: CHART_TITLES.stored,
      peak: data.peaks.stored,
      summary: `peak ${data.peaks.stored}`,
      table: data.stored,
      kind: 'area',
    },
    {
      testId: 'chart-deliveries',
      title: CHART_TITLES.deliveries,
      peak: data.peaks.deliveries,
      summary: `peak ${formatRate(data.peaks.deliveries)}/s${replayRate > 0 ? `, replay limit ${replayRate}/s` : ''}`,
      table: data.deliveries,
      kind: 'line',
      total: data.deliveries.columns.length > 1,
      limit: replayRate,
      unit: '/s',
    },
    {
      testId: 'chart-inflight',
      title: CHART_TITLES.inFlight,
      peak: data.peaks.inFlight,
      summary: `peak ${data.peaks.inFlight}`,
      table: data.inFlight,
      kind: 'line',
    },
  ];
  return (
    <div ref={box} className="charts" style={{ width: '100%' }}>
      {width > 0 && (
        <>
          {charts.map((c) => (
            <Chart key={c.testId} {...axis} {...c} />
          ))}
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
  /** Of the values, in the summary in words (`/s`). */
  unit?: string;
}

/**
 * One chart. The picture is for the eye (and the pointer: its readout); assistive technology
 * and the keyboard get the caption and a summary in words instead, and no Tab stop.
 */
function Chart(p: ChartProps) {
  const summaryId = useId();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [hover, setHover] = useState<{ x: number; row: SeriesRow } | null>(null);
  const { width, from, to, ticks, step, table, kind, total, limit, cursor } = p;
  // Drawn again when what it shows changes, not when the pointer moves over it.
  const spec = useMemo(
    (): ChartSpec => ({
      width,
      height: HEIGHT,
      from,
      to,
      ticks,
      step,
      columns: table.columns,
      others: table.others.length,
      rows: table.rows,
      kind,
      ...(total ? { total: true } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
      colour: laneColour,
    }),
    [width, from, to, ticks, step, table, kind, total, limit, cursor],
  );
  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(spec.width * dpr);
    el.height = Math.round(spec.height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawChart(ctx, spec);
  }, [spec]);
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    const row = rowAt(spec, x);
    setHover(row ? { x, row } : null);
  };
  return (
    <figure
      data-testid={p.testId}
      data-peak={p.peak}
      style={{ ...figureStyle, position: 'relative' }}
      aria-describedby={summaryId}
    >
      <figcaption style={captionStyle}>
        <strong style={{ fontWeight: 600 }}>{p.title}</strong>
        <span> · {p.summary}</span>
        <Legend columns={p.table.columns} others={p.table.others.length} />
      </figcaption>
      <p id={summaryId} className="sr-only" data-testid="chart-summary">
        {chartSummary(p.title, p.table, p.from, p.to, p.unit)}
      </p>
      <canvas
        ref={canvas}
        aria-hidden="true"
        style={{ width: p.width, height: HEIGHT, display: 'block' }}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setHover(null)}
      />
      {hover && <Readout hover={hover} table={p.table} total={p.total} />}
    </figure>
  );
}

/** The values under the pointer: the time, then each line's value there. */
function Readout({
  hover,
  table,
  total,
}: {
  hover: { x: number; row: SeriesRow };
  table: Lines;
  total: boolean | undefined;
}) {
  const items: [string, number][] = [
    ...(total ? [['all clients', hover.row.total ?? 0] as [string, number]] : []),
    ...table.columns.map(({ clientId, key }): [string, number] => [
      clientId || '(empty id)',
      hover.row[key] ?? 0,
    ]),
    ...(table.others.length
      ? [
          [`highest of ${table.others.length} others`, hover.row[OTHERS_KEY] ?? 0] as [
            string,
            number,
          ],
        ]
      : []),
  ];
  return (
    <div className="chart-readout" style={{ ...readoutStyle, left: hover.x + 12 }}>
      <div>{formatClock(hover.row.t)}</div>
      {items.map(([name, value]) => (
        <div key={name}>
          {name}: {formatRate(value)}
        </div>
      ))}
    </div>
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

const readoutStyle: CSSProperties = {
  position: 'absolute',
  top: '1.4rem',
  fontSize: 12,
  padding: '2px 8px',
  background: '#ffffff',
  border: '1px solid #d0d7de',
  borderRadius: 4,
  pointerEvents: 'none',
  whiteSpace: 'nowrap',
  zIndex: 1,
};

const swatchStyle: CSSProperties = {
  display: 'inline-block',
  width: '0.8em',
  height: '0.8em',
  borderRadius: 2,
  marginRight: '0.3em',
  verticalAlign: '-0.05em',
};
