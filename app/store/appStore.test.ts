import type { IClientOptions } from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { simTime, type BrokerEvent } from '../broker';
import { defaultClientConfig, type ClientConfig } from '../clients/clientConfig';
import { WorkerChannel, type WorkerLike } from '../transport/workerChannel';
import { InProcessWorker } from '../worker/inProcessWorker';
import type { BrokerSetup, PageMessage, WorkerMessage, WorkerBatch } from '../worker/protocol';
import { DEFAULT_SETUP } from '../worker/setup';
import { ModelFeed } from '../timeline/modelFeed';
import { createAppStore, type AppStore } from './appStore';
import { uniqueName } from './names';
import { numbered, type PublishRequest } from './publishRequest';

/*
 * mqtt.js's Node build honours `createWebsocket`, but hands the socket it returns to
 * `ws.createWebSocketStream`, which needs the `ws` package's EventEmitter API (`socket.on`):
 * with a browser-style WebSocket such as PortSocket it throws "ws.on is not a function".
 * `forceNativeWebSocket: true` makes Node use the browser stream builder, as the browser
 * bundle does; it has to be set on the first connect of the process, because mqtt.js keeps
 * the protocol table it picks then. The page itself does not set it (see the report).
 */
vi.mock('mqtt', async (importOriginal) => {
  const actual = await importOriginal<typeof import('mqtt')>();
  const real = actual.default;
  const connect = (url: string, options: IClientOptions) =>
    real.connect(url, { ...options, forceNativeWebSocket: true });
  return { ...actual, default: { ...real, connect } };
});

/** A page channel over a Worker stand-in that only records what the page posts. */
class RecordingWorker implements WorkerLike {
  readonly posted: PageMessage[] = [];
  private listener?: (batch: WorkerBatch) => void;
  postMessage(messages: PageMessage[]): void {
    this.posted.push(...messages);
  }
  onBatch(fn: (batch: WorkerBatch) => void): void {
    this.listener = fn;
  }
  emit(message: WorkerMessage): void {
    this.listener!({ messages: [message] });
  }
}

const stores: AppStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

/** A store whose flushes run at once. */
function recordingStore(): { store: AppStore; worker: RecordingWorker } {
  const worker = new RecordingWorker();
  const store = createAppStore(new WorkerChannel(worker), (fn) => fn());
  stores.push(store);
  return { store, worker };
}

function liveStore(): { store: AppStore; worker: InProcessWorker } {
  const worker = new InProcessWorker();
  const store = createAppStore(new WorkerChannel(worker), (fn) => fn());
  stores.push(store);
  return { store, worker };
}

/** Waits (bounded) until `cond` holds, letting messages cross. */
async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const request = (patch: Partial<PublishRequest> = {}): PublishRequest => ({
  topic: 't/x',
  payload: 'hello',
  format: 'text',
  qos: 1,
  retain: false,
  messageExpiry: 0,
  ...patch,
});

const subOptions = {
  qos: 1 as const,
  noLocal: false,
  retainAsPublished: false,
  retainHandling: 0 as const,
};

const event = (seq: number, clientId: string): BrokerEvent => ({
  type: 'session.created',
  clientId,
  persistent: true,
  expiry: 3600,
  seq,
  at: simTime(0),
});

const clock = { now: 5, speed: 1, paused: false, blocked: false };

describe('appStore: adding clients', () => {
  it('adds a client by its id', () => {
    const { store } = recordingStore();
    expect(store.getState().actions.addClient(defaultClientConfig('A'))).toEqual({});
    expect(store.getState().clientOrder).toEqual(['A']);
    expect(store.getState().clients.A).toMatchObject({ name: 'A', status: 'offline', connects: 0 });
  });

  it('refuses a second client with the same id, and leaves the page as it was', () => {
    const { store } = recordingStore();
    store.getState().actions.addClient(defaultClientConfig('A'));
    const before = store.getState().clients;
    expect(
      store.getState().actions.addClient({ ...defaultClientConfig('A'), clean: true }),
    ).toEqual({
      clientId: 'a client with id “A” is already in the playground',
    });
    expect(store.getState().clientOrder).toEqual(['A']);
    expect(store.getState().clients).toBe(before);
  });

  it('refuses an empty id with cleanSession=0 on 3.1.1; names an empty id with cleanSession=1', () => {
    const { store } = recordingStore();
    const { addClient } = store.getState().actions;
    expect(addClient({ ...defaultClientConfig(''), clean: false, protocolVersion: 4 })).toEqual({
      clientId: 'an empty id needs cleanSession=1 in MQTT 3.1.1 (the broker would refuse it)',
    });
    expect(store.getState().clientOrder).toEqual([]);
    expect(addClient({ ...defaultClientConfig(''), clean: true })).toEqual({});
    expect(store.getState().clientOrder).toEqual(['(empty id)']);
  });

  it('refuses every wrong field at once', () => {
    const { store } = recordingStore();
    const bad: ClientConfig = { ...defaultClientConfig(' A'), keepalive: -1, sessionExpiry: 1.5 };
    expect(Object.keys(store.getState().actions.addClient(bad)).sort()).toEqual([
      'clientId',
      'keepalive',
      'sessionExpiry',
    ]);
  });

  it('a twin has the same client id under another name', () => {
    const { store } = recordingStore();
    const { addClient, addTwin } = store.getState().actions;
    addClient(defaultClientConfig('A'));
    expect(addTwin('A')).toBe('A′');
    expect(addTwin('A')).toBe('A″');
    expect(addTwin('nobody')).toBeUndefined();
    const { clients, clientOrder } = store.getState();
    expect(clientOrder).toEqual(['A', 'A′', 'A″']);
    expect(clients['A′']!.config.clientId).toBe('A');
    expect(clients['A″']!.name).toBe('A″');
  });

  it('removeClient forgets it', () => {
    const { store } = recordingStore();
    store.getState().actions.addClient(defaultClientConfig('A'));
    store.getState().actions.removeClient('A');
    expect(store.getState().clientOrder).toEqual([]);
    expect(store.getState().clients).toEqual({});
    expect(store.getState().actions.addClient(defaultClientConfig('A'))).toEqual({});
  });
});

describe('appStore against a remote broker', () => {
  const remote = () => ({
    url: 'ws://127.0.0.1:9001/mqtt',
    label: 'ws://127.0.0.1:9001/mqtt',
    origin: 'ws://127.0.0.1:9001',
    idPrefix: 'qa-',
    credentials: {} as { username?: string; password?: string },
  });
  function remoteStore(mode = remote()) {
    const worker = new RecordingWorker();
    const store = createAppStore(new WorkerChannel(worker), (fn) => fn(), undefined, false, mode);
    stores.push(store);
    return { store, worker, mode };
  }

  it('a client id typed by hand gets the chosen prefix and nothing else; an empty id stays empty', () => {
    const { store } = remoteStore();
    const { addClient } = store.getState().actions;
    expect(addClient(defaultClientConfig('A'))).toEqual({});
    expect(store.getState().clientOrder).toEqual(['A']);
    expect(store.getState().clients.A!.config.clientId).toBe('qa-A');
    // The prefixed id is the one taken.
    expect(addClient(defaultClientConfig('A')).clientId).toContain('“qa-A” is already');
    expect(addClient({ ...defaultClientConfig(''), clean: true })).toEqual({});
    expect(store.getState().clients['(empty id)']!.config.clientId).toBe('');
    // A name can be given (a scenario's client, whose id carries its run's tag).
    expect(addClient(defaultClientConfig('1a2b3c4d-B'), 'B')).toEqual({});
    expect(store.getState().clients.B!.config.clientId).toBe('qa-1a2b3c4d-B');
    expect(store.remote?.origin).toBe('ws://127.0.0.1:9001');
  });

  it('a twin keeps the prefixed id; the in-page store prefixes nothing', () => {
    const { store } = remoteStore();
    store.getState().actions.addClient(defaultClientConfig('A'));
    const twin = store.getState().actions.addTwin('A')!;
    expect(store.getState().clients[twin]!.config.clientId).toBe('qa-A');
    const { store: local } = recordingStore();
    local.getState().actions.addClient(defaultClientConfig('A'));
    expect(local.getState().clients.A!.config.clientId).toBe('A');
    expect(local.remote).toBeUndefined();
  });

  it('the credentials typed in the page go in the CONNECT, read at each connect', async () => {
    const { store, worker, mode } = remoteStore();
    store.getState().actions.addClient(defaultClientConfig('A'));
    mode.credentials.username = 'qa';
    mode.credentials.password = 's3cret';
    store.getState().actions.connect('A');
    await until(() => worker.posted.some((m) => m.t === 'open'), 'the socket to open');
    worker.emit({ t: 'open', conn: 1, connId: 1 });
    await until(() => worker.posted.some((m) => m.t === 'data'), 'the CONNECT');
    const data = worker.posted.find((m) => m.t === 'data')!;
    const text = new TextDecoder('latin1').decode(data.t === 'data' ? data.bytes : undefined);
    expect(text).toContain('qa-A');
    expect(text).toContain('qa');
    expect(text).toContain('s3cret');
  });

  it('a reset says the remote broker keeps its own rules', () => {
    const { store } = remoteStore();
    store.getState().actions.applySetup(DEFAULT_SETUP);
    expect(store.getState().notice?.text).toContain('A new run against ws://127.0.0.1:9001/mqtt');
  });
});

describe('appStore: publish, burst and subscribe are checked before anything is sent', () => {
  function withClient() {
    const r = recordingStore();
    r.store.getState().actions.addClient(defaultClientConfig('A'));
    r.worker.posted.length = 0;
    return r;
  }

  it('a topic with a wildcard', () => {
    const { store } = withClient();
    expect(store.getState().actions.publish('A', request({ topic: 'a/+' }))).toEqual({
      topic: 'topic name contains a wildcard (+ or #)',
    });
    expect(store.getState().actions.publish('A', request({ topic: '' }))).toEqual({
      topic: 'topic name is empty',
    });
  });

  it('a payload that is not JSON in the JSON format', () => {
    const { store } = withClient();
    const errors = store
      .getState()
      .actions.publish('A', request({ payload: '{"a":', format: 'json' }));
    expect(Object.keys(errors)).toEqual(['payload']);
    expect(errors.payload).toMatch(/^not valid JSON: /);
  });

  it('a payload too big for the aws profile (128 KiB packets)', () => {
    const { store } = withClient();
    expect(store.getState().setup.profile).toBe('aws');
    const errors = store
      .getState()
      .actions.publish('A', request({ payload: 'x'.repeat(128 * 1024) }));
    expect(errors.payload).toBe(
      "131072 bytes is over the broker's limit (131072 bytes per packet, topic and header included)",
    );
  });

  it('a topic longer than the profile allows (aws: 256 bytes)', () => {
    const { store, worker } = withClient();
    const topic = `t/${'é'.repeat(128)}`;
    expect(store.getState().actions.publish('A', request({ topic }))).toEqual({
      topic: 'the topic is 258 bytes; this profile allows at most 256',
    });
    expect(worker.posted).toEqual([]);
  });

  it('a bad message expiry', () => {
    const { store } = withClient();
    for (const messageExpiry of [-1, 1.5, NaN]) {
      expect(store.getState().actions.publish('A', request({ messageExpiry }))).toEqual({
        messageExpiry: 'a whole number of seconds, 0 for none',
      });
    }
  });

  it('a valid publish from a client that is not connected', () => {
    const { store, worker } = withClient();
    expect(store.getState().actions.publish('A', request())).toEqual({
      form: 'connect the client first',
    });
    expect(store.getState().actions.publish('nobody', request())).toEqual({
      form: 'connect the client first',
    });
    expect(worker.posted).toEqual([]);
  });

  const counts: [number, boolean][] = [
    [0, false],
    [1, true],
    [10_000, true],
    [10_001, false],
    [1.5, false],
    [NaN, false],
  ];
  for (const [count, ok] of counts) {
    it(`burst of ${count}: ${ok ? 'fine' : 'refused'}`, () => {
      const { store } = withClient();
      const errors = store.getState().actions.burst('A', request(), count, 10);
      if (ok) expect(errors).toEqual({ form: 'connect the client first' });
      else expect(errors).toEqual({ count: 'from 1 to 10000 messages' });
    });
  }

  const rates: [number, boolean][] = [
    [-1, false],
    [0, true],
    [0.5, true],
    [1000, true],
    [1000.5, false],
    [Infinity, false],
    [NaN, false],
  ];
  for (const [rate, ok] of rates) {
    it(`burst at ${rate} per second: ${ok ? 'fine' : 'refused'}`, () => {
      const { store } = withClient();
      const errors = store.getState().actions.burst('A', request(), 10, rate);
      if (ok) expect(errors).toEqual({ form: 'connect the client first' });
      else expect(errors).toEqual({ rate: 'from 0 (all at once) to 1000 per second' });
    });
  }

  it('a burst reports its topic, count and rate errors together', () => {
    const { store } = withClient();
    expect(
      Object.keys(store.getState().actions.burst('A', request({ topic: '#' }), 0, -1)).sort(),
    ).toEqual(['count', 'rate', 'topic']);
  });

  it("subscribe to 'a/#/b' returns the filter's error; a client not connected is told so", async () => {
    const { store, worker } = withClient();
    const { subscribe } = store.getState().actions;
    await expect(subscribe('A', 'a/#/b', subOptions)).resolves.toBe(
      "'#' must be the last level, alone in it",
    );
    await expect(subscribe('A', 'a/b+', subOptions)).resolves.toBe(
      "'+' must stand alone in its level",
    );
    await expect(subscribe('A', 'a/#', subOptions)).resolves.toBe('connect the client first');
    expect(worker.posted).toEqual([]);
  });
});

describe('appStore: the broker setup', () => {
  it('bad overrides: messages back, the setup unchanged, nothing sent to the worker', () => {
    const { store, worker } = recordingStore();
    const bad = {
      profile: 'aws',
      overrides: { replayRate: -1, queueLimit: 'many' },
      seed: 1,
    } as unknown as BrokerSetup;
    const errors = store.getState().actions.applySetup(bad);
    expect(errors).toEqual([
      'replayRate: must be a number ≥ 0 (Infinity for no limit)',
      'queueLimit: must be a number ≥ 0 (Infinity for no limit)',
    ]);
    expect(store.getState().setup).toBe(DEFAULT_SETUP);
    expect(worker.posted).toEqual([]);
  });

  const refused: [string, BrokerSetup, RegExp][] = [
    [
      'an unknown profile',
      { profile: 'nope', overrides: {}, seed: 1 } as unknown as BrokerSetup,
      /^profile: unknown profile nope$/,
    ],
    [
      'a seed that is not whole',
      { profile: 'aws', overrides: {}, seed: 1.5 },
      /^seed: a whole number$/,
    ],
    [
      'an unknown figure',
      { profile: 'aws', overrides: { speed: 3 } as never, seed: 1 },
      /^speed: not a profile figure$/,
    ],
    // PROFILES is a plain object: a name it inherits from Object.prototype is not a profile.
    [
      'a profile name from Object.prototype',
      { profile: 'constructor', overrides: {}, seed: 1 } as unknown as BrokerSetup,
      /^profile: unknown profile constructor$/,
    ],
  ];
  for (const [name, setup, message] of refused) {
    it(`refuses ${name}`, () => {
      const { store, worker } = recordingStore();
      const errors = store.getState().actions.applySetup(setup);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
      expect(store.getState().setup).toBe(DEFAULT_SETUP);
      expect(worker.posted).toEqual([]);
    });
  }

  it('a good setup restarts the broker with a new epoch and says so', () => {
    const { store, worker } = recordingStore();
    const setup: BrokerSetup = { profile: 'emqx', overrides: { queueLimit: 5 }, seed: 9 };
    expect(store.getState().actions.applySetup(setup)).toEqual([]);
    expect(store.getState().setup).toEqual(setup);
    expect(worker.posted).toEqual([{ t: 'reset', setup, epoch: 1 }]);
    expect(store.getState().notice).toEqual({
      kind: 'info',
      text: 'Broker restarted with the EMQX 5 profile.',
    });
    store.getState().actions.reset();
    expect(worker.posted.at(-1)).toEqual({ t: 'reset', setup, epoch: 2 });
  });

  it('the clock controls post to the worker', () => {
    const { store, worker } = recordingStore();
    const { play, pause, setSpeed, jump } = store.getState().actions;
    pause();
    setSpeed(60);
    jump();
    play();
    expect(worker.posted).toEqual([
      { t: 'pause' },
      { t: 'speed', speed: 60 },
      { t: 'jump' },
      { t: 'play' },
    ]);
  });
});

describe('appStore: events from the worker', () => {
  it('applies event batches of the current epoch; after a reset, batches of the old epoch are ignored', () => {
    const { store, worker } = recordingStore();
    worker.emit({ t: 'events', epoch: 0, events: [event(1, 'A')], clock });
    expect(store.getState().broker.order).toEqual(['A']);
    expect(store.getState().logSize).toBe(1);
    expect(store.getState().clock).toEqual(clock);
    expect(store.log.size).toBe(1);

    store.getState().actions.reset();
    expect(store.getState().broker.order).toEqual([]);
    expect(store.getState().logSize).toBe(0);
    expect(store.log.size).toBe(0);

    worker.emit({
      t: 'events',
      epoch: 0,
      events: [event(2, 'late')],
      clock: { ...clock, now: 99 },
    });
    expect(store.getState().broker.order).toEqual([]);
    expect(store.log.size).toBe(0);
    expect(store.getState().clock.now).not.toBe(99);

    worker.emit({ t: 'events', epoch: 1, events: [event(1, 'B')], clock });
    expect(store.getState().broker.order).toEqual(['B']);
    expect(store.log.all().map((e) => e.seq)).toEqual([1]);
  });

  it('a full event log keeps what it has and says so; the session panels carry on', () => {
    const worker = new RecordingWorker();
    const store = createAppStore(new WorkerChannel(worker), (fn) => fn(), 3);
    stores.push(store);
    worker.emit({ t: 'events', epoch: 0, events: [event(1, 'A'), event(2, 'B')], clock });
    expect(store.getState().notice).toBeUndefined();
    worker.emit({ t: 'events', epoch: 0, events: [event(3, 'C'), event(4, 'D')], clock });
    expect(store.log.all().map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(store.getState().broker.order).toEqual(['A', 'B', 'C', 'D']);
    expect(store.getState().notice).toEqual({
      kind: 'error',
      text: expect.stringMatching(/^The event log is full \(3 events\): the timeline/),
    });
    // A reset starts a new log with room again.
    store.getState().actions.reset();
    worker.emit({ t: 'events', epoch: 1, events: [event(1, 'E')], clock });
    expect(store.getState().broker.order).toEqual(['E']);
    expect(store.log.size).toBe(1);
  });

  it('gathers batches until the frame: one flush applies them all', () => {
    const worker = new RecordingWorker();
    const frames: (() => void)[] = [];
    const store = createAppStore(new WorkerChannel(worker), (fn) => frames.push(fn));
    stores.push(store);
    worker.emit({ t: 'events', epoch: 0, events: [event(1, 'A')], clock });
    worker.emit({ t: 'events', epoch: 0, events: [event(2, 'B')], clock: { ...clock, now: 7 } });
    expect(frames).toHaveLength(1);
    expect(store.getState().broker.order).toEqual([]);
    frames.shift()!();
    expect(store.getState().broker.order).toEqual(['A', 'B']);
    expect(store.getState().clock.now).toBe(7);
  });

  it('a rewriting batch replaces the log from its index; the view is folded again', () => {
    const worker = new RecordingWorker();
    const frames: (() => void)[] = [];
    const store = createAppStore(new WorkerChannel(worker), (fn) => frames.push(fn));
    stores.push(store);
    const ids = () => store.log.all().map((e) => ('clientId' in e ? e.clientId : ''));
    worker.emit({ t: 'events', epoch: 0, events: [event(1, 'A'), event(2, 'B')], clock });
    frames.shift()!();
    const generation = store.log.generation;
    worker.emit({ t: 'events', epoch: 0, events: [event(3, 'C')], clock });
    // The past changes: the log from index 1 on is replaced, as a new generation.
    worker.emit({
      t: 'events',
      epoch: 0,
      events: [event(2, 'X'), event(3, 'C')],
      clock,
      rewriteFrom: 1,
    });
    expect(store.log.generation).toBe(generation + 1);
    // A rewrite at the log's end changes no past: an append, in the same generation.
    worker.emit({ t: 'events', epoch: 0, events: [event(4, 'E')], clock, rewriteFrom: 3 });
    expect(store.log.generation).toBe(generation + 1);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(ids()).toEqual(['A', 'X', 'C', 'E']);
    // The view shown is folded from the log as it now is (B is gone from it).
    expect(store.getState().broker.order).toEqual(['A', 'X', 'C', 'E']);
    expect(store.getState().logSize).toBe(4);
    // An empty rewrite trims.
    worker.emit({ t: 'events', epoch: 0, events: [], clock, rewriteFrom: 2 });
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(ids()).toEqual(['A', 'X']);
    expect(store.getState().broker.order).toEqual(['A', 'X']);
    expect(store.log.generation).toBe(generation + 2);
  });

  it('flushNow applies at once even while a burst holds the page to a few renders a second', () => {
    const worker = new RecordingWorker();
    const frames: (() => void)[] = [];
    const channel = new WorkerChannel(worker);
    Object.defineProperty(channel, 'idle', { get: () => false }); // a burst is being taken in
    const store = createAppStore(
      channel,
      (fn) => frames.push(fn),
      undefined,
      false,
      undefined,
      10_000,
    );
    stores.push(store);
    worker.emit({ t: 'events', epoch: 0, events: [event(1, 'A')], clock });
    frames.shift()!();
    expect(store.getState().broker.order).toEqual(['A']);
    worker.emit({ t: 'events', epoch: 0, events: [event(2, 'B')], clock });
    frames.shift()!(); // too soon after the last render: held back
    expect(store.getState().broker.order).toEqual(['A']);
    store.flushNow(); // a scenario step or the recorder needs it now
    expect(store.getState().broker.order).toEqual(['A', 'B']);
  });

  it("shows a worker 'error' as a notice; dismissNotice clears it", () => {
    const { store, worker } = recordingStore();
    worker.emit({ t: 'error', message: 'speed must be between 0.1 and 3600, got 0' });
    expect(store.getState().notice).toEqual({
      kind: 'error',
      text: 'speed must be between 0.1 and 3600, got 0',
    });
    store.getState().actions.dismissNotice();
    expect(store.getState().notice).toBeUndefined();
  });
});

describe('appStore end to end: real mqtt.js clients, the real BrokerHost in this process', () => {
  it('connect, subscribe, publish: the message arrives and both views show it', async () => {
    const { store } = liveStore();
    const a = () => store.getState().clients.A!;
    const { actions } = store.getState();
    actions.addClient(defaultClientConfig('A'));
    actions.addClient({ ...defaultClientConfig('B'), clean: true });
    actions.connect('A');
    actions.connect('B');
    await until(
      () => a().status === 'connected' && store.getState().clients.B!.status === 'connected',
      'connect',
    );
    expect(a()).toMatchObject({ connects: 1, sessionPresent: false, connackCode: 0 });
    await expect(actions.subscribe('A', 't/#', subOptions)).resolves.toBeUndefined();
    expect(actions.publish('B', request({ payload: 'hello' }))).toEqual({});
    await until(() => a().received.length === 1, 'the message');
    expect(a().received[0]).toMatchObject({ topic: 't/x', payload: 'hello', qos: 1, dup: false });
    await until(() => store.getState().broker.totals.acknowledged === 1, 'the PUBACK');
    const session = store.getState().broker.sessions.A!;
    expect(session.status).toBe('connected');
    expect(session.subscriptions).toEqual([{ filter: 't/#', qos: 1 }]);
    expect([...session.entries.values()].map((e) => e.state)).toEqual(['acknowledged']);
  });

  it('MQTT 5: properties and a Topic Alias cross from one mqtt.js client to another', async () => {
    const { store } = liveStore();
    const a = () => store.getState().clients.A!;
    const { actions } = store.getState();
    const v5 = { protocolVersion: 5 as const, clean: true };
    expect(
      actions.addClient({
        ...defaultClientConfig('A'),
        ...v5,
        topicAliasMaximum: 4,
        receiveMaximum: 10,
        userProperties: [['site', 'lab']],
      }),
    ).toEqual({});
    actions.addClient({ ...defaultClientConfig('B'), ...v5 });
    actions.connect('A');
    actions.connect('B');
    await until(
      () => a().status === 'connected' && store.getState().clients.B!.status === 'connected',
      'connect',
    );
    await expect(
      actions.subscribe('A', 't/#', { ...subOptions, subscriptionIdentifier: 7 }),
    ).resolves.toBeUndefined();
    const props = {
      responseTopic: 'reply/b',
      correlationData: 'req-1',
      contentType: 'text/plain',
      payloadUtf8: true,
      userProperties: [
        ['k', '1'],
        ['k', '2'],
      ] as [string, string][],
      topicAlias: 1,
    };
    expect(actions.publish('B', request({ payload: 'one', ...props }))).toEqual({});
    expect(actions.publish('B', request({ payload: 'two', ...props }))).toEqual({});
    await until(() => a().received.length === 2, 'the messages');
    for (const m of a().received) {
      expect(m).toMatchObject({
        topic: 't/x',
        responseTopic: 'reply/b',
        correlationData: 'req-1',
        contentType: 'text/plain',
        userProperties: [
          ['k', '1'],
          ['k', '2'],
        ],
      });
    }
    // The aws profile takes aliases 1 to 8; a wildcard is no Response Topic.
    expect(actions.publish('B', request({ topicAlias: 9 }))).toEqual({
      topicAlias: 'the broker takes aliases 1 to 8 (Topic Alias Maximum of its CONNACK)',
    });
    expect(actions.publish('B', request({ topicAlias: 0, responseTopic: 'r/+' }))).toEqual({
      topicAlias: 'a whole number from 1 (blank for none)',
      responseTopic: expect.stringMatching(/wildcard/) as unknown as string,
    });
  });

  it('holding acks keeps messages in flight at the broker; release(1) acknowledges the oldest', async () => {
    const { store } = liveStore();
    const a = () => store.getState().clients.A!;
    const entries = () =>
      [...store.getState().broker.sessions.A!.entries.values()].map((e) => e.state);
    const { actions } = store.getState();
    actions.addClient(defaultClientConfig('A'));
    actions.addClient({ ...defaultClientConfig('B'), clean: true });
    actions.connect('A');
    actions.connect('B');
    await until(
      () => a().status === 'connected' && store.getState().clients.B!.status === 'connected',
      'connect',
    );
    await actions.subscribe('A', 't/#', subOptions);
    actions.setHoldAcks('A', true);
    expect(a().holding).toBe(true);
    actions.publish('B', request({ payload: 'one' }));
    actions.publish('B', request({ payload: 'two' }));
    await until(() => a().held === 2, 'two held acks');
    expect(a().received.map((m) => m.payload)).toEqual(['one', 'two']);
    await until(() => store.getState().broker.sessions.A?.entries.size === 2, 'two entries');
    expect(entries()).toEqual(['in-flight', 'in-flight']);
    actions.release('A', 1);
    await until(() => entries()[0] === 'acknowledged', 'the first ack');
    expect(entries()).toEqual(['acknowledged', 'in-flight']);
    expect(a().held).toBe(1);
  });

  it('the seed story: away, messages stored, back with sessionPresent=1 and the backlog delivered', async () => {
    const { store } = liveStore();
    const a = () => store.getState().clients.A!;
    const { actions } = store.getState();
    expect(actions.applySetup({ profile: 'standard', overrides: {}, seed: 1 })).toEqual([]);
    actions.addClient(defaultClientConfig('A'));
    actions.addClient({ ...defaultClientConfig('B'), clean: true });
    actions.connect('A');
    actions.connect('B');
    await until(
      () => a().status === 'connected' && store.getState().clients.B!.status === 'connected',
      'connect',
    );
    await actions.subscribe('A', 't/#', subOptions);
    actions.disconnect('A');
    await until(() => store.getState().broker.sessions.A?.status === 'away', 'A away');
    for (let i = 0; i < 3; i++) actions.publish('B', request({ payload: `m${i}` }));
    await until(() => store.getState().broker.sessions.A?.entries.size === 3, 'three stored');
    expect(a().status).toBe('offline');
    actions.connect('A');
    await until(() => a().received.length === 3, 'the backlog');
    expect(a()).toMatchObject({ connects: 2, sessionPresent: true });
    expect(a().received.map((m) => m.payload)).toEqual(['m0', 'm1', 'm2']);
  });

  it('after a reset, the old broker’s late batches are ignored and the clients start afresh', async () => {
    const { store } = liveStore();
    const { actions } = store.getState();
    actions.addClient(defaultClientConfig('A'));
    actions.connect('A');
    await until(() => store.getState().broker.sessions.A?.status === 'connected', 'A connected');
    actions.reset();
    expect(store.getState().clients.A).toMatchObject({ status: 'offline', connects: 0 });
    expect(store.getState().broker.sessions).toEqual({});
    // Let anything still in flight from the old broker arrive.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.getState().broker.sessions).toEqual({});
    expect(store.getState().clients.A!.status).toBe('offline');
    store.getState().actions.connect('A');
    await until(() => store.getState().clients.A!.status === 'connected', 'A connected again');
    // A new broker: no session to resume.
    expect(store.getState().clients.A!.sessionPresent).toBe(false);
    await until(
      () => store.getState().broker.sessions.A?.status === 'connected',
      'the new session',
    );
  });

  it('[MQTT-3.1.4-2, 3.1.1] a twin connecting with the same id takes the session over', async () => {
    const { store } = liveStore();
    const { actions } = store.getState();
    const view = (name: string) => store.getState().clients[name]!;
    actions.addClient(defaultClientConfig('A'));
    actions.connect('A');
    await until(() => view('A').status === 'connected', 'A connected');
    const twin = actions.addTwin('A')!;
    actions.connect(twin);
    await until(
      () => view(twin).status === 'connected' && view('A').status === 'offline',
      'the takeover',
    );
    expect(view(twin).sessionPresent).toBe(true);
    await until(() => store.log.all().some((e) => e.type === 'takeover'), 'the takeover event');
    expect(store.getState().broker.sessions.A!.status).toBe('connected');

    // The page knows whose each connection is: the twin gets a timeline lane of its own.
    store.flushNow();
    expect([...store.connOwners.values()]).toEqual(['A', twin]);
    const feed = new ModelFeed(store.log, (id) => store.connOwners.get(id));
    feed.sync();
    const lanes = feed.model.lanes;
    expect([...lanes.keys()]).toEqual(['A', twin]);
    expect(lanes.get('A')!.marks.map((m) => m.kind)).toEqual(['connack', 'takeover']);
    expect(lanes.get('A')!.spans).toMatchObject([{ kind: 'connected' }]);
    expect(lanes.get('A')!.spans[0]!.to).not.toBeNull();
    expect(lanes.get(twin)!.marks.map((m) => m.label)).toEqual(['CONNACK sessionPresent=1']);
    expect(lanes.get(twin)!.spans).toMatchObject([{ kind: 'connected', to: null }]);
  });

  it('a silent cut: the broker notices only by keep-alive, at 1.5 × 60 s, and the Will goes', async () => {
    const { store, worker } = liveStore();
    const { actions } = store.getState();
    actions.addClient({
      ...defaultClientConfig('A'),
      will: { topic: 'status/A', payload: 'gone', qos: 1, retain: false, delay: 0 },
    });
    actions.connect('A');
    await until(() => store.getState().broker.sessions.A?.status === 'connected', 'A connected');
    actions.setSpeed(3600);
    actions.drop('A', 'silent');
    await until(() => store.getState().clients.A!.status === 'offline', 'A offline');
    const interval = setInterval(() => worker.tick(16), 1);
    try {
      // At 3600× the session may be away for only a few frames: wait for the close itself.
      await until(
        () => store.log.all().some((e) => e.type === 'connection.closed'),
        'the broker to notice',
        4_000,
      );
    } finally {
      clearInterval(interval);
    }
    const closed = store.log.all().filter((e) => e.type === 'connection.closed');
    expect(closed).toMatchObject([{ clientId: 'A', reason: 'keepalive-timeout', at: 90_000 }]);
    expect(store.log.all().filter((e) => e.type === 'will.published')).toMatchObject([
      { clientId: 'A', topic: 'status/A' },
    ]);
  });

  it('[MQTT-3.1.2-24, 3.1.1] at 3600×, a real mqtt.js client (keep-alive 60) is never timed out', async () => {
    const { store, worker } = liveStore();
    const { actions } = store.getState();
    actions.addClient(defaultClientConfig('A'));
    actions.connect('A');
    await until(() => store.getState().clients.A!.status === 'connected', 'connect');
    actions.setSpeed(3600);
    const target = 60 * 60 * 1000; // one simulated hour: 120 keep-alive turns of mqtt.js
    const interval = setInterval(() => worker.tick(16), 1);
    try {
      await until(() => store.getState().clock.now >= target, 'an hour of simulated time', 15_000);
    } finally {
      clearInterval(interval);
    }
    const closed = store.log.all().filter((e) => e.type === 'connection.closed');
    expect(closed).toEqual([]);
    expect(store.getState().clients.A!.status).toBe('connected');
    expect(store.getState().broker.sessions.A!.status).toBe('connected');
  });
});

describe('appStore helpers', () => {
  it('numbered: appends the number, or puts it where {i} is', () => {
    expect(numbered('m', 0)).toBe('m0');
    expect(numbered('{"n":{i},"id":"{i}"}', 7)).toBe('{"n":7,"id":"7"}');
  });

  it('uniqueName: base, then ′, ″, ′3…', () => {
    expect(uniqueName([], 'A')).toBe('A');
    expect(uniqueName(['A'], 'A')).toBe('A′');
    expect(uniqueName(['A', 'A′'], 'A')).toBe('A″');
    expect(uniqueName(['A', 'A′', 'A″'], 'A')).toBe('A′3');
  });
});
