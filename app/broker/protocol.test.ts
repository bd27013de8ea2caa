/**
 * Protocol behaviour that does not depend on persistent sessions: QoS 2 exactly once,
 * retained messages, the Will, client identifiers, overlapping subscriptions, authorization,
 * invalid filters, keep-alive, and the client's Maximum Packet Size.
 */
import { Buffer } from 'buffer';
import { generate, parser as createParser } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import type { Broker } from './broker';
import { toBuffer } from './codec';
import type { Packet, PacketOf, QoS } from './packets';
import { harness, type Harness } from '../testkit/harness';
import { memoryPipe, type MemoryPipe } from '../testkit/memoryTransport';

type Version = 4 | 5;

const standard = (options: Parameters<typeof harness>[0] = {}): Harness =>
  harness({ profile: 'standard', ...options });

/** A client that answers nothing by itself: each step of a flow is the test's to take. */
class RawClient {
  readonly received: Packet[] = [];
  closed = false;
  private pipe!: MemoryPipe;

  constructor(
    private readonly broker: Broker,
    readonly version: Version = 4,
  ) {
    this.open();
  }

  open(): void {
    const parser = createParser({ protocolVersion: this.version });
    parser.on('packet', (p: Packet) => this.received.push(p));
    this.closed = false;
    this.pipe = memoryPipe(
      this.broker,
      (bytes) => parser.parse(toBuffer(bytes)),
      () => {
        this.closed = true;
      },
    );
  }

  get connId(): number {
    return this.pipe.link.connId;
  }

  send(packet: Packet): void {
    this.pipe.send(generate(packet, { protocolVersion: this.version }));
  }

  /** Bytes mqtt-packet would refuse to generate. */
  sendHex(hex: string): void {
    this.pipe.send(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
  }

  connect(clientId: string, extra: Partial<PacketOf<'connect'>> = {}): PacketOf<'connect'> {
    const packet = {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: this.version,
      clientId,
      clean: true,
      keepalive: 0,
      ...extra,
    } as PacketOf<'connect'>;
    this.send(packet);
    return packet;
  }

  publish(topic: string, payload: string, qos: QoS, messageId?: number, dup = false): void {
    this.send({
      cmd: 'publish',
      topic,
      payload: Buffer.from(payload),
      qos,
      retain: false,
      dup,
      ...(qos > 0 ? { messageId } : {}),
    });
  }

  /** Packets received since the last call. */
  take(): Packet[] {
    return this.received.splice(0);
  }

  cut(): void {
    this.pipe.cut();
  }
}

const text = (p: PacketOf<'publish'>): string => p.payload.toString();

// --- QoS 2 ---------------------------------------------------------------------------------

describe('QoS 2, client to broker: exactly once', () => {
  it('[MQTT-4.3.3-2, 3.1.1] a repeated QoS 2 PUBLISH before PUBREL is answered PUBREC but not routed again', () => {
    const h = standard();
    const sub = h.client();
    sub.connect({ clientId: 'sub' });
    sub.subscribe('q2/#', 2);
    const pub = new RawClient(h.broker);
    pub.connect('pub');
    pub.take();

    pub.publish('q2/t', 'once', 2, 10);
    expect(pub.take()).toMatchObject([{ cmd: 'pubrec', messageId: 10 }]);
    pub.publish('q2/t', 'once', 2, 10, true);
    expect(pub.take()).toMatchObject([{ cmd: 'pubrec', messageId: 10 }]);
    expect(sub.payloads()).toEqual(['once']);
    expect(h.of('message.published')).toHaveLength(1);

    pub.send({ cmd: 'pubrel', messageId: 10 });
    expect(pub.take()).toMatchObject([{ cmd: 'pubcomp', messageId: 10 }]);
    // After PUBCOMP the id is free: the same id is a new message.
    pub.publish('q2/t', 'again', 2, 10);
    expect(pub.take()).toMatchObject([{ cmd: 'pubrec', messageId: 10 }]);
    expect(sub.payloads()).toEqual(['once', 'again']);
    expect(h.of('message.published')).toHaveLength(2);
  });

  it('[MQTT-4.3.3-2, 3.1.1] ids in use are told apart: two QoS 2 publishes with different ids both go', () => {
    const h = standard();
    const sub = h.client();
    sub.connect({ clientId: 'sub' });
    sub.subscribe('q2/#', 2);
    const pub = new RawClient(h.broker);
    pub.connect('pub');
    pub.publish('q2/t', 'a', 2, 1);
    pub.publish('q2/t', 'b', 2, 2);
    pub.publish('q2/t', 'a', 2, 1, true);
    expect(sub.payloads()).toEqual(['a', 'b']);
  });

  it('[MQTT-4.3.3-2, 3.1.1] exactly once holds across a reconnect of a persistent session', () => {
    const h = standard();
    const sub = h.client();
    sub.connect({ clientId: 'sub' });
    sub.subscribe('q2/#', 2);
    const pub = new RawClient(h.broker);
    pub.connect('pub', { clean: false });
    pub.take();
    pub.publish('q2/t', 'm', 2, 5);
    pub.cut(); // PUBREC may be lost: the client will send the PUBLISH again
    pub.open();
    pub.connect('pub', { clean: false });
    expect(pub.take()).toMatchObject([
      { cmd: 'pubrec', messageId: 5 },
      { cmd: 'connack', sessionPresent: true },
    ]);
    pub.publish('q2/t', 'm', 2, 5, true);
    expect(pub.take()).toMatchObject([{ cmd: 'pubrec', messageId: 5 }]);
    pub.send({ cmd: 'pubrel', messageId: 5 });
    expect(pub.take()).toMatchObject([{ cmd: 'pubcomp', messageId: 5 }]);
    expect(sub.payloads()).toEqual(['m']);
  });

  it('PUBREL 5.0 for an id never received: PUBCOMP 0x92', () => {
    const h = standard();
    const pub = new RawClient(h.broker, 5);
    pub.connect('pub');
    pub.take();
    pub.send({ cmd: 'pubrel', messageId: 42 });
    expect(pub.take()).toMatchObject([{ cmd: 'pubcomp', messageId: 42, reasonCode: 0x92 }]);
  });
});

describe('QoS 2, broker to client', () => {
  function flow(h: Harness): { sub: RawClient; id: number; msgId: number } {
    const sub = new RawClient(h.broker);
    sub.connect('sub', { clean: false });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'q/#', qos: 2 }] });
    expect(sub.take()).toMatchObject([{ cmd: 'connack' }, { cmd: 'suback', granted: [2] }]);
    const pub = h.client();
    pub.connect({ clientId: 'pub' });
    pub.publish('q/x', 'two', 2);
    const [publish] = sub.take() as PacketOf<'publish'>[];
    expect(publish).toMatchObject({ cmd: 'publish', qos: 2, dup: false, topic: 'q/x' });
    return { sub, id: publish!.messageId!, msgId: h.of('message.published')[0]!.msgId };
  }

  it('[MQTT-4.3.3-1, 3.1.1] PUBLISH, PUBREC, PUBREL, PUBCOMP: acknowledged only after PUBCOMP', () => {
    const h = standard();
    const { sub, id, msgId } = flow(h);
    const stored = () => h.broker.sessions().find((s) => s.clientId === 'sub')!.messages;
    expect(stored()).toMatchObject([{ msgId, state: 'in-flight', packetId: id }]);
    expect(h.of('message.acknowledged')).toEqual([]);

    sub.send({ cmd: 'pubrec', messageId: id });
    expect(sub.take()).toMatchObject([{ cmd: 'pubrel', messageId: id }]);
    expect(stored()).toMatchObject([{ msgId, state: 'awaiting-pubcomp', packetId: id }]);
    expect(h.of('message.acknowledged')).toEqual([]);

    sub.send({ cmd: 'pubcomp', messageId: id });
    expect(sub.take()).toEqual([]);
    expect(h.of('message.acknowledged')).toMatchObject([
      { msgId, clientId: 'sub', packetId: id, qos: 2 },
    ]);
    expect(stored()).toEqual([]);
  });

  it('[MQTT-4.3.3-1, 3.1.1] a PUBREC repeated after PUBREL gets PUBREL again, never the PUBLISH', () => {
    const h = standard();
    const { sub, id } = flow(h);
    sub.send({ cmd: 'pubrec', messageId: id });
    sub.send({ cmd: 'pubrec', messageId: id });
    expect(sub.take()).toMatchObject([
      { cmd: 'pubrel', messageId: id },
      { cmd: 'pubrel', messageId: id },
    ]);
    sub.send({ cmd: 'pubcomp', messageId: id });
    sub.send({ cmd: 'pubcomp', messageId: id });
    expect(h.of('message.acknowledged')).toHaveLength(1);
  });

  it('[MQTT-4.4.0-1, 3.1.1] on resume, a message waiting for PUBCOMP gets its PUBREL again, not the PUBLISH', () => {
    const h = standard();
    const { sub, id, msgId } = flow(h);
    sub.send({ cmd: 'pubrec', messageId: id });
    sub.take();
    sub.cut();
    sub.open();
    sub.connect('sub', { clean: false });
    expect(sub.take()).toMatchObject([
      { cmd: 'connack', sessionPresent: true },
      { cmd: 'pubrel', messageId: id },
    ]);
    sub.send({ cmd: 'pubcomp', messageId: id });
    expect(h.of('message.acknowledged')).toMatchObject([{ msgId, qos: 2 }]);
  });
});

// --- Retained messages ---------------------------------------------------------------------

describe('retained messages (3.1.1)', () => {
  function setting(): { h: Harness; pub: ReturnType<Harness['client']> } {
    const h = standard();
    const pub = h.client();
    pub.connect({ clientId: 'pub' });
    return { h, pub };
  }

  it('[MQTT-3.3.1-5, 3.1.1] [MQTT-3.3.1-6, 3.1.1] [MQTT-3.3.1-8, 3.1.1] is stored and sent with RETAIN=1 to a new subscriber', () => {
    const { h, pub } = setting();
    pub.publish('r/t', 'one', 1, { retain: true });
    expect(h.of('retained.set')).toMatchObject([{ topic: 'r/t' }]);
    const sub = h.client();
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/#', 1);
    expect(sub.publishes()).toMatchObject([{ topic: 'r/t', retain: true, qos: 1 }]);
    expect(sub.payloads()).toEqual(['one']);
  });

  it('[MQTT-3.3.1-9, 3.1.1] reaches a subscriber already there with RETAIN=0', () => {
    const { h, pub } = setting();
    const sub = h.client();
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/#', 1);
    pub.publish('r/t', 'live', 1, { retain: true });
    expect(sub.publishes()).toMatchObject([{ topic: 'r/t', retain: false }]);
  });

  it('[MQTT-3.3.1-5, 3.1.1] a new retained message replaces the one before', () => {
    const { h, pub } = setting();
    pub.publish('r/t', 'one', 1, { retain: true });
    pub.publish('r/t', 'two', 1, { retain: true });
    const sub = h.client();
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/t', 1);
    expect(sub.payloads()).toEqual(['two']);
  });

  it('[MQTT-3.3.1-10, 3.1.1] [MQTT-3.3.1-11, 3.1.1] an empty retained payload clears the topic and is delivered', () => {
    const { h, pub } = setting();
    const live = h.client();
    live.connect({ clientId: 'live' });
    live.subscribe('r/#', 1);
    pub.publish('r/t', 'one', 1, { retain: true });
    pub.publish('r/t', '', 1, { retain: true });
    expect(h.of('retained.cleared')).toMatchObject([{ topic: 'r/t' }]);
    expect(live.payloads()).toEqual(['one', '']);
    const late = h.client();
    late.connect({ clientId: 'late' });
    late.subscribe('r/#', 1);
    expect(late.publishes()).toEqual([]);
  });

  it('[MQTT-3.3.1-12, 3.1.1] a PUBLISH with RETAIN=0 neither stores nor replaces', () => {
    const { h, pub } = setting();
    pub.publish('r/a', 'kept', 1, { retain: true });
    pub.publish('r/a', 'not kept', 1);
    pub.publish('r/b', 'not kept', 1);
    const sub = h.client();
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/#', 1);
    expect(sub.payloads()).toEqual(['kept']);
  });

  it('goes at the lower QoS of the message and the subscription', () => {
    const { h, pub } = setting();
    pub.publish('r/q2', 'two', 2, { retain: true });
    pub.publish('r/q0', 'zero', 0, { retain: true });
    const sub = h.client();
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/q2', 1);
    sub.subscribe('r/q0', 2);
    expect(sub.publishes().map((p) => [text(p), p.qos])).toEqual([
      ['two', 1],
      ['zero', 0],
    ]);
  });

  it('[MQTT-4.7.2-1, 3.1.1] a wildcard subscription gets each matching retained message, not $ topics', () => {
    const { h, pub } = setting();
    for (const t of ['a', 'a/b', 'a/b/c', 'x/y', '$SYS/uptime']) {
      pub.publish(t, t, 0, { retain: true });
    }
    const all = h.client();
    all.connect({ clientId: 'all' });
    all.subscribe('#', 0);
    expect(all.payloads().sort()).toEqual(['a', 'a/b', 'a/b/c', 'x/y']);
    const some = h.client();
    some.connect({ clientId: 'some' });
    some.subscribe('a/+', 0);
    expect(some.payloads()).toEqual(['a/b']);
    const sys = h.client();
    sys.connect({ clientId: 'sys' });
    sys.subscribe('$SYS/#', 0);
    expect(sys.payloads()).toEqual(['$SYS/uptime']);
  });
});

describe('retained messages and subscription options (5.0)', () => {
  function setting(): { h: Harness; pub: ReturnType<Harness['client']> } {
    const h = standard();
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('r/t', 'kept', 1, { retain: true });
    return { h, pub };
  }

  it('[MQTT-3.3.1-9, 5.0] Retain Handling 0: sent on every SUBSCRIBE, a repeated one included', () => {
    const { h } = setting();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/#', 1, { rh: 0 });
    sub.subscribe('r/#', 1, { rh: 0 });
    expect(sub.publishes()).toMatchObject([
      { topic: 'r/t', retain: true },
      { topic: 'r/t', retain: true },
    ]);
  });

  it('[MQTT-3.3.1-10, 5.0] Retain Handling 1: sent only when the subscription is new', () => {
    const { h } = setting();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/#', 1, { rh: 1 });
    sub.subscribe('r/#', 1, { rh: 1 });
    expect(sub.payloads()).toEqual(['kept']);
  });

  it('[MQTT-3.3.1-11, 5.0] Retain Handling 2: never sent on SUBSCRIBE', () => {
    const { h, pub } = setting();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/#', 1, { rh: 2 });
    expect(sub.publishes()).toEqual([]);
    // The subscription itself works.
    pub.publish('r/t', 'live', 1);
    expect(sub.payloads()).toEqual(['live']);
  });

  it('[MQTT-3.3.1-12, 5.0] without Retain As Published a live retained message arrives with RETAIN=0', () => {
    const { h, pub } = setting();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/#', 1, { rh: 2, rap: false });
    pub.publish('r/t', 'live', 1, { retain: true });
    expect(sub.publishes()).toMatchObject([{ retain: false }]);
  });

  it('[MQTT-3.3.1-13] with Retain As Published a live message keeps its RETAIN flag', () => {
    const { h, pub } = setting();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/#', 1, { rh: 2, rap: true });
    pub.publish('r/t', 'retained', 1, { retain: true });
    pub.publish('r/t', 'plain', 1);
    expect(sub.publishes().map((p) => [text(p), p.retain])).toEqual([
      ['retained', true],
      ['plain', false],
    ]);
  });

  it('[MQTT-3.8.3-3, 5.0] No Local: a client does not get its own messages; others do', () => {
    const h = standard();
    const me = h.client(5);
    me.connect({ clientId: 'me' });
    me.subscribe('nl/#', 1, { nl: true });
    const other = h.client(5);
    other.connect({ clientId: 'other' });
    other.subscribe('nl/#', 1, { nl: true });
    me.publish('nl/x', 'from me', 1);
    expect(me.publishes()).toEqual([]);
    expect(other.payloads()).toEqual(['from me']);
    // Without No Local the publisher gets its own message back.
    me.subscribe('nl/#', 1, { nl: false, rh: 2 });
    me.publish('nl/x', 'again', 1);
    expect(me.payloads()).toEqual(['again']);
  });

  it('[MQTT-3.3.2-6] a retained message is sent with what is left of its Message Expiry Interval', () => {
    const h = standard();
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('r/e', 'soon gone', 1, {
      retain: true,
      properties: { messageExpiryInterval: 100 },
    });
    h.clock.advance(40_000);
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/e', 1);
    expect(sub.publishes()).toMatchObject([
      { retain: true, properties: { messageExpiryInterval: 60 } },
    ]);
  });

  it('[MQTT-3.3.2-5] a retained message whose Message Expiry Interval has passed is not sent', () => {
    const h = standard();
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('r/e', 'gone', 1, { retain: true, properties: { messageExpiryInterval: 10 } });
    h.clock.advance(11_000);
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe('r/e', 1);
    expect(sub.publishes()).toEqual([]);
  });
});

// --- Will ----------------------------------------------------------------------------------

describe('Will', () => {
  const will = (topic: string, extra: object = {}) => ({
    topic,
    payload: Buffer.from(`${topic} is gone`),
    qos: 1 as QoS,
    retain: false,
    ...extra,
  });

  function watched(version: Version = 4) {
    const h = standard();
    const watcher = h.client(version);
    watcher.connect({ clientId: 'watcher' });
    watcher.subscribe('will/#', 1);
    return { h, watcher };
  }

  it('[MQTT-3.1.2-8, 3.1.1] is published when the transport is lost', () => {
    const { h, watcher } = watched();
    const c = h.client();
    c.connect({ clientId: 'w', will: will('will/w') });
    expect(h.of('will.published')).toEqual([]);
    c.drop();
    expect(h.of('will.published')).toMatchObject([{ clientId: 'w', topic: 'will/w' }]);
    expect(watcher.payloads()).toEqual(['will/w is gone']);
    expect(h.of('message.published')).toMatchObject([{ will: true, qos: 1, topic: 'will/w' }]);
  });

  it('[MQTT-3.1.2-24, 3.1.1] is published when keep-alive runs out, at 1.5 × keep-alive', () => {
    const { h, watcher } = watched();
    const c = h.client();
    c.connect({ clientId: 'w', keepalive: 10, will: will('will/w') });
    c.hang();
    h.clock.advance(14_999);
    expect(c.connected).toBe(true);
    expect(h.of('will.published')).toEqual([]);
    h.clock.advance(1);
    expect(h.of('connection.closed')).toMatchObject([
      { clientId: 'w', reason: 'keepalive-timeout' },
    ]);
    expect(watcher.payloads()).toEqual(['will/w is gone']);
  });

  it('[MQTT-3.1.2-8, 3.1.1] is published when the connection is closed for a protocol error', () => {
    const { h, watcher } = watched();
    const c = h.client();
    c.connect({ clientId: 'w', will: will('will/w') });
    c.sendRaw(Uint8Array.from([0x00, 0x00]));
    expect(h.of('connection.closed')).toMatchObject([{ clientId: 'w', reason: 'protocol-error' }]);
    expect(watcher.payloads()).toEqual(['will/w is gone']);
  });

  it('[MQTT-3.1.2-10, 3.1.1] is not published after DISCONNECT (3.1.1)', () => {
    const { h, watcher } = watched();
    const c = h.client();
    c.connect({ clientId: 'w', will: will('will/w') });
    c.disconnect();
    h.clock.advance(3_600_000);
    expect(h.of('will.published')).toEqual([]);
    expect(watcher.publishes()).toEqual([]);
  });

  it('[MQTT-3.14.4-3, 5.0] is not published after DISCONNECT 0x00 (5.0)', () => {
    const { h, watcher } = watched(5);
    const c = h.client(5);
    c.connect({ clientId: 'w', will: will('will/w') });
    c.disconnect({ reasonCode: 0 });
    expect(h.of('will.published')).toEqual([]);
    expect(watcher.publishes()).toEqual([]);
  });

  it('is published after DISCONNECT 0x04 "with Will Message" (5.0)', () => {
    const { h, watcher } = watched(5);
    const c = h.client(5);
    c.connect({ clientId: 'w', will: will('will/w') });
    c.disconnect({ reasonCode: 0x04 });
    expect(h.of('connection.closed')).toMatchObject([{ reason: 'client-disconnect' }]);
    expect(watcher.payloads()).toEqual(['will/w is gone']);
  });

  it('[MQTT-3.1.2-17, 3.1.1] with Will Retain is published as a retained message', () => {
    const { h } = watched();
    const c = h.client();
    c.connect({ clientId: 'w', will: will('will/r', { retain: true }) });
    c.drop();
    expect(h.of('retained.set')).toMatchObject([{ topic: 'will/r' }]);
    const late = h.client();
    late.connect({ clientId: 'late' });
    late.subscribe('will/r', 1);
    expect(late.publishes()).toMatchObject([{ retain: true, topic: 'will/r' }]);
  });

  it('[MQTT-3.1.2-8, 5.0] Will Delay Interval: the will goes when the delay has passed', () => {
    const { h, watcher } = watched(5);
    const c = h.client(5);
    c.connect({
      clientId: 'w',
      properties: { sessionExpiryInterval: 300 },
      will: will('will/w', { properties: { willDelayInterval: 30 } }),
    });
    c.drop();
    expect(h.of('will.scheduled')).toMatchObject([{ clientId: 'w', topic: 'will/w' }]);
    h.clock.advance(29_999);
    expect(h.of('will.published')).toEqual([]);
    h.clock.advance(1);
    expect(h.of('will.published')).toMatchObject([{ clientId: 'w' }]);
    expect(watcher.payloads()).toEqual(['will/w is gone']);
  });

  it('will.scheduled says when the delayed will is due', () => {
    const { h } = watched(5);
    h.clock.advance(5_000);
    const c = h.client(5);
    c.connect({
      clientId: 'w',
      properties: { sessionExpiryInterval: 300 },
      will: will('will/w', { properties: { willDelayInterval: 30 } }),
    });
    c.drop();
    const [scheduled] = h.of('will.scheduled');
    expect(scheduled).toMatchObject({ clientId: 'w', topic: 'will/w' });
    // Emitted at 5 s, the event must also carry the time the will is due: 35 s.
    expect(Object.values(scheduled!)).toContain(35_000);
  });

  it('[MQTT-3.1.3-9, 5.0] a reconnect within the Will Delay Interval cancels the will', () => {
    const { h, watcher } = watched(5);
    const c = h.client(5);
    const options = {
      clientId: 'w',
      clean: false,
      properties: { sessionExpiryInterval: 300 },
      will: will('will/w', { properties: { willDelayInterval: 30 } }),
    };
    c.connect(options);
    c.drop();
    h.clock.advance(10_000);
    expect(c.connect(options)).toMatchObject({ reasonCode: 0, sessionPresent: true });
    expect(h.of('will.cancelled')).toMatchObject([{ clientId: 'w', topic: 'will/w' }]);
    h.clock.advance(120_000);
    expect(h.of('will.published')).toEqual([]);
    expect(watcher.publishes()).toEqual([]);
  });

  it('[MQTT-3.1.2-8, 5.0] goes when the session ends, if that comes before the Will Delay Interval', () => {
    const { h, watcher } = watched(5);
    const c = h.client(5);
    c.connect({
      clientId: 'w',
      properties: { sessionExpiryInterval: 10 },
      will: will('will/w', { properties: { willDelayInterval: 60 } }),
    });
    c.drop();
    expect(h.of('will.scheduled')).toHaveLength(1);
    h.clock.advance(9_999);
    expect(h.of('will.published')).toEqual([]);
    h.clock.advance(1);
    expect(h.of('will.published')).toHaveLength(1);
    expect(h.of('session.expired')).toMatchObject([{ clientId: 'w' }]);
    expect(watcher.payloads()).toEqual(['will/w is gone']);
  });

  it('[MQTT-3.1.2-8, 5.0] with no Session Expiry, a delayed will goes at once', () => {
    const { h, watcher } = watched(5);
    const c = h.client(5);
    c.connect({ clientId: 'w', will: will('will/w', { properties: { willDelayInterval: 60 } }) });
    c.drop();
    expect(h.of('will.published')).toHaveLength(1);
    expect(watcher.payloads()).toEqual(['will/w is gone']);
  });
});

// --- Client identifiers --------------------------------------------------------------------

describe('zero-length client identifiers', () => {
  it('[MQTT-3.1.3-8, 3.1.1] 3.1.1 with cleanSession=0 is refused with CONNACK 0x02', () => {
    const h = standard();
    const c = new RawClient(h.broker);
    // mqtt-packet will not generate this CONNECT: an empty client id with cleanSession=0.
    c.sendHex('10 0c 0004 4d515454 04 00 003c 0000');
    expect(c.take()).toMatchObject([{ cmd: 'connack', returnCode: 2, sessionPresent: false }]);
    expect(c.closed).toBe(true);
    expect(h.of('connection.closed')).toMatchObject([{ reason: 'connect-refused' }]);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-3.1.3-6, 3.1.1] 3.1.1 with cleanSession=1 is given a unique id of its own', () => {
    const h = standard();
    const a = h.client();
    const b = h.client();
    expect(a.connect({ clientId: '', clean: true })).toMatchObject({ returnCode: 0 });
    expect(b.connect({ clientId: '', clean: true })).toMatchObject({ returnCode: 0 });
    const ids = h.of('connack.sent').map((e) => e.clientId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe('');
    expect(ids[0]).not.toBe(ids[1]);
    expect(h.broker.sessions().map((s) => s.clientId)).toEqual(ids);
    // Each works as a client.
    a.subscribe('z', 1);
    b.publish('z', 'hello', 1);
    expect(a.payloads()).toEqual(['hello']);
  });

  it('[MQTT-3.1.3-7, 5.0] 5.0: the assigned id is returned in CONNACK (Assigned Client Identifier)', () => {
    const h = standard();
    const a = h.client(5);
    const b = h.client(5);
    const first = a.connect({ clientId: '' });
    const second = b.connect({ clientId: '' });
    const idA = first?.properties?.assignedClientIdentifier;
    const idB = second?.properties?.assignedClientIdentifier;
    expect(idA).toEqual(expect.any(String));
    expect(idA).not.toBe('');
    expect(idA).not.toBe(idB);
    expect(h.of('connack.sent').map((e) => e.assignedClientId)).toEqual([idA, idB]);
  });

  it('[MQTT-3.1.3-7, 5.0] 5.0: a session opened with an assigned id can be resumed under it', () => {
    const h = standard();
    const c = new RawClient(h.broker, 5);
    // Clean Start=0, Session Expiry Interval 60, empty client id (hand-made: see above).
    c.sendHex('10 12 0004 4d515454 05 00 0000 05 110000003c 0000');
    const [connack] = c.take() as PacketOf<'connack'>[];
    expect(connack).toMatchObject({ cmd: 'connack', reasonCode: 0, sessionPresent: false });
    const id = connack!.properties!.assignedClientIdentifier!;
    expect(h.broker.sessions()).toMatchObject([{ clientId: id, persistent: true, expiry: 60 }]);
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 's/#', qos: 1 }] });
    c.cut();
    const again = h.client(5);
    const resumed = again.connect({
      clientId: id,
      clean: false,
      properties: { sessionExpiryInterval: 60 },
    });
    expect(resumed).toMatchObject({ reasonCode: 0, sessionPresent: true });
    expect(resumed?.properties?.assignedClientIdentifier).toBeUndefined();
  });
});

// --- Overlapping subscriptions -------------------------------------------------------------

describe('overlapping subscriptions', () => {
  it('[MQTT-3.3.5-1] a/# at QoS 0 and a/b at QoS 1: one copy, at QoS 1', () => {
    const h = standard();
    const sub = h.client();
    sub.connect({ clientId: 'sub' });
    expect(sub.subscribe('a/#', 0)).toEqual([0]);
    expect(sub.subscribe('a/b', 1)).toEqual([1]);
    const pub = h.client();
    pub.connect({ clientId: 'pub' });
    pub.publish('a/b', 'both', 1);
    expect(sub.publishes().map((p) => [text(p), p.qos])).toEqual([['both', 1]]);
    expect(h.of('message.routed')).toMatchObject([{ clientId: 'sub', qos: 1 }]);
    // A QoS 0 message still goes once, at QoS 0; a topic only a/# matches goes at QoS 0.
    pub.publish('a/b', 'zero', 0);
    pub.publish('a/c', 'other', 1);
    expect(sub.publishes().map((p) => [text(p), p.qos])).toEqual([
      ['both', 1],
      ['zero', 0],
      ['other', 0],
    ]);
  });

  it('[MQTT-3.3.5-1] three overlapping filters (#, +/b, a/b) still give one copy', () => {
    const h = standard();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub' });
    sub.subscribe(['#', '+/b', 'a/b'], 2);
    const pub = h.client();
    pub.connect({ clientId: 'pub' });
    pub.publish('a/b', 'once', 2);
    expect(sub.payloads()).toEqual(['once']);
  });
});

// --- Authorization -------------------------------------------------------------------------

describe('authorization', () => {
  const access = { denySubscribe: ['secret/#'], denyPublish: ['admin/#'] };

  it('a denied SUBSCRIBE gets SUBACK 0x80 (3.1.1), and the other filters are granted', () => {
    const h = standard({ access });
    const c = h.client();
    c.connect({ clientId: 'c' });
    expect(c.subscribe(['ok/1', 'secret/x', 'secret/#'], 1)).toEqual([1, 0x80, 0x80]);
    expect(h.of('subscription.refused')).toMatchObject([
      { clientId: 'c', filter: 'secret/x', code: 0x80, reason: 'not-authorized' },
      { clientId: 'c', filter: 'secret/#', code: 0x80, reason: 'not-authorized' },
    ]);
    expect(h.broker.sessions()[0]!.subscriptions).toEqual([{ filter: 'ok/1', qos: 1 }]);
    expect(c.connected).toBe(true);
    const pub = h.client();
    pub.connect({ clientId: 'pub' });
    pub.publish('secret/x', 'hidden', 1);
    expect(c.publishes()).toEqual([]);
  });

  it('a denied SUBSCRIBE gets SUBACK 0x87 (5.0)', () => {
    const h = standard({ access });
    const c = h.client(5);
    c.connect({ clientId: 'c' });
    expect(c.subscribe(['secret/+', 'open/#'], 1)).toEqual([0x87, 1]);
    expect(h.of('subscription.refused')).toMatchObject([
      { filter: 'secret/+', code: 0x87, reason: 'not-authorized' },
    ]);
  });

  it('a denied PUBLISH is dropped as not-authorized, with PUBACK 0x87 (5.0)', () => {
    const h = standard({ access });
    const admin = h.client(5);
    admin.connect({ clientId: 'admin' });
    admin.subscribe('admin/#', 1);
    const c = h.client(5);
    c.connect({ clientId: 'c' });
    c.publish('admin/reboot', 'now', 1, { retain: true });
    expect(c.last('puback')).toMatchObject({ reasonCode: 0x87 });
    expect(h.of('message.dropped')).toMatchObject([{ clientId: 'c', reason: 'not-authorized' }]);
    expect(h.broker.stats().dropped['not-authorized']).toBe(1);
    expect(h.of('retained.set')).toEqual([]);
    expect(admin.publishes()).toEqual([]);
    expect(c.connected).toBe(true);
  });

  it('a denied QoS 2 PUBLISH gets PUBREC 0x87 and leaves no id waiting for PUBREL (5.0)', () => {
    const h = standard({ access });
    const c = new RawClient(h.broker, 5);
    c.connect('c');
    c.take();
    c.publish('admin/x', 'no', 2, 3);
    expect(c.take()).toMatchObject([{ cmd: 'pubrec', messageId: 3, reasonCode: 0x87 }]);
    c.send({ cmd: 'pubrel', messageId: 3 });
    expect(c.take()).toMatchObject([{ cmd: 'pubcomp', messageId: 3, reasonCode: 0x92 }]);
  });

  it('a denied PUBLISH is dropped as not-authorized at QoS 0 and 1 (3.1.1)', () => {
    const h = standard({ access });
    const admin = h.client();
    admin.connect({ clientId: 'admin' });
    admin.subscribe('#', 1);
    const c = h.client();
    c.connect({ clientId: 'c' });
    c.publish('admin/a', 'zero', 0);
    const id = c.publish('admin/b', 'one', 1);
    expect(c.last('puback')).toMatchObject({ messageId: id });
    expect(h.of('message.dropped').map((e) => e.reason)).toEqual([
      'not-authorized',
      'not-authorized',
    ]);
    expect(admin.publishes()).toEqual([]);
    // Other topics are not affected.
    c.publish('public/x', 'fine', 1);
    expect(admin.payloads()).toEqual(['fine']);
  });
});

describe('invalid and shared filters', () => {
  it('[MQTT-4.7.1-2, 3.1.1] a/#/b is refused with SUBACK 0x80 (3.1.1)', () => {
    const h = standard();
    const c = h.client();
    c.connect({ clientId: 'c' });
    expect(c.subscribe(['a/#/b', 'a/b'], 1)).toEqual([0x80, 1]);
    expect(h.of('subscription.refused')).toMatchObject([
      { filter: 'a/#/b', code: 0x80, reason: 'invalid-filter' },
    ]);
    expect(c.connected).toBe(true);
  });

  it('[MQTT-4.7.1-1, 5.0] a/#/b is refused with SUBACK 0x8F (5.0)', () => {
    const h = standard();
    const c = h.client(5);
    c.connect({ clientId: 'c' });
    expect(c.subscribe(['a/#/b', 'a+'], 1)).toEqual([0x8f, 0x8f]);
    expect(c.connected).toBe(true);
  });

  it('$share/g/t is refused with SUBACK 0x9E when the profile offers no shared subscriptions (5.0)', () => {
    const h = standard({ overrides: { sharedSubscriptions: false } });
    const c = h.client(5);
    const connack = c.connect({ clientId: 'c' });
    expect(connack?.properties?.sharedSubscriptionAvailable).toBe(false);
    expect(c.subscribe('$share/g/t', 1)).toEqual([0x9e]);
    expect(h.of('subscription.refused')).toMatchObject([
      { filter: '$share/g/t', code: 0x9e, reason: 'shared-unsupported' },
    ]);
  });
});

// --- Keep-alive ----------------------------------------------------------------------------

describe('keep-alive', () => {
  it('[MQTT-3.1.2-24, 3.1.1] PINGREQ every keep-alive keeps a connection open', () => {
    const h = standard();
    const c = h.client();
    c.connect({ clientId: 'c', keepalive: 10 });
    h.clock.advance(120_000);
    expect(c.connected).toBe(true);
    expect(c.received.filter((p) => p.cmd === 'pingresp')).toHaveLength(12);
    expect(h.of('connection.closed')).toEqual([]);
  });

  it('[MQTT-3.1.2-22, 5.0] PINGREQ keeps a 5.0 connection open too', () => {
    const h = standard();
    const c = h.client(5);
    c.connect({ clientId: 'c', keepalive: 5 });
    h.clock.advance(60_000);
    expect(c.connected).toBe(true);
  });

  it('[MQTT-3.1.2-24, 3.1.1] a silent client is closed at 1.5 × keep-alive, not before', () => {
    const h = standard();
    const c = h.client();
    c.connect({ clientId: 'c', keepalive: 10 });
    h.clock.advance(30_000); // pinging
    c.hang();
    // The last PINGREQ went at 30 s: the broker waits 15 s from there.
    h.clock.advance(14_999);
    expect(c.connected).toBe(true);
    h.clock.advance(1);
    expect(c.connected).toBe(false);
    expect(h.of('connection.closed')).toMatchObject([
      { clientId: 'c', reason: 'keepalive-timeout' },
    ]);
  });

  it('any packet, not only PINGREQ, counts as activity', () => {
    const h = standard();
    const c = h.client();
    c.connect({ clientId: 'c', keepalive: 10 });
    c.hang();
    for (let i = 0; i < 10; i++) {
      h.clock.advance(14_000);
      c.publish('t', 'tick', 0);
    }
    expect(c.connected).toBe(true);
  });

  it('keep-alive 0 turns the check off for a 3.1.1 client (standard profile)', () => {
    const h = standard();
    const c = h.client();
    c.connect({ clientId: 'c', keepalive: 0 });
    h.clock.advance(7 * 24 * 3600 * 1000);
    expect(c.connected).toBe(true);
  });
});

// --- The client's Maximum Packet Size (5.0) ------------------------------------------------

describe("the client's Maximum Packet Size (5.0)", () => {
  it('[MQTT-3.1.2-25] a message larger than it is dropped as too-large-for-client; smaller ones go', () => {
    const h = standard();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub', properties: { maximumPacketSize: 64 } });
    sub.subscribe('m/#', 1);
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('m/big', 'x'.repeat(100), 1);
    pub.publish('m/small', 'ok', 1);
    expect(sub.payloads()).toEqual(['ok']);
    const big = h.of('message.published')[0]!.msgId;
    expect(h.of('message.dropped')).toMatchObject([
      { msgId: big, clientId: 'sub', reason: 'too-large-for-client' },
    ]);
    expect(h.broker.stats().dropped['too-large-for-client']).toBe(1);
    // Nothing is left waiting for an acknowledgement that will never come.
    expect(h.broker.sessions().find((s) => s.clientId === 'sub')!.messages).toEqual([]);
  });

  it('[MQTT-3.1.2-25] the limit counts the whole packet, not only the payload', () => {
    const h = standard();
    const sub = h.client(5);
    sub.connect({ clientId: 'sub', properties: { maximumPacketSize: 20 } });
    sub.subscribe('m/#', 0);
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    // QoS 0 PUBLISH to "m/t": 1 + 1 + 5 (topic) + 1 (properties) + payload bytes.
    pub.publish('m/t', 'x'.repeat(12), 0); // 20 bytes: fits
    pub.publish('m/t', 'x'.repeat(13), 0); // 21 bytes: does not
    expect(sub.payloads()).toEqual(['x'.repeat(12)]);
    expect(h.of('message.dropped')).toMatchObject([{ reason: 'too-large-for-client' }]);
  });

  it('[MQTT-3.1.2-25] a stored message too large for the returning client is dropped on resume', () => {
    const h = standard();
    const sub = h.client(5);
    const options = {
      clientId: 'sub',
      clean: false,
      properties: { sessionExpiryInterval: 600, maximumPacketSize: 64 },
    };
    sub.connect(options);
    sub.subscribe('m/#', 1);
    sub.drop();
    const pub = h.client(5);
    pub.connect({ clientId: 'pub' });
    pub.publish('m/big', 'x'.repeat(100), 1);
    pub.publish('m/small', 'ok', 1);
    sub.connect(options);
    expect(sub.payloads()).toEqual(['ok']);
    expect(h.of('message.dropped')).toMatchObject([{ reason: 'too-large-for-client' }]);
    expect(h.broker.sessions().find((s) => s.clientId === 'sub')!.messages).toEqual([]);
  });
});
