import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import { PROFILES } from '../../broker';
import { formatClock } from '../../format/time';
import { stageDue } from '../../stage/cadence';
import { StageClients } from '../../stage/clients';
import { drawStage, type StageHit } from '../../stage/draw';
import { layoutStage, type StageLayout } from '../../stage/layout';
import { buildScene, type PageClient, type Scene } from '../../stage/scene';
import type { AppState } from '../../store/appStore';
import type { BrokerView } from '../../store/brokerView';
import { pastBrokerView } from '../../store/pastView';
import { watchInView } from '../inView';
import { useAppStore } from '../StoreContext';
import { laneColour } from '../timeline/colours';
import { useStageFeed } from './useStageFeed';

export interface StageCanvasProps {
  /** Control packets (CONNECT, CONNACK, SUBSCRIBE, PUBACK, DISCONNECT) travel as tokens. */
  control: boolean;
  reducedMotion: boolean;
  /** Larger type (presenter mode). */
  zoom?: number;
  /** A caption across the bottom (while a video records). */
  caption?: string;
  /** A video records the canvas: it is drawn even while scrolled out of view. */
  recording?: boolean;
  canvasRef: React.RefObject<HTMLCanvasElement | null>;
  /** Called at most twice a second with the stage in words, when that changes. */
  onScene(scene: Scene, now: number): void;
  onPick(seq: number): void;
}

/** Queue slots the scene works out per session: enough for the widest box. */
const HEAD = 64;

const pageClients = (s: AppState): PageClient[] =>
  s.clientOrder.flatMap((name) => {
    const c = s.clients[name];
    return c
      ? [
          {
            name,
            clientId: c.config.clientId,
            protocolVersion: c.config.protocolVersion,
            clean: c.config.clean,
            sessionExpiry: c.config.sessionExpiry,
          },
        ]
      : [];
  });

/**
 * The stage on a canvas, drawn from one animation-frame loop: the scene is rebuilt when the
 * broker's view or the clients change, tokens move every frame they are in the air, and an idle
 * stage is not redrawn. While travelling in time it shows the moment chosen, without tokens.
 */
export function StageCanvas(props: StageCanvasProps) {
  const store = useAppStore();
  const feed = useStageFeed();
  const { canvasRef } = props;
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const hits = useRef<StageHit[]>([]);
  const [tip, setTip] = useState<{ text: string; x: number; y: number } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let frame = 0;
    let dirty = true;
    let scene: Scene | undefined;
    /** The view or the clients changed since the scene was built. */
    let stale = true;
    let lastDraw = Number.NEGATIVE_INFINITY;
    let drewTokens = 0;
    let layout: StageLayout | undefined;
    let key = '';
    let lastView: BrokerView | undefined;
    let lastVersion = -1;
    let lastPage: AppState['clients'] | undefined;
    let page: PageClient[] = [];
    let lastTravel: number | null = null;
    let past: { view: BrokerView; clients: StageClients } | undefined;
    let lastSecond = -1;
    let lastLook = '';
    let lastSummary = 0;
    const resize = new ResizeObserver(() => {
      dirty = true;
    });
    resize.observe(canvas.parentElement ?? canvas);
    const inView = watchInView(canvas, (seen) => {
      if (seen) dirty = true;
    });

    const loop = () => {
      frame = requestAnimationFrame(loop);
      const p = latest.current;
      const wall = performance.now();
      feed.flights.setMotion(!p.reducedMotion);
      feed.sync(wall, p.control);
      const state = store.getState();
      const travel = state.travel;
      if (travel !== lastTravel) {
        lastTravel = travel;
        past = undefined;
        if (travel !== null) {
          const events = store.log.until(travel);
          const clients = new StageClients();
          clients.append(events);
          past = { view: pastBrokerView(store.log, travel), clients };
        }
        dirty = true;
      }
      const view = past?.view ?? state.broker;
      if (state.clients !== lastPage) {
        lastPage = state.clients;
        page = pageClients(state);
        stale = true;
        dirty = true;
      }
      // The scene is built again when the view or the clients changed, but only for a frame
      // that draws it (or says it in words): in a burst the view changes every frame.
      if (view !== lastView || (!past && feed.version !== lastVersion)) {
        lastView = view;
        lastVersion = feed.version;
        stale = true;
        dirty = true;
      }
      const sceneNow = (): Scene => {
        if (!scene || stale) {
          stale = false;
          scene = buildScene(
            view,
            (past?.clients ?? feed.clients).byId,
            page,
            HEAD,
            store.remote !== undefined,
          );
        }
        return scene;
      };
      const now = travel ?? state.clock.now;
      const second = Math.floor(now / 1000);
      if (second !== lastSecond) {
        lastSecond = second;
        dirty = true;
      }
      const look = `${p.caption ?? ''}|${p.zoom ?? 1}`;
      if (look !== lastLook) {
        lastLook = look;
        dirty = true;
      }
      const flights = past ? [] : feed.flights.active(wall);
      if (wall - lastSummary > 500) {
        lastSummary = wall;
        p.onScene(sceneNow(), now);
      }
      // Scrolled out of view, it is not drawn (unless a video records it); it draws when seen.
      if (!inView.seen && !p.recording) return;
      if (!stageDue(dirty, flights.length, wall, lastDraw, drewTokens)) return;
      dirty = false;
      lastDraw = wall;
      drewTokens = flights.length;
      const shown = sceneNow();
      // bench:page puts an array here to read the stage's own frames (when it drew) in a burst.
      stageDraws()?.push(wall);
      const width = canvas.parentElement?.clientWidth ?? 800;
      const height = canvas.parentElement?.clientHeight ?? 420;
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
      }
      const captionH = p.caption ? Math.round(30 * Math.min(2, Math.max(0.75, width / 1180))) : 0;
      const zoom = p.zoom ?? 1;
      const nextKey = `${width}x${height - captionH}@${zoom}:${shown.order.join('\u0000')}`;
      if (!layout || nextKey !== key) {
        key = nextKey;
        layout = layoutStage(width, height - captionH, shown.order, zoom);
      }
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const profile = PROFILES[state.setup.profile];
      const arriving = past ? undefined : feed.flights.allArriving();
      hits.current = drawStage(ctx, {
        layout: captionH ? { ...layout, height } : layout,
        scene: shown,
        flights,
        arriving: (id) => arriving?.get(id) ?? EMPTY,
        connackAhead: (id) => !past && feed.flights.connackAhead(id),
        now,
        colour: laneColour,
        brokerLabel: `${store.remote ? `${new URL(store.remote.url).host} · as its clients saw it` : `${profile.label} profile`}${travel !== null ? ` · as it was at ${formatClock(travel)}` : ''}`,
        ...(p.caption ? { caption: p.caption } : {}),
      });
    };
    frame = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      inView.disconnect();
    };
  }, [store, feed, canvasRef]);

  const hitAt = (e: { clientX: number; clientY: number }) => {
    const r = canvasRef.current?.getBoundingClientRect();
    if (!r) return undefined;
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    // Tokens are drawn last, on top: look from the end.
    for (let i = hits.current.length - 1; i >= 0; i--) {
      const h = hits.current[i]!;
      if (x >= h.rect.x && x <= h.rect.x + h.rect.w && y >= h.rect.y && y <= h.rect.y + h.rect.h)
        return { hit: h, x, y };
    }
    return undefined;
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const found = hitAt(e);
    setTip((t) =>
      found
        ? t?.text === found.hit.text && Math.abs(t.x - found.x) < 12 && Math.abs(t.y - found.y) < 12
          ? t
          : { text: found.hit.text, x: found.x, y: found.y }
        : null,
    );
  };
  const onClick = (e: PointerEvent<HTMLCanvasElement>) => {
    const found = hitAt(e);
    if (found?.hit.seq !== undefined) props.onPick(found.hit.seq);
  };

  return (
    <>
      <canvas
        ref={canvasRef}
        className="stage-canvas"
        role="img"
        aria-label="The stage: each client, the broker with one box per session and its stored messages, and the messages moving between them. The text under it says the same in words."
        data-testid="stage-canvas"
        onPointerMove={onPointerMove}
        onPointerLeave={() => setTip(null)}
        onPointerUp={onClick}
      />
      {tip && (
        <div
          className="stage-tip"
          role="tooltip"
          style={{ left: Math.min(tip.x + 14, 10_000), top: tip.y + 14 }}
        >
          {tip.text}
        </div>
      )}
    </>
  );
}

const EMPTY: ReadonlySet<number> = new Set();

/** The stage's draw times, when a benchmark asked for them (`window.__stageDraws`). */
const stageDraws = (): number[] | undefined =>
  (window as unknown as { __stageDraws?: number[] }).__stageDraws;
