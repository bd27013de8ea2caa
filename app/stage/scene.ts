import type { CloseReason, DropReason, QoS } from '../broker';
import type { EntryState, SessionView, BrokerView } from '../store/brokerView';
import type { StageClient } from './clients';

/** A client of the page, as the stage needs it before it ever connects. */
export interface PageClient {
  /** The name in the page (A, or A′ for a twin). */
  name: string;
  clientId: string;
  protocolVersion: 4 | 5;
  clean: boolean;
  /** MQTT 5 Session Expiry Interval it will send; 0 = none. */
  sessionExpiry: number;
}

export type NodeStatus = 'connected' | 'away' | 'offline';

export interface SceneNode {
  id: string;
  label: string;
  status: NodeStatus;
  /** The connection was cut (dropped, timed out, taken over, refused) rather than closed. */
  cut?: { reason: CloseReason; at: number };
  protocolVersion: 4 | 5;
  /** What the client asks for: "cleanSession=0", "Clean Start=0 · expiry 1 h". */
  asks: string;
  connack?: { sessionPresent: boolean; lost: boolean; at: number; seq: number };
  received: number;
  resent: number;
  /** Seq of the event that best stands for this client, for the inspector. */
  seq?: number;
  /** A remote broker's client: whether its session is kept while it is away is not known. */
  remote?: boolean;
}

export interface QueueToken {
  msgId: number;
  state: Extract<EntryState, 'stored' | 'in-flight' | 'sent-again'>;
  qos: QoS;
}

export interface SceneSession {
  id: string;
  status: SessionView['status'];
  persistent: boolean;
  subscriptions: { filter: string; qos: QoS }[];
  /** Messages held for the client, as the session card counts them. */
  held: number;
  waiting: number;
  inFlight: number;
  /** The first messages of the queue, head first (the next to go out). */
  head: QueueToken[];
  replay?: { sent: number; backlog: number; rate: number; measured?: number; done: boolean };
  expiresAt?: { nominal: number; actual: number };
  endedAt?: number;
  discarded?: number;
  dropped: Partial<Record<DropReason, number>>;
  /**
   * A remote broker's session, as its clients saw it: its store is inferred from what arrived on
   * resume, and while its client is away nothing says what it holds.
   */
  remote?: boolean;
}

export interface Scene {
  /** Client ids in the order the stage lays them out. */
  order: string[];
  nodes: Map<string, SceneNode>;
  sessions: Map<string, SceneSession>;
}

const CUT: ReadonlySet<CloseReason> = new Set([
  'transport-closed',
  'keepalive-timeout',
  'takeover',
  'protocol-error',
  'connect-refused',
  'server-shutdown',
  'connect-timeout',
]);

/**
 * What the stage shows at one moment: the page's clients and those the broker saw, each with
 * its session as the broker view has it (so the stage and the session cards agree).
 */
export function buildScene(
  view: BrokerView,
  clients: ReadonlyMap<string, StageClient>,
  page: readonly PageClient[],
  headSize: number,
  /** The broker is remote: the scene is what its clients saw (see SceneSession.remote). */
  remote = false,
): Scene {
  const order: string[] = [];
  const labels = new Map<string, string[]>();
  const seen = new Set<string>();
  const add = (id: string) => {
    if (seen.has(id)) return;
    order.push(id);
    seen.add(id);
  };
  for (const p of page) {
    add(p.clientId);
    labels.set(p.clientId, [...(labels.get(p.clientId) ?? []), p.name]);
  }
  for (const id of clients.keys()) add(id);
  for (const id of view.order) add(id);

  const byId = new Map(page.map((p) => [p.clientId, p]));
  const nodes = new Map<string, SceneNode>();
  const sessions = new Map<string, SceneSession>();
  for (const id of order) {
    const c = clients.get(id);
    const s = view.sessions[id];
    const node = sceneNode(id, labels.get(id), c, byId.get(id), s);
    nodes.set(id, remote ? { ...node, remote } : node);
    if (s) {
      const session = sceneSession(s, headSize);
      sessions.set(id, remote ? { ...session, remote } : session);
    }
  }
  return { order, nodes, sessions };
}

function sceneNode(
  id: string,
  names: string[] | undefined,
  c: StageClient | undefined,
  p: PageClient | undefined,
  s: SessionView | undefined,
): SceneNode {
  const label = names?.length ? names.join(' · ') : id || '(empty id)';
  const kept = s !== undefined && (s.status === 'away' || s.status === 'connected');
  const status: NodeStatus = c?.connected ? 'connected' : kept ? 'away' : 'offline';
  const protocolVersion = ((c?.protocolVersion ?? p?.protocolVersion ?? 4) === 5 ? 5 : 4) as 4 | 5;
  const clean = c?.clean ?? p?.clean ?? true;
  const node: SceneNode = {
    id,
    label,
    status,
    protocolVersion,
    asks: asks(protocolVersion, clean, c ? c.requestedExpiry : (p?.sessionExpiry ?? 0)),
    received: c?.received ?? 0,
    resent: c?.resent ?? 0,
  };
  if (c?.connack) {
    // Whether a sessionPresent=0 means a lost session is the session view's call, as on its card.
    const lost = s?.lastConnack?.at === c.connack.at && s.lastConnack.lost;
    node.connack = { ...c.connack, lost };
    node.seq = c.connack.seq;
  }
  if (!c?.connected && c?.closed && CUT.has(c.closed.reason)) {
    node.cut = { reason: c.closed.reason, at: c.closed.at };
    node.seq = c.closed.seq;
  }
  return node;
}

function asks(version: 4 | 5, clean: boolean, expiry: number | null | undefined): string {
  if (version === 4) return `cleanSession=${clean ? 1 : 0}`;
  const e =
    expiry === undefined || expiry === null || expiry === 0
      ? 'no expiry'
      : expiry === 0xffffffff
        ? 'expiry never'
        : `expiry ${seconds(expiry)}`;
  return `Clean Start=${clean ? 1 : 0} · ${e}`;
}

const seconds = (s: number) =>
  s >= 3600 && s % 3600 === 0
    ? `${s / 3600} h`
    : s >= 60 && s % 60 === 0
      ? `${s / 60} min`
      : `${s} s`;

/** Counts and the queue's head of one session, worked out once per session object. */
const cache = new WeakMap<SessionView, Map<number, SceneSession>>();

function sceneSession(s: SessionView, headSize: number): SceneSession {
  let bySize = cache.get(s);
  const hit = bySize?.get(headSize);
  if (hit) return hit;
  // The view keeps the counts as it folds; the head is read from the front of the entries (in
  // arrival order), only as far as it goes: a store of 100,000 is not walked on every change.
  const { waiting, inFlight } = s;
  const head: QueueToken[] = [];
  for (const e of s.entries.values()) {
    if (head.length >= headSize) break;
    if (e.state !== 'stored' && e.state !== 'in-flight' && e.state !== 'sent-again') continue;
    head.push({ msgId: e.msgId, state: e.state, qos: e.qos });
  }
  const r = s.replay;
  const measured =
    r && r.sent > 1 && r.lastAt > r.startedAt
      ? ((r.sent - 1) * 1000) / (r.lastAt - r.startedAt)
      : undefined;
  const scene: SceneSession = {
    id: s.clientId,
    status: s.status,
    persistent: s.persistent,
    subscriptions: s.subscriptions,
    held: waiting + inFlight,
    waiting,
    inFlight,
    head,
    dropped: s.dropped,
    ...(r
      ? {
          replay: {
            sent: r.sent,
            backlog: r.backlog,
            rate: r.rate,
            done: r.finishedAt !== undefined,
            ...(measured !== undefined ? { measured } : {}),
          },
        }
      : {}),
    ...(s.expiresAt
      ? { expiresAt: { nominal: s.expiresAt.nominal, actual: s.expiresAt.actual } }
      : {}),
    ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
    ...(s.discardedMessages !== undefined ? { discarded: s.discardedMessages } : {}),
  };
  if (!bySize) cache.set(s, (bySize = new Map()));
  bySize.set(headSize, scene);
  return scene;
}
