import { performance } from 'node:perf_hooks';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** 64-byte payloads, as in the issue. */
export const PAYLOAD = Buffer.alloc(64, 0x61);

export interface Sizes {
  throughput: number;
  drain: number;
  fanoutMessages: number;
  fanoutSubscribers: number;
}

export const FULL: Sizes = {
  throughput: 20_000,
  drain: 10_000,
  fanoutMessages: 2_000,
  fanoutSubscribers: 50,
};

export type ScenarioName = 'throughput' | 'drain' | 'fanout';

export interface Scenario {
  name: ScenarioName;
  title: string;
  unit: string;
  /** Runs once against the broker on `port`; returns the rate (per second). */
  run(port: number, tag: string, sizes: Sizes): Promise<number>;
}

const TIMEOUT_MS = 120_000;

/** A promise that resolves once `check` holds, tested each time `poke` is called; bounded. */
function until(check: () => boolean, what: string): { promise: Promise<void>; poke: () => void } {
  let poke = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT_MS);
    poke = () => {
      if (check()) {
        clearTimeout(timer);
        resolve();
      }
    };
  });
  return { promise, poke };
}

async function open(port: number, opts: IClientOptions): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    keepalive: 60,
    ...opts,
  });
}

async function closeAll(clients: MqttClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.endAsync()));
}

/** Publishes `n` QoS 1 messages without waiting in between; resolves when all are acknowledged. */
function publishQos1(pub: MqttClient, topic: string, n: number): Promise<void> {
  let acked = 0;
  const all = until(() => acked === n, `${n} PUBACKs`);
  for (let i = 0; i < n; i++) {
    pub.publish(topic, PAYLOAD, { qos: 1 }, (err) => {
      if (!err) acked++;
      all.poke();
    });
  }
  return all.promise;
}

/** (a) One publisher, one subscriber, QoS 1: publish to last delivery. */
const throughput: Scenario = {
  name: 'throughput',
  title: '(a) QoS 1 throughput, 1 → 1',
  unit: 'msg/s',
  async run(port, tag, sizes) {
    const n = sizes.throughput;
    const topic = `bench/${tag}/a`;
    const sub = await open(port, { clientId: `${tag}-a-sub`, clean: true });
    await sub.subscribeAsync(topic, { qos: 1 });
    const pub = await open(port, { clientId: `${tag}-a-pub`, clean: true });
    let got = 0;
    const done = until(() => got === n, `${n} messages at the subscriber`);
    sub.on('message', () => {
      got++;
      done.poke();
    });
    const start = performance.now();
    const acked = publishQos1(pub, topic, n);
    await done.promise;
    const ms = performance.now() - start;
    await acked;
    await closeAll([sub, pub]);
    return (n * 1000) / ms;
  },
};

/** (b) A persistent session's store: CONNACK to the last stored message. */
const drain: Scenario = {
  name: 'drain',
  title: '(b) drain of stored QoS 1',
  unit: 'msg/s',
  async run(port, tag, sizes) {
    const n = sizes.drain;
    const topic = `bench/${tag}/b`;
    const clientId = `${tag}-b-sub`;
    const first = await open(port, { clientId, clean: false });
    await first.subscribeAsync(topic, { qos: 1 });
    await first.endAsync();
    const pub = await open(port, { clientId: `${tag}-b-pub`, clean: true });
    await publishQos1(pub, topic, n);

    const back = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    let got = 0;
    let start = 0;
    let present = false;
    const done = until(() => got === n, `${n} stored messages`);
    back.on('message', () => {
      got++;
      done.poke();
    });
    back.once('connect', (connack) => {
      start = performance.now();
      present = connack.sessionPresent;
    });
    await done.promise;
    const ms = performance.now() - start;
    if (!present) throw new Error('the drain subscriber found no session');
    await closeAll([back, pub]);
    // Leave no session behind.
    await (await open(port, { clientId, clean: true })).endAsync();
    return (n * 1000) / ms;
  },
};

/** (c) QoS 0 to many subscribers: deliveries per second, publish to last delivery. */
const fanout: Scenario = {
  name: 'fanout',
  title: '(c) fan-out QoS 0',
  unit: 'deliveries/s',
  async run(port, tag, sizes) {
    const n = sizes.fanoutMessages;
    const s = sizes.fanoutSubscribers;
    const topic = `bench/${tag}/c`;
    const subs = await Promise.all(
      Array.from({ length: s }, (_, i) =>
        open(port, { clientId: `${tag}-c-sub${i}`, clean: true }),
      ),
    );
    await Promise.all(subs.map((c) => c.subscribeAsync(topic, { qos: 0 })));
    const pub = await open(port, { clientId: `${tag}-c-pub`, clean: true });
    let got = 0;
    const total = n * s;
    const done = until(() => got === total, `${total} deliveries`);
    for (const c of subs) {
      c.on('message', () => {
        got++;
        done.poke();
      });
    }
    const start = performance.now();
    for (let i = 0; i < n; i++) pub.publish(topic, PAYLOAD, { qos: 0 });
    await done.promise;
    const ms = performance.now() - start;
    await closeAll([...subs, pub]);
    return (total * 1000) / ms;
  },
};

export const SCENARIOS: readonly Scenario[] = [throughput, drain, fanout];
