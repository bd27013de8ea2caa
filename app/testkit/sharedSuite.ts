import { Buffer } from 'node:buffer';
import type {
  IClientOptions,
  IConnackPacket,
  IDisconnectPacket,
  IPublishPacket,
  MqttClient,
  Packet,
} from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrokerEvent, EventOf } from '../broker/events';
import type { ProfileName } from '../broker/profiles';

/** What the suite asks of the broker behind an env. */
export interface SuiteEnvOptions {
  /**
   * The profile the broker must run. The suite asks for 'standard' (MQTT 3.1.1/5.0 as
   * written: QoS 2, no replay pacing, no expiry jitter), so nothing in it waits on a timer
   * except what it moves with `advance`.
   */
  profile?: ProfileName;
}

/**
 * One broker reached through one transport. The suite knows nothing else about it: an env
 * may be the in-memory pipe, a TCP socket or a WebSocket to a Node host.
 */
export interface SuiteEnv {
  /**
   * Creates a real mqtt.js client connected to this broker; it starts connecting at once.
   * It returns before CONNACK so that the suite can listen for messages that come in the
   * same read as CONNACK (a resumed session's backlog does).
   */
  open(opts: IClientOptions): MqttClient;
  /** Moves the broker's time on by `ms` (a real-time transport simply waits that long). */
  advance(ms: number): Promise<void>;
  /** Every event the broker has emitted so far, oldest first. */
  events(): BrokerEvent[];
  /** Ends every client still open and shuts the broker down. */
  close(): Promise<void>;
}

export type MakeEnv = (options: SuiteEnvOptions) => SuiteEnv | Promise<SuiteEnv>;

interface Received {
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
}

/** An mqtt.js client with what it has received, recorded from its first byte. */
interface Peer {
  client: MqttClient;
  id: string;
  connack: IConnackPacket;
  messages: Received[];
  /** DISCONNECT packets from the broker (MQTT 5). */
  disconnects: IDisconnectPacket[];
  errors: Error[];
  sent: Packet[];
  closed: boolean;
}

type Version = 4 | 5;

const WAIT_MS = 5000;
const SEI = 300;

/** Polls `condition` until it holds; fails after a bounded wait, naming what it waited for. */
async function waitFor(condition: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Options that keep the session after the connection: cleanSession=0, or Clean Start=0 + SEI. */
function persistent(version: Version, sei = SEI): IClientOptions {
  return version === 5
    ? { protocolVersion: 5, clean: false, properties: { sessionExpiryInterval: sei } }
    : { protocolVersion: 4, clean: false };
}

function cleanOpts(version: Version): IClientOptions {
  return { protocolVersion: version, clean: true };
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

/**
 * The behaviour every transport must show, run against the real mqtt.js client. A transport
 * adapter calls this with a factory of fresh envs (one per test); the broker must run the
 * profile named in the options the factory is given.
 */
export function runSharedSuite(name: string, makeEnv: MakeEnv): void {
  describe(`shared suite over ${name}`, () => {
    let env: SuiteEnv;
    let peers: Peer[] = [];
    let ids = 0;

    beforeEach(async () => {
      env = await makeEnv({ profile: 'standard' });
      peers = [];
    });

    afterEach(async () => {
      for (const p of peers) if (!p.closed) p.client.end(true);
      const problems = env
        .events()
        .filter((e) => e.type === 'broker.error' || e.type === 'protocol.error');
      const clientErrors = peers.flatMap((p) => p.errors.map((e) => `${p.id}: ${e.message}`));
      await env.close();
      expect(problems, 'the broker reported errors').toEqual([]);
      expect(clientErrors, 'mqtt.js clients reported errors').toEqual([]);
    });

    /** A client id unique in this run: a test never meets another test's session. */
    const newId = (tag: string) => `${tag}-${++ids}`;

    const of = <T extends BrokerEvent['type']>(type: T): EventOf<T>[] =>
      env.events().filter((e): e is EventOf<T> => e.type === type);

    const closesOf = (clientId: string) =>
      of('connection.closed').filter((e) => e.clientId === clientId);

    /** Opens a client and waits for its CONNACK; everything it receives is recorded. */
    async function connect(clientId: string, opts: IClientOptions): Promise<Peer> {
      const client = env.open({ reconnectPeriod: 0, connectTimeout: WAIT_MS, clientId, ...opts });
      const peer: Peer = {
        client,
        id: clientId,
        // Set below, once CONNACK is in; the listeners need the record before that.
        connack: undefined as unknown as IConnackPacket,
        messages: [],
        disconnects: [],
        errors: [],
        sent: [],
        closed: false,
      };
      client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
        peer.messages.push({
          topic,
          payload: Buffer.from(payload),
          qos: packet.qos,
          retain: packet.retain,
        });
      });
      client.on('disconnect', (packet: IDisconnectPacket) => peer.disconnects.push(packet));
      client.on('packetsend', (packet: Packet) => peer.sent.push(packet));
      client.on('close', () => (peer.closed = true));
      client.on('error', (e: Error) => peer.errors.push(e));
      peers.push(peer);
      peer.connack = await new Promise<IConnackPacket>((resolve, reject) => {
        client.once('connect', resolve);
        client.once('error', reject);
        client.once('close', () => reject(new Error(`${clientId} closed before CONNACK`)));
      });
      return peer;
    }

    /** A normal end: DISCONNECT, then the broker has closed the connection. */
    async function disconnect(peer: Peer): Promise<void> {
      const before = closesOf(peer.id).length;
      await peer.client.endAsync();
      await waitFor(() => closesOf(peer.id).length > before, `the broker to close ${peer.id}`);
    }

    async function messageOn(peer: Peer, topic: string): Promise<Received> {
      await waitFor(
        () => peer.messages.some((m) => m.topic === topic),
        `${peer.id} to get ${topic}`,
      );
      return peer.messages.find((m) => m.topic === topic)!;
    }

    const texts = (peer: Peer) => peer.messages.map((m) => m.payload.toString('utf8'));

    describe.each([4, 5] as const)('MQTT %s', (version) => {
      const v = `v${version}`;

      it('[MQTT-3.2.2-1..3, 3.1.1] [MQTT-3.2.2-2..3, 5.0] CONNACK says sessionPresent=0 for a new session, 1 on a persistent resume', async () => {
        const id = newId(`present-${v}`);
        const first = await connect(id, persistent(version));
        expect(first.connack.sessionPresent).toBe(false);
        expect(version === 5 ? first.connack.reasonCode : first.connack.returnCode).toBe(0);
        await disconnect(first);

        const second = await connect(id, persistent(version));
        expect(second.connack.sessionPresent).toBe(true);
        const acks = of('connack.sent').filter((e) => e.clientId === id);
        expect(acks.map((e) => e.sessionPresent)).toEqual([false, true]);
        expect(of('session.resumed').filter((e) => e.clientId === id)).toHaveLength(1);
      });

      it('[MQTT-3.1.2-6, 3.1.1] [MQTT-3.1.2-4, 5.0] a clean session is not kept: the next CONNECT finds no session', async () => {
        const id = newId(`clean-${v}`);
        const first = await connect(id, cleanOpts(version));
        expect(first.connack.sessionPresent).toBe(false);
        await disconnect(first);

        const second = await connect(id, persistent(version));
        expect(second.connack.sessionPresent).toBe(false);
        await disconnect(second);

        // [MQTT-3.1.2-6, 3.1.1] [MQTT-3.1.2-4, 5.0] and a clean CONNECT throws away the session that was kept.
        const third = await connect(id, cleanOpts(version));
        expect(third.connack.sessionPresent).toBe(false);
        expect(
          of('session.discarded')
            .filter((e) => e.clientId === id)
            .map((e) => e.reason),
        ).toEqual(['connection-ended', 'clean-start']);
      });

      it('[MQTT-4.3.1..3] QoS 0, 1 and 2 publishes arrive with topic, payload and QoS intact', async () => {
        const sub = await connect(newId(`rt-sub-${v}`), cleanOpts(version));
        const granted = await sub.client.subscribeAsync('lab/rt/#', { qos: 2 });
        expect(granted.map((g) => g.qos)).toEqual([2]);
        const pub = await connect(newId(`rt-pub-${v}`), cleanOpts(version));

        const payloads = [0, 1, 2].map((qos) =>
          Buffer.concat([Buffer.from([0, 255, qos, 10, 13]), bytes(`qos ${qos} ✓ é`)]),
        );
        for (const qos of [0, 1, 2] as const) {
          await pub.client.publishAsync(`lab/rt/q${qos}/x`, payloads[qos]!, { qos });
        }
        for (const qos of [0, 1, 2] as const) {
          const m = await messageOn(sub, `lab/rt/q${qos}/x`);
          expect(m.payload).toEqual(payloads[qos]);
          expect(m.qos).toBe(qos);
          expect(m.retain).toBe(false);
        }
        // One publisher's messages keep their order [MQTT-4.6.0-*].
        expect(sub.messages.map((m) => m.topic)).toEqual([
          'lab/rt/q0/x',
          'lab/rt/q1/x',
          'lab/rt/q2/x',
        ]);
      });

      it('[MQTT-3.8.4-6, 3.1.1] [MQTT-3.8.4-8, 5.0] a message goes out at the lower of its QoS and the granted QoS', async () => {
        const sub = await connect(newId(`min-sub-${v}`), cleanOpts(version));
        await sub.client.subscribeAsync('lab/min/#', { qos: 1 });
        const pub = await connect(newId(`min-pub-${v}`), cleanOpts(version));
        await pub.client.publishAsync('lab/min/two', 'q2', { qos: 2 });
        await pub.client.publishAsync('lab/min/zero', 'q0', { qos: 0 });
        expect((await messageOn(sub, 'lab/min/two')).qos).toBe(1);
        expect((await messageOn(sub, 'lab/min/zero')).qos).toBe(0);
      });

      it('[AWS-store][AWS-subs] QoS 1 messages published while a persistent subscriber is away arrive in order on resume; QoS 0 ones do not', async () => {
        const id = newId(`away-${v}`);
        const sub = await connect(id, persistent(version));
        await sub.client.subscribeAsync('lab/away/#', { qos: 1 });
        await disconnect(sub);

        const pub = await connect(newId(`away-pub-${v}`), cleanOpts(version));
        const sent: [string, 0 | 1][] = [
          ['m1', 1],
          ['m2', 0],
          ['m3', 1],
          ['m4', 0],
          ['m5', 1],
        ];
        // The last is QoS 1: its PUBACK means the broker has handled all of them, in order.
        for (const [text, qos] of sent) await pub.client.publishAsync('lab/away/t', text, { qos });

        const back = await connect(id, persistent(version));
        expect(back.connack.sessionPresent).toBe(true);
        await waitFor(() => texts(back).includes('m5'), 'the stored m5');
        // A stored QoS 0 message would have come before m5.
        expect(texts(back)).toEqual(['m1', 'm3', 'm5']);
        expect(back.messages.every((m) => m.qos === 1 && m.topic === 'lab/away/t')).toBe(true);
        const dropped = of('message.dropped').filter((e) => e.clientId === id);
        expect(dropped.map((e) => e.reason)).toEqual(['qos0-while-away', 'qos0-while-away']);

        // [AWS-subs] the subscription is active again without a new SUBSCRIBE.
        expect(back.sent.some((p) => p.cmd === 'subscribe')).toBe(false);
        await pub.client.publishAsync('lab/away/t', 'live', { qos: 1 });
        await waitFor(() => texts(back).includes('live'), 'the live message');
        expect(texts(back)).toEqual(['m1', 'm3', 'm5', 'live']);
      });

      it('[MQTT-3.1.2-6, 3.1.1] [MQTT-3.1.2-4, 5.0] a clean session loses what was published while the client was away', async () => {
        const id = newId(`lost-${v}`);
        const sub = await connect(id, cleanOpts(version));
        await sub.client.subscribeAsync('lab/lost/#', { qos: 1 });
        await disconnect(sub);

        const pub = await connect(newId(`lost-pub-${v}`), cleanOpts(version));
        await pub.client.publishAsync('lab/lost/t', 'while away', { qos: 1 });

        const back = await connect(id, persistent(version));
        expect(back.connack.sessionPresent).toBe(false);
        await back.client.subscribeAsync('lab/lost/#', { qos: 1 });
        await pub.client.publishAsync('lab/lost/t', 'marker', { qos: 1 });
        await waitFor(() => texts(back).includes('marker'), 'the marker');
        expect(texts(back)).toEqual(['marker']);
        const published = of('message.published').find((e) => e.topic === 'lab/lost/t');
        const drops = of('message.dropped').filter((e) => e.msgId === published?.msgId);
        expect(drops.map((e) => e.reason)).toEqual(['no-subscriber']);
      });

      it('[MQTT-3.3.1-6, 3.1.1][MQTT-3.3.1-8, 3.1.1][MQTT-3.3.1-9, 3.1.1][MQTT-3.3.1-10, 3.1.1] [MQTT-3.3.1-9, 5.0][MQTT-3.3.1-12, 5.0][MQTT-3.3.1-6, 5.0] retained messages: sent on subscribe with RETAIN=1, live with RETAIN=0, cleared by an empty payload', async () => {
        const pub = await connect(newId(`ret-pub-${v}`), cleanOpts(version));
        await pub.client.publishAsync('lab/ret/a', 'r1', { qos: 1, retain: true });

        const sub = await connect(newId(`ret-sub-${v}`), cleanOpts(version));
        await sub.client.subscribeAsync('lab/ret/#', { qos: 1 });
        const first = await messageOn(sub, 'lab/ret/a');
        expect(first).toMatchObject({ payload: bytes('r1'), retain: true, qos: 1 });

        await pub.client.publishAsync('lab/ret/a', 'r2', { qos: 1, retain: true });
        await waitFor(() => texts(sub).includes('r2'), 'the live retained message');
        expect(sub.messages[1]).toMatchObject({ payload: bytes('r2'), retain: false });

        await pub.client.publishAsync('lab/ret/a', '', { qos: 1, retain: true });
        const late = await connect(newId(`ret-late-${v}`), cleanOpts(version));
        await late.client.subscribeAsync('lab/ret/#', { qos: 1 });
        await pub.client.publishAsync('lab/ret/marker', 'marker', { qos: 1 });
        await waitFor(() => texts(late).includes('marker'), 'the marker');
        expect(late.messages.map((m) => m.topic)).toEqual(['lab/ret/marker']);
      });

      it('[MQTT-3.10.4-1, 3.1.1/5.0] after UNSUBSCRIBE the filter delivers nothing more', async () => {
        const sub = await connect(newId(`unsub-${v}`), cleanOpts(version));
        await sub.client.subscribeAsync(['lab/un/a', 'lab/un/b'], { qos: 1 });
        const pub = await connect(newId(`unsub-pub-${v}`), cleanOpts(version));
        await pub.client.publishAsync('lab/un/a', 'a1', { qos: 1 });
        await messageOn(sub, 'lab/un/a');

        const unsuback = await sub.client.unsubscribeAsync('lab/un/a');
        expect(unsuback?.cmd).toBe('unsuback');
        await pub.client.publishAsync('lab/un/a', 'a2', { qos: 1 });
        await pub.client.publishAsync('lab/un/b', 'b1', { qos: 1 });
        await waitFor(() => texts(sub).includes('b1'), 'b1');
        expect(texts(sub)).toEqual(['a1', 'b1']);
      });

      const forcedEnds: [string, (c: MqttClient) => void][] = [
        ['client.end(true)', (c) => c.end(true)],
        ['client.stream.destroy()', (c) => c.stream.destroy()],
      ];
      it.each(forcedEnds)(
        '[MQTT-3.1.2-8, 3.1.1/5.0] a connection that ends without DISCONNECT (%s) publishes the Will',
        async (_how, forceEnd) => {
          const watcher = await connect(newId(`will-watch-${v}`), cleanOpts(version));
          await watcher.client.subscribeAsync('lab/will/#', { qos: 1 });
          const id = newId(`will-${v}`);
          const doomed = await connect(id, {
            ...cleanOpts(version),
            will: { topic: `lab/will/${id}`, payload: bytes('gone'), qos: 1, retain: false },
          });
          forceEnd(doomed.client);

          const will = await messageOn(watcher, `lab/will/${id}`);
          expect(will).toMatchObject({ payload: bytes('gone'), qos: 1, retain: false });
          expect(closesOf(id).map((e) => e.reason)).toEqual(['transport-closed']);
          expect(of('will.published').map((e) => e.clientId)).toEqual([id]);
        },
      );

      it('[MQTT-3.14.4-3, 3.1.1/5.0] a normal end (client.end() sends DISCONNECT) does not publish the Will', async () => {
        const watcher = await connect(newId(`nowill-watch-${v}`), cleanOpts(version));
        await watcher.client.subscribeAsync('lab/will/#', { qos: 1 });
        const id = newId(`nowill-${v}`);
        const leaving = await connect(id, {
          ...cleanOpts(version),
          will: { topic: `lab/will/${id}`, payload: bytes('gone'), qos: 1, retain: false },
        });
        await disconnect(leaving);
        expect(leaving.sent.map((p) => p.cmd)).toContain('disconnect');
        expect(closesOf(id).map((e) => e.reason)).toEqual(['client-disconnect']);

        const pub = await connect(newId(`nowill-pub-${v}`), cleanOpts(version));
        await pub.client.publishAsync('lab/will/marker', 'marker', { qos: 1 });
        await waitFor(() => texts(watcher).includes('marker'), 'the marker');
        expect(watcher.messages.map((m) => m.topic)).toEqual(['lab/will/marker']);
        expect(of('will.published')).toEqual([]);
      });

      it('[MQTT-3.1.4-2, 3.1.1] [MQTT-3.1.4-3, 5.0] takeover: a second client with the same id gets the session and the first is closed', async () => {
        const id = newId(`takeover-${v}`);
        const first = await connect(id, persistent(version));
        await first.client.subscribeAsync('lab/takeover/#', { qos: 1 });

        const second = await connect(id, persistent(version));
        expect(second.connack.sessionPresent).toBe(true);
        await waitFor(() => first.closed, 'the first client to be closed');
        // MQTT 5 says why: DISCONNECT 0x8E Session taken over.
        expect(first.disconnects.map((p) => p.reasonCode)).toEqual(version === 5 ? [0x8e] : []);
        expect(closesOf(id).map((e) => e.reason)).toEqual(['takeover']);
        expect(of('takeover').filter((e) => e.clientId === id)).toHaveLength(1);

        const pub = await connect(newId(`takeover-pub-${v}`), cleanOpts(version));
        await pub.client.publishAsync('lab/takeover/x', 'after', { qos: 1 });
        await waitFor(() => texts(second).includes('after'), 'the message on the new connection');
        expect(first.messages).toEqual([]);
        expect(second.client.connected).toBe(true);
        // reconnectPeriod 0: the first client stays down instead of taking the session back.
        expect(first.client.connected).toBe(false);
        expect(closesOf(id)).toHaveLength(1);
      });

      it('[MQTT-3.1.4-2, 3.1.1][MQTT-3.1.4-3, 5.0][MQTT-3.2.2-1..3, 3.1.1] [MQTT-3.2.2-2..3, 5.0] taking over a clean session with a persistent CONNECT starts a new session that works', async () => {
        const id = newId(`takeclean-${v}`);
        const first = await connect(id, cleanOpts(version));
        await first.client.subscribeAsync('lab/takeclean/old', { qos: 1 });

        // The clean session ends with its connection, so there is nothing to resume.
        const second = await connect(id, persistent(version));
        expect(second.connack.sessionPresent).toBe(false);
        await waitFor(() => first.closed, 'the first client to be closed');
        expect(of('session.resumed').filter((e) => e.clientId === id)).toEqual([]);
        expect(
          of('session.discarded')
            .filter((e) => e.clientId === id)
            .map((e) => e.reason),
        ).toEqual(['connection-ended']);

        await second.client.subscribeAsync('lab/takeclean/new', { qos: 1 });
        const pub = await connect(newId(`takeclean-pub-${v}`), cleanOpts(version));
        await pub.client.publishAsync('lab/takeclean/old', 'old', { qos: 1 });
        await pub.client.publishAsync('lab/takeclean/new', 'new', { qos: 1 });
        await waitFor(() => texts(second).includes('new'), 'the message on the new session');
        expect(texts(second)).toEqual(['new']);

        // The new session is persistent: it is there on the next CONNECT.
        await disconnect(second);
        const third = await connect(id, persistent(version));
        expect(third.connack.sessionPresent).toBe(true);
      });

      it('[MQTT-3.1.2-24, 3.1.1] [MQTT-3.1.2-22, 5.0] a healthy client with keep-alive 1 s is not timed out while time passes', async () => {
        const id = newId(`alive-${v}`);
        const peer = await connect(id, { ...cleanOpts(version), keepalive: 1 });
        await env.advance(2500);
        expect(closesOf(id)).toEqual([]);
        expect(peer.client.connected).toBe(true);
        expect(peer.sent.filter((p) => p.cmd === 'pingreq').length).toBeGreaterThanOrEqual(1);
      });
    });

    it('[MQTT-3.1.2-23, 5.0] MQTT 5 Clean Start=0 without a Session Expiry Interval keeps nothing', async () => {
      const id = newId('nosei');
      const sub = await connect(id, { protocolVersion: 5, clean: false });
      await sub.client.subscribeAsync('lab/nosei/#', { qos: 1 });
      await disconnect(sub);
      const pub = await connect(newId('nosei-pub'), cleanOpts(5));
      await pub.client.publishAsync('lab/nosei/t', 'while away', { qos: 1 });

      const back = await connect(id, persistent(5));
      expect(back.connack.sessionPresent).toBe(false);
      await back.client.subscribeAsync('lab/nosei/#', { qos: 1 });
      await pub.client.publishAsync('lab/nosei/t', 'marker', { qos: 1 });
      await waitFor(() => texts(back).includes('marker'), 'the marker');
      expect(texts(back)).toEqual(['marker']);
    });

    it('[MQTT-3.1.2-23, 5.0] an MQTT 5 session lives for its Session Expiry Interval after the connection, then is gone', async () => {
      const id = newId('sei');
      const first = await connect(id, persistent(5, 2));
      await first.client.subscribeAsync('lab/sei/#', { qos: 1 });
      await disconnect(first);
      await env.advance(500);

      const second = await connect(id, persistent(5, 2));
      expect(second.connack.sessionPresent).toBe(true);
      await disconnect(second);
      await env.advance(2500);

      // A real-time host's clock may tick a little after the wall time: wait, bounded.
      await waitFor(() => of('session.expired').length > 0, 'the session to expire');
      expect(of('session.expired').map((e) => e.clientId)).toEqual([id]);
      const third = await connect(id, persistent(5, 2));
      expect(third.connack.sessionPresent).toBe(false);
    });
  });
}
