import { createStore, type StoreApi } from 'zustand/vanilla';
import { PROFILES, topicFilterError, validateOverrides, type BrokerEvent } from '../broker';
import { validateClientConfig, type ClientConfig, type FieldErrors } from '../clients/clientConfig';
import type { ClientUpdate, SubscribeOptions } from '../clients/clientTypes';
import type { RemoteMode } from '../remote/page/remoteMode';
import { SessionClient } from '../clients/sessionClient';
import type { CutMode } from '../transport/portSocket';
import type { WorkerChannel } from '../transport/workerChannel';
import type { BrokerSetup, ClockState, WorkerMessage } from '../worker/protocol';
import { DEFAULT_SETUP } from '../worker/setup';
import { applyBrokerEvents, emptyBrokerView, type BrokerView } from './brokerView';
import { applyClientUpdates, newClientView, type ClientView } from './clientsView';
import { formatClock } from '../format/time';
import { EventLog } from './eventLog';
import { uniqueName } from './names';
import { topicAliasError } from './publishV5';
import { burstErrors, numbered, publishRequestErrors, type PublishRequest } from './publishRequest';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface AppState {
  setup: BrokerSetup;
  broker: BrokerView;
  clients: Record<string, ClientView>;
  clientOrder: string[];
  clock: ClockState;
  /** Wall-clock milliseconds since the run started, beside simulated time. */
  wallElapsed: number;
  notice?: Notice;
  /** What the clock said to the last Next event, shown beside it (nothing timed ahead). */
  clockNote?: string;
  /** Number of events in the log (the log itself is `log`, outside React state). */
  logSize: number;
  /** Time travel: the simulated moment the playground shows instead of now. */
  travel: number | null;
  /** The event (by seq) open in the inspector. */
  selected: number | null;
  /**
   * The clock waits, paused, for the first client to connect (a first visit has nothing to
   * show yet); playing, pausing or a scenario ends the wait.
   */
  clockWaits: boolean;
  actions: AppActions;
}

export interface AppActions {
  /**
   * Adds a client, named by its client id (or `name`); a second one with the same id is
   * refused. Against a remote broker the id gets the person's prefix (`remote.idPrefix`).
   */
  addClient(config: ClientConfig, name?: string): FieldErrors;
  /**
   * Adds a twin of a client: another connection with the same client id (as from a second
   * device), to show a takeover. Returns the twin's name in the page (A′, A″, …).
   */
  addTwin(name: string, config?: ClientConfig): string | undefined;
  removeClient(clientId: string): void;
  connect(clientId: string): void;
  disconnect(clientId: string, sessionExpiry?: number): void;
  drop(clientId: string, mode: CutMode): void;
  subscribe(
    clientId: string,
    filter: string,
    options: SubscribeOptions,
  ): Promise<string | undefined>;
  unsubscribe(clientId: string, filter: string): void;
  publish(clientId: string, request: PublishRequest): FieldErrors;
  burst(clientId: string, request: PublishRequest, count: number, rate: number): FieldErrors;
  setHoldAcks(clientId: string, hold: boolean): void;
  release(clientId: string, count?: number): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  jump(): void;
  applySetup(setup: BrokerSetup): string[];
  reset(): void;
  dismissNotice(): void;
  /** Shows the playground as it was at `at` (simulated ms); null returns to live. */
  travelTo(at: number | null): void;
  select(seq: number | null): void;
}

export type AppStore = StoreApi<AppState> & {
  log: EventLog;
  /**
   * Which client of the page opened each connection of this broker, by the connection id its
   * events carry: two clients with one client id (a twin) are told apart by it. Cleared with
   * the log on a reset.
   */
  connOwners: ReadonlyMap<number, string>;
  /** The one port to the broker worker (a scenario syncs with it). */
  channel: WorkerChannel;
  /** Set when the page's clients connect to a remote broker instead (the port is its). */
  remote?: RemoteMode;
  /** Applies what the worker and the clients sent at once, not at the next frame. */
  flushNow(): void;
  dispose(): void;
};

/**
 * While a burst is being taken in, the page shows it this often (10 times a second): each
 * render of the cards, with the layout and paint after it, took a frame of its own in the
 * burst's profile, and the stage and the timeline show the burst moving in between.
 */
const BUSY_FLUSH_MS = 100;

/** Schedules a flush once per frame (or soon, where there are no frames). */
export type FrameScheduler = (fn: () => void) => void;

const defaultScheduler: FrameScheduler = (fn) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(fn);
  else setTimeout(fn, 16);
};

/**
 * The playground's store: the broker's view built from its events, the clients' own views,
 * the clock, and the actions a person can take. Updates from the worker and the clients are
 * gathered and applied once per frame, so a burst of thousands of messages is a few renders.
 */
export function createAppStore(
  channel: WorkerChannel,
  schedule: FrameScheduler = defaultScheduler,
  logLimit?: number,
  /** The clock starts paused and plays when the first client connects (the page's own store). */
  waitForFirstClient = false,
  /** A remote broker behind `channel` (see app/remote/page/remotePort.ts). */
  remote?: RemoteMode,
  busyFlushMs = schedule === defaultScheduler ? BUSY_FLUSH_MS : 0,
): AppStore {
  const log = new EventLog(logLimit);
  const sessionClients = new Map<string, SessionClient>();
  /** The port's connection number of each socket a client of this broker opened → its name. */
  const socketOwners = new Map<number, string>();
  const connOwners = new Map<number, string>();
  const credentials = remote ? () => remote.credentials : undefined;
  const sessionClient = (name: string, config: ClientConfig) =>
    new SessionClient(
      config,
      channel,
      (u) => queueClient(name, u),
      (conn) => socketOwners.set(conn, name),
      credentials,
    );
  /**
   * The broker's view with every event so far: events are folded as they come (the work is
   * part of the task that took them in, within its frame budget), and the view is shown once
   * per frame. `eventsPending`: it moved since it was last shown.
   */
  let liveView = emptyBrokerView();
  let eventsPending = false;
  let logFull = false;
  let pendingClock: ClockState | undefined;
  let pendingClients = new Map<string, ClientUpdate[]>();
  let flushScheduled = false;
  let epoch = 0;
  const wallStart = performance.now();

  const store = createStore<AppState>()((set, get) => {
    const notice = (kind: Notice['kind'], text: string) => set({ notice: { kind, text } });
    const client = (id: string) => sessionClients.get(id);
    const profile = () => ({ ...PROFILES[get().setup.profile], ...get().setup.overrides });

    const validatePublish = (request: PublishRequest) => publishRequestErrors(request, profile());

    const actions: AppActions = {
      addClient(config, given) {
        // The person's prefix, and nothing else, goes before the id typed (an empty id stays
        // empty: the broker assigns one, and it meets no one else's).
        const sent =
          remote && config.clientId !== ''
            ? { ...config, clientId: remote.idPrefix + config.clientId }
            : config;
        const taken = new Set(Object.values(get().clients).map((c) => c.config.clientId));
        const errors = validateClientConfig(sent, taken);
        if (Object.keys(errors).length) return errors;
        const name =
          given ??
          (config.clientId === '' ? uniqueName(get().clientOrder, '(empty id)') : config.clientId);
        if (get().clients[name]) return { clientId: `“${name}” is already a name in the page` };
        addView(name, sent);
        return {};
      },
      addTwin(name, config) {
        const view = get().clients[name];
        if (!view) return undefined;
        const twin = uniqueName(get().clientOrder, name);
        // The same client id, with its own settings when given (another device's).
        addView(twin, config ? { ...config, clientId: view.config.clientId } : view.config);
        return twin;
      },
      removeClient(clientId) {
        client(clientId)?.destroy();
        sessionClients.delete(clientId);
        pendingClients.delete(clientId);
        set((s) => {
          const clients = { ...s.clients };
          delete clients[clientId];
          return { clients, clientOrder: s.clientOrder.filter((c) => c !== clientId) };
        });
      },
      connect(id) {
        if (get().clockWaits) {
          set({ clockWaits: false });
          channel.post({ t: 'play' });
        }
        client(id)?.connect();
      },
      disconnect: (id, sei) => client(id)?.disconnect(sei),
      drop: (id, mode) => client(id)?.drop(mode),
      async subscribe(id, filter, options) {
        const error = topicFilterError(filter);
        if (error) return error;
        const c = client(id);
        if (!c || c.status !== 'connected') return 'connect the client first';
        try {
          const granted = await c.subscribe(filter, options);
          const refused = granted.find((g) => g >= 0x80);
          return refused === undefined
            ? undefined
            : `the broker refused it (0x${refused.toString(16)})`;
        } catch (e) {
          return e instanceof Error ? e.message : String(e);
        }
      },
      unsubscribe: (id, filter) => client(id)?.unsubscribe(filter),
      publish(id, request) {
        const errors = validatePublish(request);
        if (Object.keys(errors).length) return errors;
        const c = client(id);
        if (!c || c.status !== 'connected') return { form: 'connect the client first' };
        const aliasError = topicAliasError(request.topicAlias, c.brokerTopicAliasMaximum);
        if (aliasError) return { topicAlias: aliasError };
        c.publish(request.topic, request.payload, request);
        return {};
      },
      burst(id, request, count, rate) {
        const errors = { ...validatePublish(request), ...burstErrors(count, rate) };
        if (Object.keys(errors).length) return errors;
        const c = client(id);
        if (!c || c.status !== 'connected') return { form: 'connect the client first' };
        const aliasError = topicAliasError(request.topicAlias, c.brokerTopicAliasMaximum);
        if (aliasError) return { topicAlias: aliasError };
        c.burst(request.topic, count, rate, request, (i) => numbered(request.payload, i));
        return {};
      },
      setHoldAcks(id, hold) {
        client(id)?.setHoldAcks(hold);
        set((s) => {
          const view = s.clients[id];
          return view ? { clients: { ...s.clients, [id]: { ...view, holding: hold } } } : {};
        });
      },
      release: (id, count) => client(id)?.release(count),
      play: () => {
        set({ clockWaits: false, clockNote: undefined });
        channel.post({ t: 'play' });
      },
      pause: () => {
        set({ clockWaits: false, clockNote: undefined });
        channel.post({ t: 'pause' });
      },
      setSpeed: (speed) => channel.post({ t: 'speed', speed }),
      jump: () => {
        set({ clockNote: undefined });
        channel.post({ t: 'jump' });
      },
      applySetup(setup) {
        const errors = validateOverrides(setup.overrides as Record<string, unknown>);
        if (!Object.hasOwn(PROFILES, setup.profile))
          errors.push(`profile: unknown profile ${String(setup.profile)}`);
        if (!Number.isInteger(setup.seed)) errors.push('seed: a whole number');
        if (errors.length) return errors;
        set({ setup });
        actions.reset();
        notice(
          'info',
          remote
            ? `A new run against ${remote.label}: the page's connections were closed. The remote broker keeps its own rules (no profile applies) and whatever sessions it kept.`
            : `Broker restarted with the ${PROFILES[setup.profile].label} profile.`,
        );
        return [];
      },
      reset() {
        for (const c of sessionClients.values()) c.destroy();
        for (const [id, c] of sessionClients) sessionClients.set(id, sessionClient(id, c.config));
        liveView = emptyBrokerView();
        eventsPending = false;
        pendingClients = new Map();
        // The old broker's connections: an answer to one still on its way finds no owner.
        socketOwners.clear();
        connOwners.clear();
        log.clear();
        channel.post({ t: 'reset', setup: get().setup, epoch: ++epoch });
        set((s) => ({
          broker: liveView,
          logSize: 0,
          travel: null,
          selected: null,
          clients: Object.fromEntries(
            s.clientOrder.map((id) => [id, newClientView(id, s.clients[id]!.config)]),
          ),
        }));
      },
      dismissNotice: () => set({ notice: undefined }),
      travelTo: (at) =>
        set({ travel: at === null ? null : Math.max(0, Math.min(at, get().clock.now)) }),
      select: (seq) => set({ selected: seq }),
    };

    return {
      setup: DEFAULT_SETUP,
      broker: liveView,
      clients: {},
      clientOrder: [],
      clock: { now: 0, speed: 1, paused: false, blocked: false },
      wallElapsed: 0,
      logSize: 0,
      travel: null,
      selected: null,
      clockWaits: waitForFirstClient,
      actions,
    };
  });
  if (waitForFirstClient) channel.post({ t: 'pause' });

  function addView(name: string, config: ClientConfig): void {
    sessionClients.set(name, sessionClient(name, config));
    store.setState((s) => ({
      clients: { ...s.clients, [name]: newClientView(name, config) },
      clientOrder: [...s.clientOrder, name],
    }));
  }

  /** Logs and folds a batch of the broker's events; the view shows them at the next flush. */
  function takeEvents(events: readonly BrokerEvent[]): void {
    if (events.length === 0) return;
    const wasFull = log.full;
    log.append(events);
    if (log.full && !wasFull) logFull = true;
    // The store keeps only the latest view: it is moved forward in place.
    liveView = applyBrokerEvents(liveView, events, { inPlace: true });
    eventsPending = true;
  }

  /**
   * A batch that replaces the log from index `from` on (a remote broker's: what arrives on
   * resume revises what was derived before). The past changed: the view is folded afresh.
   */
  function takeRewrite(from: number, events: readonly BrokerEvent[]): void {
    // At or past the end, nothing of the past changes: an append (no new generation).
    if (from >= log.size) return takeEvents(events);
    const wasFull = log.full;
    log.rewrite(from, events);
    if (log.full && !wasFull) logFull = true;
    liveView = applyBrokerEvents(emptyBrokerView(), log.all(), { inPlace: true });
    eventsPending = true;
  }

  function queueClient(id: string, update: ClientUpdate): void {
    let list = pendingClients.get(id);
    if (!list) pendingClients.set(id, (list = []));
    list.push(update);
    requestFlush();
  }

  let lastClockOnly = 0;
  /** A clock-only flush put off to keep the clock at ten renders a second. */
  let delayed: ReturnType<typeof setTimeout> | undefined;

  function requestFlush(): void {
    // Events and client updates do not wait for a put-off clock flush.
    if (delayed !== undefined && (eventsPending || pendingClients.size > 0)) {
      clearTimeout(delayed);
      delayed = undefined;
      flushScheduled = false;
    }
    if (flushScheduled) return;
    flushScheduled = true;
    schedule(() => flush());
  }

  let lastFlush = Number.NEGATIVE_INFINITY;

  /** `now`: apply what waits even while a burst holds renders back (flushNow). */
  function flush(now = false): void {
    flushScheduled = false;
    // While the page takes in a burst (the channel has work waiting), it shows it at most every
    // busyFlushMs: a render, and the layout and paint after it, cost the same whatever they show,
    // and the frames in between go to taking the burst in.
    const wall = performance.now();
    if (!now && busyFlushMs > 0 && !channel.idle && wall - lastFlush < busyFlushMs) {
      flushScheduled = true;
      schedule(() => flush());
      return;
    }
    lastFlush = wall;
    // With nothing but the clock to show, the page need not re-render every frame: ten times
    // a second is enough for a clock, and leaves the frames to the clients at 3600×.
    if (!eventsPending && pendingClients.size === 0) {
      const wall = performance.now();
      if (wall - lastClockOnly < 100) {
        flushScheduled = true;
        delayed = setTimeout(
          () => {
            delayed = undefined;
            flush();
          },
          100 - (wall - lastClockOnly),
        );
        return;
      }
      lastClockOnly = wall;
    }
    const events = eventsPending;
    const clientUpdates = pendingClients;
    const clock = pendingClock;
    eventsPending = false;
    pendingClients = new Map();
    pendingClock = undefined;
    if (logFull) {
      logFull = false;
      const text = `The event log is full (${log.limit.toLocaleString('en')} events): the timeline, time travel and the export stop at ${formatClock(log.all().at(-1)!.at)}. The broker and the session panels carry on. Reset to start a new log.`;
      store.setState({ notice: { kind: 'error', text } });
    }
    store.setState((s) => {
      const patch: Partial<AppState> = { wallElapsed: performance.now() - wallStart };
      if (events) {
        patch.broker = liveView;
        patch.logSize = log.size;
      }
      if (clock) patch.clock = clock;
      if (clientUpdates.size) {
        const clients = { ...s.clients };
        for (const [id, updates] of clientUpdates) {
          const view = clients[id];
          if (view) clients[id] = applyClientUpdates(view, updates);
        }
        patch.clients = clients;
      }
      return patch;
    });
  }

  channel.onFault = (error) => {
    console.error(error);
    store.setState({
      notice: {
        kind: 'error',
        text: `The page failed to take in a message from the broker (${error instanceof Error ? error.message : String(error)}); what follows is still taken in. Reset starts afresh.`,
      },
    });
  };
  const stop = channel.listen((m: WorkerMessage) => {
    switch (m.t) {
      case 'events':
        if (m.epoch !== epoch) break;
        if (m.rewriteFrom !== undefined) takeRewrite(m.rewriteFrom, m.events);
        else takeEvents(m.events);
        pendingClock = m.clock;
        requestFlush();
        break;
      case 'open': {
        const owner = socketOwners.get(m.conn);
        if (owner !== undefined) connOwners.set(m.connId, owner);
        break;
      }
      case 'error':
        // Said beside the control that asked, not at the top of the page, out of sight.
        if (m.about === 'jump') store.setState({ clockNote: m.message });
        else store.setState({ notice: { kind: 'error', text: m.message } });
        break;
      default:
        break;
    }
  });

  return Object.assign(store, {
    log,
    connOwners,
    channel,
    ...(remote ? { remote } : {}),
    flushNow() {
      if (eventsPending || pendingClients.size > 0) flush(true);
    },
    dispose() {
      stop();
      for (const c of sessionClients.values()) c.destroy();
    },
  });
}
