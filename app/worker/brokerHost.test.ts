import { Buffer } from 'buffer';
import { generate, parser as createParser, type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import type { BrokerEvent, BrokerEventType } from '../broker';
import { MAX_CATCH_UP_MS } from '../broker/clockDriver';
import { BrokerHost, MAX_BATCH } from './brokerHost';
import type { BrokerSetup, ClockState, PageMessage, WorkerMessage } from './protocol';
import { DEFAULT_SETUP } from './setup';

type Of<T extends WorkerMessage['t']> = Extract<WorkerMessage, { t: T }>;

const HOUR = 3600 * 1000;

/**
 * A BrokerHost with a fake `post` and a fake wall clock, and a fake page that speaks raw MQTT
 * (mqtt-packet) over `open` / `data` / `close` messages. Like the page, it tells the worker
 * when its clients have the bytes (`data-ack`), after the call that posted them returns,
 * unless `autoAck` is off.
 */
class Rig {
  wall = 0;
  /** Acknowledge data (the lockstep) as soon as it is received. */
  autoAck = true;
  /** Take in batches (and say so) as soon as they come, as the page does within its budget. */
  takeIn = true;
  /** Data messages received, and how many were acknowledged. */
  dataReceived = 0;
  private dataAcked = 0;
  /** Everything the worker posted, in order. */
  readonly log: WorkerMessage[] = [];
  /** Packets the page received, per connection. */
  readonly packets = new Map<number, Packet[]>();
  private readonly parsers = new Map<number, ReturnType<typeof createParser>>();
  private seen = 0;
  /** Batches received (their sizes), the last one's number, and the last one acknowledged. */
  readonly batches: number[] = [];
  batchesBefore = 0;
  private lastBatch = 0;
  private batchAcked = 0;
  readonly host: BrokerHost;

  constructor(setup?: BrokerSetup) {
    this.host = new BrokerHost(
      (batch) => {
        for (const m of batch.messages) this.onPost(m);
        this.batches.push(batch.messages.length);
        if (batch.ack !== undefined) this.lastBatch = batch.ack;
      },
      () => this.wall,
      setup,
    );
  }

  send(m: PageMessage): void {
    this.host.handle(m);
    this.settle();
  }

  /**
   * Acknowledges the batches taken in (as the page does once it has) and the data received so
   * far (as the page does a macrotask later).
   */
  ack(): void {
    this.takeInBatches();
    if (this.dataAcked === this.dataReceived) return;
    this.dataAcked = this.dataReceived;
    this.host.handle({ t: 'data-ack', upTo: this.dataAcked });
  }

  /** Says every batch received was taken in. */
  takeInBatches(): void {
    if (this.batchAcked === this.lastBatch) return;
    this.batchAcked = this.lastBatch;
    this.host.handle({ t: 'batch-ack', upTo: this.batchAcked });
  }

  private settle(): void {
    for (let i = 0; ; i++) {
      if (i > 10_000) throw new Error('the page never caught up');
      if (this.takeIn && this.batchAcked < this.lastBatch) this.takeInBatches();
      else if (this.autoAck && this.dataAcked < this.dataReceived) this.ack();
      else return;
    }
  }

  /** Messages posted since the last call. */
  take(): WorkerMessage[] {
    const fresh = this.log.slice(this.seen);
    this.seen = this.log.length;
    return fresh;
  }

  of<T extends WorkerMessage['t']>(t: T, messages: WorkerMessage[] = this.log): Of<T>[] {
    return messages.filter((m): m is Of<T> => m.t === t);
  }

  /** Broker events of the given type, from every batch so far. */
  events<T extends BrokerEventType>(type: T): Extract<BrokerEvent, { type: T }>[] {
    return this.of('events')
      .flatMap((b) => b.events)
      .filter((e): e is Extract<BrokerEvent, { type: T }> => e.type === type);
  }

  get clock(): ClockState {
    const batches = this.of('events');
    return batches[batches.length - 1]!.clock;
  }

  open(conn: number, version: 4 | 5 = 4): void {
    const parser = createParser({ protocolVersion: version });
    parser.on('packet', (p: Packet) => this.packets.get(conn)!.push(p));
    this.parsers.set(conn, parser);
    this.packets.set(conn, []);
    this.send({ t: 'open', conn });
  }

  write(conn: number, packet: Packet, version: 4 | 5 = 4): void {
    this.send({
      t: 'data',
      conn,
      bytes: new Uint8Array(generate(packet, { protocolVersion: version })),
    });
  }

  connect(
    conn: number,
    clientId: string,
    options: { clean?: boolean; keepalive?: number } = {},
  ): void {
    this.open(conn);
    this.write(conn, {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId,
      clean: options.clean ?? true,
      keepalive: options.keepalive ?? 0,
    });
  }

  /** MQTT packets in a run of bytes (fixed headers walked one after another). */
  packetCount(bytes: Uint8Array): number {
    let n = 0;
    for (let at = 0; at < bytes.length; n++) {
      let len = 0;
      let mul = 1;
      let i = at + 1;
      for (;;) {
        const b = bytes[i++]!;
        len += (b & 0x7f) * mul;
        mul *= 128;
        if (b < 0x80) break;
      }
      at = i + len;
    }
    return n;
  }

  /** Per batch received: the packets and the events it held. */
  batchPackets(): { packets: number; events: number }[] {
    const out: { packets: number; events: number }[] = [];
    let at = 0;
    for (const size of this.batches) {
      const messages = this.log.slice(at, at + size);
      at += size;
      out.push({
        packets: messages.reduce((n, m) => n + (m.t === 'data' ? this.packetCount(m.bytes) : 0), 0),
        events: messages.reduce((n, m) => n + (m.t === 'events' ? m.events.length : 0), 0),
      });
    }
    return out;
  }

  received(conn: number): string[] {
    return (this.packets.get(conn) ?? []).map((p) => p.cmd);
  }

  closed(conn: number): boolean {
    return this.of('close').some((m) => m.conn === conn);
  }

  /** Moves the wall clock and lets the worker's interval tick. */
  tick(ms: number): void {
    this.wall += ms;
    this.host.tick();
    this.settle();
  }

  private onPost(m: WorkerMessage): void {
    this.log.push(m);
    if (m.t === 'data') {
      this.dataReceived++;
      this.parsers.get(m.conn)?.parse(Buffer.from(m.bytes));
    }
  }
}

/**
 * The page's side of the lockstep: answers every `timers-fire` (running `onFire` for each
 * timer id, which may write packets) with `timers-done`, until none is left unanswered.
 */
function answerTimers(rig: Rig, onFire: (id: number) => void, answered: { count: number }): void {
  for (;;) {
    const fired = rig.of('timers-fire').slice(answered.count);
    if (fired.length === 0) return;
    for (const f of fired) {
      answered.count++;
      for (const id of f.ids) onFire(id);
      rig.send({ t: 'timers-done' });
    }
  }
}

describe('BrokerHost: connections', () => {
  it('posts ready with its setup when it starts', () => {
    const rig = new Rig();
    expect(rig.take()).toEqual([{ t: 'ready', setup: DEFAULT_SETUP }]);
  });

  it("answers 'open' with 'open' and a CONNECT with CONNACK bytes", () => {
    const rig = new Rig();
    rig.take();
    rig.open(1);
    const opened = rig.take();
    expect(opened[0]).toEqual({ t: 'open', conn: 1, connId: 1 });
    rig.write(1, {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: 'A',
      clean: false,
      keepalive: 60,
    });
    const data = rig.of('data', rig.take());
    expect(data).toHaveLength(1);
    expect(data[0]!.conn).toBe(1);
    // A copy of exactly the packet's bytes, not a view of a bigger buffer.
    expect(data[0]!.bytes.byteOffset).toBe(0);
    expect(data[0]!.bytes.buffer.byteLength).toBe(data[0]!.bytes.byteLength);
    expect(rig.packets.get(1)).toMatchObject([
      { cmd: 'connack', returnCode: 0, sessionPresent: false },
    ]);
  });

  it('sends each batch of events with the epoch and the clock', () => {
    const rig = new Rig();
    rig.take();
    rig.connect(1, 'A');
    const batches = rig.of('events', rig.take());
    expect(batches.length).toBeGreaterThanOrEqual(2);
    for (const b of batches) {
      expect(b.epoch).toBe(0);
      expect(b.clock).toMatchObject({ now: 0, speed: 1, paused: false });
    }
    // Once the page has the CONNACK, time is free to go on.
    expect(batches.at(-1)!.clock.blocked).toBe(false);
    const types = batches.flatMap((b) => b.events.map((e) => e.type));
    expect(types).toEqual(
      expect.arrayContaining(['connection.opened', 'connect.received', 'connack.sent']),
    );
    const seqs = batches.flatMap((b) => b.events.map((e) => e.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('the page closing a connection is a transport loss for the broker, and is not echoed', () => {
    const rig = new Rig();
    rig.connect(1, 'A', { clean: false });
    rig.take();
    rig.send({ t: 'close', conn: 1 });
    expect(rig.events('connection.closed')).toMatchObject([
      { clientId: 'A', reason: 'transport-closed' },
    ]);
    expect(rig.closed(1)).toBe(false);
    // Bytes for a closed (or unknown) connection are ignored.
    rig.write(1, { cmd: 'pingreq' });
    rig.write(99, { cmd: 'pingreq' });
    expect(rig.of('data', rig.take())).toEqual([]);
    expect(rig.of('error')).toEqual([]);
  });

  it("a silent cut ('sever') leaves the connection open: the broker hears nothing of it", () => {
    const rig = new Rig();
    rig.connect(1, 'A', { clean: false });
    rig.take();
    rig.send({ t: 'sever', conn: 1 });
    expect(rig.events('connection.closed')).toEqual([]);
    expect(rig.of('error')).toEqual([]);
  });

  it("the broker closing a connection posts 'close' once", () => {
    const rig = new Rig();
    rig.open(1);
    // A PUBLISH before CONNECT is a protocol error: the broker closes the connection.
    rig.write(1, {
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('x'),
      qos: 0,
      dup: false,
      retain: false,
    });
    expect(rig.of('close')).toEqual([{ t: 'close', conn: 1 }]);
    rig.send({ t: 'close', conn: 1 });
    expect(rig.of('close')).toHaveLength(1);
  });

  it('answers snapshot with the sessions', () => {
    const rig = new Rig();
    rig.connect(1, 'A', { clean: false });
    rig.send({ t: 'snapshot' });
    const [snap] = rig.of('snapshot');
    expect(snap!.sessions.map((s) => s.clientId)).toEqual(['A']);
  });

  it('an unknown message is reported as an error, not thrown', () => {
    const rig = new Rig();
    expect(() => rig.send({ t: 'bogus' } as unknown as PageMessage)).not.toThrow();
    expect(rig.of('error')).toHaveLength(1);
    expect(rig.of('error')[0]!.message).toContain('bogus');
  });
});

describe('BrokerHost: reset', () => {
  it('swaps the broker: old connections closed, sessions gone, later batches carry the new epoch', () => {
    const rig = new Rig();
    rig.connect(1, 'A', { clean: false });
    rig.connect(2, 'B');
    rig.take();
    const setup: BrokerSetup = { profile: 'standard', overrides: { replayRate: 5 }, seed: 7 };
    rig.send({ t: 'reset', setup, epoch: 3 });
    const after = rig.take();
    expect(rig.of('ready', after)).toEqual([{ t: 'ready', setup }]);
    expect(
      rig
        .of('close', after)
        .map((m) => m.conn)
        .sort(),
    ).toEqual([1, 2]);
    const batches = rig.of('events', after);
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.every((b) => b.epoch === 3)).toBe(true);
    // Nothing of the old broker leaks into the new epoch's batches.
    expect(batches.flatMap((b) => b.events)).toEqual([]);

    rig.send({ t: 'snapshot' });
    expect(rig.of('snapshot', rig.take())[0]!.sessions).toEqual([]);
    // Old connections are gone; a new one talks to the new broker.
    rig.write(1, { cmd: 'pingreq' });
    expect(rig.of('data', rig.take())).toEqual([]);
    rig.connect(3, 'A', { clean: false });
    const fresh = rig.take();
    expect(rig.packets.get(3)).toMatchObject([{ cmd: 'connack', sessionPresent: false }]);
    const freshBatches = rig.of('events', fresh);
    expect(freshBatches.every((b) => b.epoch === 3)).toBe(true);
    // A new broker counts its events from 1 again.
    expect(freshBatches[0]!.events[0]!.seq).toBe(1);
    // The standard profile keeps 3.1.1 sessions forever.
    expect(
      freshBatches.flatMap((b) => b.events).find((e) => e.type === 'connack.sent'),
    ).toMatchObject({
      sessionExpiry: null,
    });
  });

  it('keeps speed and pause across a reset, and forgets the old client timers', () => {
    const rig = new Rig();
    rig.send({ t: 'speed', speed: 3600 });
    rig.send({ t: 'timer-set', id: 1, ms: 30_000 });
    rig.send({ t: 'reset', setup: DEFAULT_SETUP, epoch: 1 });
    rig.tick(1000);
    expect(rig.of('timers-fire')).toEqual([]);
    expect(rig.clock).toEqual({ now: HOUR, speed: 3600, paused: false, blocked: false });
    rig.send({ t: 'pause' });
    rig.send({ t: 'reset', setup: DEFAULT_SETUP, epoch: 2 });
    rig.tick(1000);
    expect(rig.clock).toMatchObject({ now: 0, speed: 3600, paused: true });
  });

  const bad: [string, BrokerSetup, RegExp][] = [
    [
      'an unknown profile',
      { profile: 'nope' as BrokerSetup['profile'], overrides: {}, seed: 1 },
      /unknown profile/,
    ],
    [
      'a negative replay rate',
      { profile: 'aws', overrides: { replayRate: -1 }, seed: 1 },
      /replayRate/,
    ],
  ];
  for (const [name, setup, message] of bad) {
    it(`refuses ${name}: an error, and a fresh default broker in the new epoch`, () => {
      const rig = new Rig();
      rig.connect(1, 'A', { clean: false });
      rig.take();
      rig.send({ t: 'reset', setup, epoch: 1 });
      const after = rig.take();
      // The page has already cleared its view for epoch 1: the worker keeps in step with it.
      expect(after.map((m) => m.t)).toEqual(['error', 'ready', 'close', 'events']);
      expect(rig.of('error', after)[0]!.message).toMatch(message);
      expect(rig.of('ready', after)[0]!.setup).toEqual(DEFAULT_SETUP);
      expect(rig.of('events', after).every((b) => b.epoch === 1)).toBe(true);
      rig.send({ t: 'snapshot' });
      expect(rig.of('snapshot', rig.take())[0]!.sessions).toEqual([]);
    });
  }
});

describe('BrokerHost: the clock in lockstep with the page', () => {
  it('stops at a fired client timer until the page is done, then goes on', () => {
    const rig = new Rig();
    rig.send({ t: 'speed', speed: 3600 });
    rig.send({ t: 'timer-set', id: 1, ms: 30_000 });
    rig.take();

    rig.tick(1000); // an hour of simulated time is due, but the timer fires at 30 s
    let out = rig.take();
    expect(rig.of('timers-fire', out)).toEqual([{ t: 'timers-fire', ids: [1], now: 30_000 }]);
    expect(rig.clock).toEqual({ now: 30_000, speed: 3600, paused: false, blocked: true });

    // Time does not move while the page's clients act at this instant.
    rig.tick(1000);
    rig.tick(5000);
    out = rig.take();
    expect(rig.of('timers-fire', out)).toEqual([]);
    expect(rig.clock).toMatchObject({ now: 30_000, blocked: true });

    rig.send({ t: 'timers-done' });
    out = rig.take();
    // It goes on towards the hour it was heading for, and stops at the timer's next turn.
    expect(rig.of('timers-fire', out)).toEqual([{ t: 'timers-fire', ids: [1], now: 60_000 }]);
    expect(rig.clock).toMatchObject({ now: 60_000, blocked: true });

    // Without the timer, the rest of the hour passes at once, and of the 6 s of wall time spent
    // blocked, MAX_CATCH_UP_MS is made up: a stall that long lets time slip, not leap.
    rig.send({ t: 'timer-clear', id: 1 });
    rig.send({ t: 'timers-done' });
    const after = HOUR + MAX_CATCH_UP_MS * 3600;
    expect(rig.clock).toEqual({ now: after, speed: 3600, paused: false, blocked: false });
    rig.tick(1000);
    expect(rig.clock.now).toBe(after + HOUR);
  });

  it('holds time while bytes are on their way to the page, until it acknowledges them', () => {
    const rig = new Rig();
    rig.autoAck = false;
    rig.send({ t: 'speed', speed: 3600 });
    rig.connect(1, 'A', { keepalive: 60 });
    expect(rig.dataReceived).toBe(1); // the CONNACK
    expect(rig.clock).toMatchObject({ now: 0, blocked: true });
    rig.tick(5);
    rig.tick(5);
    expect(rig.clock).toMatchObject({ now: 0, blocked: true });
    rig.ack();
    // The 10 ms of wall time it was held are made up once the page has the bytes.
    expect(rig.clock).toMatchObject({ now: 36_000, blocked: false });
    rig.tick(5);
    expect(rig.clock).toMatchObject({ now: 54_000, blocked: false });
    rig.write(1, { cmd: 'pingreq' });
    rig.tick(5);
    expect(rig.clock).toMatchObject({ now: 54_000, blocked: true });
    // An acknowledgement of fewer messages than were sent does not let time go.
    rig.host.handle({ t: 'data-ack', upTo: 1 });
    rig.tick(5);
    expect(rig.clock.now).toBe(54_000);
    rig.ack();
    expect(rig.clock).toMatchObject({ now: 90_000, blocked: false });
    rig.tick(5);
    expect(rig.clock).toMatchObject({ now: 108_000, blocked: false });
    expect(rig.received(1)).toEqual(['connack', 'pingresp']);
  });

  it('timers due at the same instant go to the page in one round trip', () => {
    const rig = new Rig();
    rig.send({ t: 'speed', speed: 100 });
    rig.send({ t: 'timer-set', id: 1, ms: 10_000 });
    rig.send({ t: 'timer-set', id: 2, ms: 10_000 });
    rig.send({ t: 'timer-set', id: 3, ms: 15_000 });
    rig.tick(200); // 20 s of simulated time
    expect(rig.of('timers-fire')).toEqual([{ t: 'timers-fire', ids: [1, 2], now: 10_000 }]);
    rig.send({ t: 'timers-done' });
    expect(rig.of('timers-fire').at(-1)).toEqual({ t: 'timers-fire', ids: [3], now: 15_000 });
  });

  it('[MQTT-3.1.2-24, 3.1.1] at 3600×, a pinging client lives 6 hours; a silent one is closed at 90 s', () => {
    const rig = new Rig();
    rig.send({ t: 'speed', speed: 3600 });
    rig.connect(1, 'healthy', { keepalive: 60 });
    rig.send({ t: 'timer-set', id: 1, ms: 60_000 });
    rig.connect(2, 'silent', { keepalive: 60 });
    rig.send({ t: 'timer-set', id: 2, ms: 60_000 });
    const answered = { count: 0 };
    const onFire = (id: number) => {
      if (id === 1) rig.write(1, { cmd: 'pingreq' });
      // The silent client's timer fires too, but it sends nothing.
    };
    let silentClosedAt: number | undefined;
    for (let i = 0; i < 1000 && rig.clock.now < 6 * HOUR; i++) {
      rig.tick(1000);
      answerTimers(rig, onFire, answered);
      if (silentClosedAt === undefined && rig.closed(2)) {
        silentClosedAt = rig.events('connection.closed').find((e) => e.clientId === 'silent')!.at;
        rig.send({ t: 'timer-clear', id: 2 });
      }
    }
    expect(rig.clock.now).toBeGreaterThanOrEqual(6 * HOUR);
    expect(silentClosedAt).toBe(90_000);
    expect(rig.events('connection.closed')).toMatchObject([
      { clientId: 'silent', reason: 'keepalive-timeout' },
    ]);
    expect(rig.closed(1)).toBe(false);
    const pings = rig.received(1).filter((c) => c === 'pingresp').length;
    expect(pings).toBeGreaterThanOrEqual(6 * 60);
  });

  it('with mqtt.js timing (a 30 s interval, a ping every 2nd turn, rescheduled on PINGRESP) no timeout either', () => {
    const rig = new Rig();
    rig.send({ t: 'speed', speed: 3600 });
    rig.connect(1, 'A', { keepalive: 60 });
    let timer = 1;
    let counter = 0;
    rig.send({ t: 'timer-set', id: timer, ms: 30_000 });
    const answered = { count: 0 };
    let pingresps = 0;
    const onFire = (id: number) => {
      if (id !== timer) return;
      counter++;
      if (counter === 2) rig.write(1, { cmd: 'pingreq' });
      const now = rig.received(1).filter((c) => c === 'pingresp').length;
      if (now > pingresps) {
        // mqtt.js reschedules its keep-alive on every packet it gets.
        pingresps = now;
        rig.send({ t: 'timer-clear', id: timer });
        rig.send({ t: 'timer-set', id: ++timer, ms: 30_000 });
        counter = 0;
      }
    };
    for (let i = 0; i < 1000 && rig.clock.now < 6 * HOUR; i++) {
      rig.tick(1000);
      answerTimers(rig, onFire, answered);
    }
    expect(rig.clock.now).toBeGreaterThanOrEqual(6 * HOUR);
    expect(rig.events('connection.closed')).toEqual([]);
    expect(pingresps).toBeGreaterThanOrEqual(6 * 60 - 1);
  });
});

describe('BrokerHost: clock controls', () => {
  it('jump goes straight to the next session timer', () => {
    const rig = new Rig();
    rig.connect(1, 'A', { clean: false });
    rig.write(1, { cmd: 'disconnect' });
    const [scheduled] = rig.events('session.expiry-scheduled');
    expect(scheduled).toBeDefined();
    rig.take();
    rig.send({ t: 'jump' });
    const out = rig.take();
    expect(rig.clock.now).toBe(scheduled!.actualAt);
    expect(rig.of('events', out).flatMap((b) => b.events.map((e) => e.type))).toContain(
      'session.expired',
    );
    rig.send({ t: 'jump' });
    expect(rig.of('error', rig.take())).toEqual([
      {
        t: 'error',
        about: 'jump',
        message:
          'Nothing timed is ahead: no replay step, expiry, delayed Will or keep-alive deadline.',
      },
    ]);
  });

  it('after a silent drop, jump goes to the keep-alive deadline, where the broker notices', () => {
    const rig = new Rig({ profile: 'standard', overrides: {}, seed: 1 });
    rig.connect(1, 'A', { clean: false, keepalive: 60 });
    rig.connect(2, 'B', { keepalive: 60 });
    rig.tick(5_000);
    // B's client pings on time (its keep-alive deadline is no event); A's network is cut
    // without a word: the page tells the worker's clock, not the broker.
    rig.write(2, { cmd: 'pingreq' });
    rig.send({ t: 'sever', conn: 1 });
    rig.send({ t: 'pause' });
    rig.take();
    rig.send({ t: 'jump' });
    expect(rig.of('error', rig.take())).toEqual([]);
    expect(rig.clock.now).toBe(90_000);
    expect(rig.events('connection.closed')).toMatchObject([
      { clientId: 'A', reason: 'keepalive-timeout', at: 90_000 },
    ]);
    // Nothing else is timed (the standard profile keeps the session for ever).
    rig.send({ t: 'jump' });
    expect(rig.of('error', rig.take())).toHaveLength(1);
    expect(rig.clock.now).toBe(90_000);
  });

  it("jump still lets the clients' timers fire on the way", () => {
    const rig = new Rig();
    rig.connect(1, 'A', { clean: false });
    rig.write(1, { cmd: 'disconnect' });
    const actual = rig.events('session.expiry-scheduled')[0]!.actualAt;
    rig.send({ t: 'timer-set', id: 1, ms: 20 * 60 * 1000 });
    rig.send({ t: 'jump' });
    expect(rig.clock).toMatchObject({ now: 20 * 60 * 1000, blocked: true });
    const answered = { count: 0 };
    answerTimers(rig, () => {}, answered);
    expect(answered.count).toBe(Math.floor(actual / (20 * 60 * 1000)));
    expect(rig.clock).toMatchObject({ now: actual, blocked: false });
    expect(rig.events('session.expired')).toHaveLength(1);
  });

  for (const speed of [0, 0.05, 5000, NaN]) {
    it(`speed ${speed} is refused with an error and the speed kept`, () => {
      const rig = new Rig();
      rig.send({ t: 'speed', speed: 10 });
      rig.take();
      rig.send({ t: 'speed', speed });
      const out = rig.take();
      expect(rig.of('error', out)).toHaveLength(1);
      expect(rig.of('error', out)[0]!.message).toMatch(/speed must be between 0.1 and 3600/);
      expect(rig.clock.speed).toBe(10);
    });
  }

  it('moves simulated time by wall time × speed; pause stops it, play goes on without a jump', () => {
    const rig = new Rig();
    rig.tick(500);
    expect(rig.clock.now).toBe(500);
    rig.send({ t: 'speed', speed: 60 });
    rig.tick(1000);
    expect(rig.clock.now).toBe(60_500);
    rig.send({ t: 'pause' });
    expect(rig.clock.paused).toBe(true);
    rig.tick(10_000);
    expect(rig.clock.now).toBe(60_500);
    rig.send({ t: 'play' });
    expect(rig.clock.paused).toBe(false);
    rig.tick(100);
    expect(rig.clock.now).toBe(66_500);
  });
});

describe('BrokerHost: 1× is 1× of wall time while messages flow', () => {
  it('a replay at 10 msg/s to a page that takes 30 ms to take each message in keeps to wall time', () => {
    const rig = new Rig({ profile: 'aws', overrides: {}, seed: 1 });
    rig.connect(1, 'A', { clean: false });
    rig.write(1, { cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't/#', qos: 1 }] });
    rig.write(1, { cmd: 'disconnect' });
    rig.connect(2, 'B');
    for (let i = 1; i <= 30; i++) {
      rig.write(2, {
        cmd: 'publish',
        topic: 't/x',
        payload: Buffer.from(`m${i}`),
        qos: 1,
        messageId: i,
        retain: false,
        dup: false,
      });
    }
    rig.autoAck = false;
    rig.connect(3, 'A', { clean: false });
    const start = { wall: rig.wall, sim: rig.clock.now };
    // The page takes each batch in two ticks (32 ms) after it came: rendering, mqtt.js.
    let waiting = 0;
    while (rig.events('replay.finished').length === 0 && rig.wall - start.wall < 10_000) {
      rig.tick(16);
      if (rig.dataReceived > 0 && ++waiting >= 2) {
        rig.ack();
        waiting = 0;
      }
    }
    const replay = rig.events('replay.finished')[0]!;
    expect(replay.durationMs).toBe(2900);
    const wall = rig.wall - start.wall;
    const sim = replay.at - start.sim;
    // The replay's 2.9 s of simulated time took 2.9 s of wall time (and a tick or two).
    expect(wall).toBeGreaterThanOrEqual(sim);
    expect(wall).toBeLessThan(sim * 1.03);
  });
});

describe('BrokerHost: a burst reaches the page in bounded batches, as fast as the page takes them', () => {
  /** 3000 QoS 0 PUBLISH packets in one chunk from the publisher: 3000 PUBLISH for 'sub'. */
  function burstRig(): Rig {
    const rig = new Rig();
    rig.connect(1, 'sub');
    rig.write(1, { cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't/#', qos: 0 }] });
    rig.connect(2, 'pub');
    rig.take();
    rig.autoAck = false;
    rig.takeIn = false;
    const one = generate({
      cmd: 'publish',
      topic: 't/x',
      payload: Buffer.from('m'),
      qos: 0,
      retain: false,
      dup: false,
    });
    const chunk = new Uint8Array(one.length * 3000);
    for (let i = 0; i < 3000; i++) chunk.set(one, i * one.length);
    rig.batchesBefore = rig.batches.length;
    rig.send({ t: 'data', conn: 2, bytes: chunk });
    return rig;
  }
  const publishes = (rig: Rig) => rig.packets.get(1)!.filter((p) => p.cmd === 'publish');

  it('sends at most 3 batches the page has not taken in, each of at most 512 packets and 2048 events', () => {
    const rig = burstRig();
    // Not taken in, the window stays shut: ticks send nothing more.
    rig.tick(16);
    rig.tick(16);
    expect(rig.batches.length - rig.batchesBefore).toBe(3);
    expect(publishes(rig).length).toBeLessThanOrEqual(3 * 512);
    const sizes = rig.of('data').map((d) => rig.packetCount(d.bytes));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_BATCH);
    for (const b of rig.batchPackets()) expect(b.packets).toBeLessThanOrEqual(512);
    for (const b of rig.batchPackets()) expect(b.events).toBeLessThanOrEqual(2048);
    // Taking each batch in lets the next go.
    rig.autoAck = true;
    rig.takeIn = true;
    rig.tick(0);
    expect(publishes(rig)).toHaveLength(3000);
    expect(rig.events('message.sent')).toHaveLength(3000);
    expect(publishes(rig).map((p) => p.payload.toString())).toEqual(Array(3000).fill('m'));
  });

  it('holds time until every byte is there', () => {
    const rig = burstRig();
    const before = rig.clock.now;
    for (let i = 0; i < 5; i++) rig.tick(1000);
    // Nothing moved time while the bytes were on their way (or waiting to go).
    expect(rig.clock.now).toBe(before);
    rig.autoAck = true;
    rig.takeIn = true;
    rig.ack();
    rig.tick(1000);
    expect(rig.clock.now).toBeGreaterThan(before);
  });

  it('holds time while the page says it is busy (a burst published at once), then goes on', () => {
    const rig = new Rig();
    rig.connect(1, 'a');
    rig.tick(100);
    const before = rig.clock.now;
    rig.send({ t: 'hold', hold: true });
    rig.tick(5_000);
    expect(rig.clock.now).toBe(before);
    rig.send({ t: 'hold', hold: false });
    rig.tick(100);
    expect(rig.clock.now).toBeGreaterThan(before);
  });
});
