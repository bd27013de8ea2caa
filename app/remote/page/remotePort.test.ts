import { createServer, type Server } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BrokerEvent } from '../../broker';
import { defaultClientConfig } from '../../clients/clientConfig';
import { startHost, type Host } from '../../host/host';
import { waitFor } from '../../host/testing/waitFor';
import { ScenarioRunner } from '../../scenario/runner';
import { eventLogJson, readEventLogJson } from '../../timeline/exportLog';
import { createAppStore, type AppStore } from '../../store/appStore';
import { WorkerChannel } from '../../transport/workerChannel';
import type { WorkerMessage } from '../../worker/protocol';
import { DEFAULT_SETUP } from '../../worker/setup';
import { STORY } from '../testing/scenarios';
import type { RemoteEvent } from '../remoteEvent';
import type { RemoteMode } from './remoteMode';
import { RemotePort, REWRITE_MS, type SocketFactory, type SocketLike } from './remotePort';

const nodeSocket: SocketFactory = (url, protocols) =>
  new WebSocket(url, protocols) as unknown as ReturnType<SocketFactory>;

let host: Host;
let url: string;
beforeAll(async () => {
  host = await startHost({
    host: '127.0.0.1',
    port: 0,
    wsPort: 0,
    profile: 'mosquitto',
    overrides: {},
    seed: 1,
    access: { denySubscribe: [], denyPublish: [] },
  });
  url = `ws://127.0.0.1:${host.wsPort}/mqtt`;
});
afterAll(() => host.close());

const opened: { store: AppStore; port: RemotePort }[] = [];
afterEach(() => {
  for (const { store, port } of opened.splice(0)) {
    store.dispose();
    port.dispose();
  }
});

/** The page's store over a remote port, as main.tsx makes it with `?broker=`. */
function remotePage(target = url, timeoutMs?: number, credentials: RemoteMode['credentials'] = {}) {
  const mode: RemoteMode = {
    url: target,
    label: target,
    origin: new URL(target).origin,
    idPrefix: 'lab-',
    credentials,
  };
  const port = new RemotePort({
    url: target,
    label: target,
    socket: nodeSocket,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  const store = createAppStore(
    new WorkerChannel(port),
    (fn) => setTimeout(fn, 0),
    undefined,
    false,
    mode,
  );
  opened.push({ store, port });
  return { store, port };
}

const of = (log: readonly BrokerEvent[], type: string) =>
  log.filter((e) => e.type === type) as RemoteEvent[];

describe('the page against a remote broker (our Node host over WebSocket)', () => {
  it('a scenario plays through the page’s runner, store and clients: observed, inferred, not observable', async () => {
    const { store } = remotePage();
    const runner = new ScenarioRunner(STORY, store);
    await runner.load();
    const report = await runner.runAll();
    expect(report.steps.filter((s) => s.error)).toEqual([]);
    // Each client id is the person's prefix, the run's tag, then the scenario's id.
    expect(runner.ids.A).toMatch(/^lab-[0-9a-f]{8}-A$/);
    expect(store.getState().clients.A!.config.clientId).toBe(runner.ids.A);
    expect(report.verdicts.map((v) => [v.pass, 'status' in v ? v.status : ''])).toEqual([
      [true, 'pass'],
      [true, 'pass'],
      [true, 'pass'],
      [false, 'not-observable'],
    ]);
    expect(report.passed).toBe(true);
    const log = store.log.all();
    // The CONNACKs were seen; the session's store is concluded from what arrived on resume.
    const connacks = of(log, 'connack.sent').filter(
      (e) => 'clientId' in e && e.clientId === runner.ids.A,
    );
    expect(connacks.map((e) => [e.origin, 'sessionPresent' in e && e.sessionPresent])).toEqual([
      ['observed', false],
      ['observed', true],
    ]);
    const stored = of(log, 'message.stored');
    expect(stored).toHaveLength(5);
    expect(new Set(stored.map((e) => e.origin))).toEqual(new Set(['inferred']));
    const resumed = of(log, 'session.resumed')[0]!;
    expect([resumed.origin, 'stored' in resumed && resumed.stored]).toEqual(['inferred', 5]);
    // Stored while A was away: before its second CONNACK, in the log's time order.
    expect(stored.every((e) => e.at < connacks[1]!.at)).toBe(true);
    const times = log.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Topics carry the run's tag too.
    const published = of(log, 'message.published');
    expect(published.every((e) => 'topic' in e && e.topic.startsWith('lab/'))).toBe(true);
    // The session view the cards and the stage read: A's five, acknowledged, replay inferred.
    const view = store.getState().broker.sessions[runner.ids.A!]!;
    expect(view.replay?.sent).toBe(5);
    expect(view.lastConnack?.sessionPresent).toBe(true);
  }, 30_000);

  it('bytes a client writes while its socket closes are not recorded as sent', async () => {
    /** A socket the test opens and closes by hand. */
    class HandSocket implements SocketLike {
      binaryType = 'arraybuffer';
      readyState = 0;
      readonly sent: Uint8Array[] = [];
      onopen: SocketLike['onopen'] = null;
      onmessage: SocketLike['onmessage'] = null;
      onclose: SocketLike['onclose'] = null;
      onerror: SocketLike['onerror'] = null;
      send(data: Uint8Array): void {
        this.sent.push(data);
      }
      close(): void {
        this.readyState = 2;
      }
    }
    const socket = new HandSocket();
    const port = new RemotePort({ url, label: url, socket: () => socket });
    opened.push({ store: { dispose() {} } as AppStore, port });
    const events: BrokerEvent[] = [];
    port.onBatch((b) => {
      for (const m of b.messages) if (m.t === 'events') events.push(...m.events);
    });
    const packet = (p: object) => new Uint8Array(mqttPacket.generate(p as mqttPacket.Packet));
    port.postMessage([{ t: 'open', conn: 1 }]);
    socket.readyState = 1;
    socket.onopen!({});
    port.postMessage([
      {
        t: 'data',
        conn: 1,
        bytes: packet({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clientId: 'lab-A',
          clean: true,
          keepalive: 60,
        }),
      },
    ]);
    socket.close(); // closing: the broker's end has not answered yet
    port.postMessage([
      {
        t: 'data',
        conn: 1,
        bytes: packet({
          cmd: 'publish',
          topic: 't',
          payload: 'late',
          qos: 0,
          retain: false,
          dup: false,
        }),
      },
      { t: 'sync', id: 1 },
    ]);
    await waitFor(() => events.some((e) => e.type === 'packet.in'), 'the CONNECT recorded');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.sent).toHaveLength(1);
    expect(events.filter((e) => e.type === 'packet.in').map((e) => 'cmd' in e && e.cmd)).toEqual([
      'connect',
    ]);
    expect(events.some((e) => e.type === 'message.published')).toBe(false);
  });

  it('a wait before the first connection ends in real time, and a sync after it is answered', async () => {
    const port = new RemotePort({ url, label: url, socket: nodeSocket });
    opened.push({ store: { dispose() {} } as AppStore, port });
    const got: WorkerMessage[] = [];
    port.onBatch((batch) => got.push(...batch.messages));
    const started = performance.now();
    port.postMessage([
      { t: 'reset', setup: DEFAULT_SETUP, epoch: 1 },
      { t: 'advance', to: 300 },
      { t: 'sync', id: 7 },
    ]);
    await waitFor(() => got.some((m) => m.t === 'synced' && m.id === 7), 'the sync', 5_000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('the credentials stay in memory: the log, its export and the inspector see them masked', async () => {
    const secret = { username: 'alice-user', password: 'pa55-s3cret-word' };
    const { store } = remotePage(url, undefined, secret);
    const { addClient, connect } = store.getState().actions;
    const id = `C${Math.random().toString(16).slice(2, 8)}`;
    addClient(defaultClientConfig(id));
    connect(id);
    await waitFor(() => store.getState().clients[id]!.status === 'connected', 'C to connect');
    await waitFor(() => of(store.log.all(), 'packet.in').length > 0, 'the CONNECT in the log');
    const connect0 = of(store.log.all(), 'packet.in').find(
      (e) => 'cmd' in e && e.cmd === 'connect',
    )!;
    const bytes = Buffer.from((connect0 as { bytes: Uint8Array }).bytes);
    // The CONNECT went with both (the broker let C in), and the log keeps its shape…
    expect(bytes.includes('*'.repeat(secret.password.length))).toBe(true);
    // …but neither the user name nor the password, in its bytes or in the export.
    const meta = { profile: 'remote', overrides: {}, seed: 0, exportedAt: '' };
    const exported = eventLogJson(store.log.all(), meta);
    const readBack = readEventLogJson(exported).events.flatMap((e) =>
      'bytes' in e ? [Buffer.from(e.bytes)] : [],
    );
    expect(readBack.length).toBeGreaterThan(0);
    for (const value of [secret.username, secret.password]) {
      expect(bytes.includes(value)).toBe(false);
      expect(exported).not.toContain(value);
      expect(readBack.some((b) => b.includes(value))).toBe(false);
    }
  }, 20_000);

  it('by hand: the client id gets the prefix, and the store stays unknown until A comes back', async () => {
    const { store } = remotePage();
    const { addClient, connect, subscribe, disconnect, burst } = store.getState().actions;
    const tag = Math.random().toString(16).slice(2, 8);
    addClient(defaultClientConfig(`A${tag}`));
    addClient({ ...defaultClientConfig(`B${tag}`), clean: true });
    const [a, b] = [`A${tag}`, `B${tag}`];
    const state = () => store.getState();
    expect(state().clients[a]!.config.clientId).toBe(`lab-A${tag}`);
    const wallBefore = performance.now();
    connect(a);
    await waitFor(() => state().clients[a]!.status === 'connected', 'A to connect');
    expect(
      await subscribe(a, `t${tag}/#`, {
        qos: 1,
        noLocal: false,
        retainAsPublished: false,
        retainHandling: 0,
      }),
    ).toBeUndefined();
    disconnect(a);
    await waitFor(() => state().clients[a]!.status === 'offline', 'A to leave');
    connect(b);
    await waitFor(() => state().clients[b]!.status === 'connected', 'B to connect');
    const request = {
      topic: `t${tag}/x`,
      payload: 'm',
      format: 'text' as const,
      qos: 1 as const,
      retain: false,
      messageExpiry: 0,
    };
    expect(burst(b, request, 3, 0)).toEqual({});
    await waitFor(() => of(store.log.all(), 'message.published').length === 3, 'the publishes');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Nothing says what the broker holds for A while it is away.
    expect(of(store.log.all(), 'message.stored')).toEqual([]);
    expect(state().broker.sessions[`lab-A${tag}`]!.status).toBe('away');
    const generation = store.log.generation;
    connect(a);
    await waitFor(() => state().clients[a]!.receivedCount === 3, 'the three to arrive');
    expect(state().clients[a]!.sessionPresent).toBe(true);
    await waitFor(() => of(store.log.all(), 'message.stored').length === 3, 'the inference');
    // What arrived on resume rewrote the past: the log's generation moved on.
    expect(store.log.generation).toBeGreaterThan(generation);
    // The clock is the wall clock since the first connection: past the 300 ms waited above
    // (the page hears of it a moment late), never ahead of the wall.
    expect(state().clock.speed).toBe(1);
    await waitFor(() => state().clock.now > 300, 'the clock to pass the 300 ms waited');
    expect(state().clock.now).toBeLessThanOrEqual(performance.now() - wallBefore);
  }, 20_000);

  it('a paced replay rewrites the page’s log at most every REWRITE_MS, and ends exact', async () => {
    // A broker that replays 20 a second: every arrival revises the past (one more was stored).
    const paced = await startHost({
      host: '127.0.0.1',
      port: 0,
      wsPort: 0,
      profile: 'mosquitto',
      overrides: { replayRate: 20 },
      seed: 1,
      access: { denySubscribe: [], denyPublish: [] },
    });
    try {
      const { store, port } = remotePage(`ws://127.0.0.1:${paced.wsPort}/mqtt`);
      const { addClient, connect, subscribe, disconnect, burst } = store.getState().actions;
      const state = () => store.getState();
      addClient(defaultClientConfig('A'));
      addClient({ ...defaultClientConfig('B'), clean: true });
      connect('A');
      await waitFor(() => state().clients.A!.status === 'connected', 'A to connect');
      await subscribe('A', 'p/#', {
        qos: 1,
        noLocal: false,
        retainAsPublished: false,
        retainHandling: 0,
      });
      disconnect('A');
      await waitFor(() => state().clients.A!.status === 'offline', 'A to leave');
      connect('B');
      await waitFor(() => state().clients.B!.status === 'connected', 'B to connect');
      const request = {
        topic: 'p/x',
        payload: 'm',
        format: 'text' as const,
        qos: 1 as const,
        retain: false,
        messageExpiry: 0,
      };
      burst('B', request, 20, 0);
      await waitFor(() => of(store.log.all(), 'message.published').length === 20, 'the publishes');
      const rewrites: number[] = [];
      port.onBatch((batch) => {
        for (const m of batch.messages)
          if (m.t === 'events' && m.rewriteFrom !== undefined) rewrites.push(Date.now());
      });
      const started = Date.now();
      connect('A');
      await waitFor(() => state().clients.A!.receivedCount === 20, 'the twenty to arrive');
      const took = Date.now() - started;
      // Paced at 20 a second, the twenty take about a second to arrive.
      expect(took).toBeGreaterThan(700);
      await waitFor(() => of(store.log.all(), 'message.stored').length === 20, 'the inference');
      expect(rewrites.length).toBeGreaterThan(1);
      const gaps = rewrites.slice(1).map((t, i) => t - rewrites[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(REWRITE_MS - 20);
      expect(rewrites.length).toBeLessThanOrEqual(Math.ceil(took / REWRITE_MS) + 2);
    } finally {
      await paced.close();
    }
  }, 20_000);

  it('a refused connection: the client’s card says why, and the playground carries on', async () => {
    // A port with nothing listening on it.
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const { port: closedPort } = free.address() as { port: number };
    await new Promise((resolve) => free.close(resolve));
    const { store } = remotePage(`ws://127.0.0.1:${closedPort}/mqtt`);
    store.getState().actions.addClient(defaultClientConfig('A'));
    store.getState().actions.connect('A');
    await waitFor(() => store.getState().clients.A!.error !== undefined, 'an error on A');
    expect(store.getState().clients.A!.error).toContain(
      `could not open a WebSocket to ws://127.0.0.1:${closedPort}/mqtt`,
    );
    await waitFor(() => store.getState().clients.A!.status === 'offline', 'A offline');
    // The page carries on: another client can be added, and A can try again.
    expect(store.getState().actions.addClient(defaultClientConfig('B'))).toEqual({});
    store.getState().actions.connect('A');
    await waitFor(() => store.getState().clients.A!.status === 'offline', 'A offline again');
    expect(store.log.all().filter((e) => e.type === 'connack.sent')).toEqual([]);
  });

  it('a server that never answers: a timeout, said on the card', async () => {
    // Accepts TCP and says nothing: the WebSocket handshake never completes.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port: p } = silent.address() as { port: number };
    try {
      const { store } = remotePage(`ws://127.0.0.1:${p}/mqtt`, 400);
      store.getState().actions.addClient(defaultClientConfig('A'));
      store.getState().actions.connect('A');
      await waitFor(() => store.getState().clients.A!.error !== undefined, 'an error on A');
      expect(store.getState().clients.A!.error).toBe(
        `no answer from ws://127.0.0.1:${p}/mqtt within 0.4 s`,
      );
    } finally {
      silent.close();
    }
  });

  it('the clock cannot jump or run faster: it says so', async () => {
    const { store } = remotePage();
    store.getState().actions.setSpeed(3600);
    await waitFor(() => store.getState().notice !== undefined, 'a notice');
    expect(store.getState().notice?.text).toContain('keeps its own time');
    store.getState().actions.dismissNotice();
    store.getState().actions.jump();
    await waitFor(() => store.getState().notice !== undefined, 'a notice');
    expect(store.getState().notice?.text).toContain('no next event to jump to');
  });
});
