import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageMessage, WorkerMessage, WorkerBatch } from '../worker/protocol';
import type { Pacing } from './pacing';
import { WorkerChannel, type WorkerLike } from './workerChannel';

/** A Worker stand-in: records what the page posts and delivers what the test emits. */
class FakeWorker implements WorkerLike {
  readonly posted: PageMessage[] = [];
  private listener?: (batch: WorkerBatch) => void;

  postCount = 0;
  postMessage(messages: PageMessage[]): void {
    this.postCount++;
    this.posted.push(...messages);
  }

  onBatch(fn: (batch: WorkerBatch) => void): void {
    this.listener = fn;
  }

  emit(message: WorkerMessage): void {
    this.listener!({ messages: [message] });
  }

  emitBatch(batch: WorkerBatch): void {
    this.listener!(batch);
  }

  kinds(): string[] {
    return this.posted.map((m) => m.t);
  }
}

const bytes = (...values: number[]) => new Uint8Array(values);
const clock = { now: 0, speed: 1, paused: false, blocked: false };

function setup(): { worker: FakeWorker; channel: WorkerChannel } {
  const worker = new FakeWorker();
  return { worker, channel: new WorkerChannel(worker) };
}

/** Runs one macrotask hop (the earliest pending timer). */
const hop = () => vi.advanceTimersToNextTimer();

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerChannel: sockets', () => {
  it('openSocket posts open with a new connection number; the socket opens on the worker’s answer', () => {
    const { worker, channel } = setup();
    const a = channel.openSocket('ws://x/mqtt');
    const b = channel.openSocket('ws://x/mqtt');
    expect(worker.posted).toEqual([
      { t: 'open', conn: 1 },
      { t: 'open', conn: 2 },
    ]);
    expect([a.conn, b.conn]).toEqual([1, 2]);
    expect(a.url).toBe('ws://x/mqtt');
    expect(a.readyState).toBe(a.CONNECTING);
    worker.emit({ t: 'open', conn: 2, connId: 2 });
    expect(a.readyState).toBe(a.CONNECTING);
    expect(b.readyState).toBe(b.OPEN);
  });

  it('routes data by connection, both ways', () => {
    const { worker, channel } = setup();
    const a = channel.openSocket('ws://x/mqtt');
    const b = channel.openSocket('ws://x/mqtt');
    worker.emit({ t: 'open', conn: 1, connId: 1 });
    worker.emit({ t: 'open', conn: 2, connId: 2 });
    const got: [string, number[]][] = [];
    a.addEventListener('message', (e) => got.push(['a', Array.from(new Uint8Array(e.data!))]));
    b.addEventListener('message', (e) => got.push(['b', Array.from(new Uint8Array(e.data!))]));
    worker.emit({ t: 'data', conn: 2, bytes: bytes(1, 2), at: 10 });
    worker.emit({ t: 'data', conn: 1, bytes: bytes(3), at: 20 });
    worker.emit({ t: 'data', conn: 9, bytes: bytes(4), at: 30 }); // no such socket
    expect(got).toEqual([
      ['b', [1, 2]],
      ['a', [3]],
    ]);
    expect(channel.now).toBe(30);

    worker.posted.length = 0;
    b.send(bytes(7, 8));
    a.send(bytes(9));
    expect(worker.posted).toEqual([
      { t: 'data', conn: 2, bytes: bytes(7, 8) },
      { t: 'data', conn: 1, bytes: bytes(9) },
    ]);
  });

  it('acknowledges data once the clients had a macrotask to handle it, one ack for a run', () => {
    const { worker, channel } = setup();
    channel.openSocket('ws://x/mqtt');
    worker.emit({ t: 'open', conn: 1, connId: 1 });
    worker.posted.length = 0;
    worker.emit({ t: 'data', conn: 1, bytes: bytes(1), at: 0 });
    worker.emit({ t: 'data', conn: 1, bytes: bytes(2), at: 0 });
    worker.emit({ t: 'data', conn: 7, bytes: bytes(3), at: 0 }); // counted even if unrouted
    expect(worker.posted).toEqual([]);
    hop();
    expect(worker.posted).toEqual([]);
    vi.runAllTimers();
    expect(worker.posted).toEqual([{ t: 'data-ack', upTo: 3 }]);
    worker.emit({ t: 'data', conn: 1, bytes: bytes(4), at: 0 });
    vi.runAllTimers();
    expect(worker.posted).toEqual([
      { t: 'data-ack', upTo: 3 },
      { t: 'data-ack', upTo: 4 },
    ]);
  });

  it('the worker closing a connection closes its socket (asynchronously), and later data is ignored', async () => {
    const { worker, channel } = setup();
    const a = channel.openSocket('ws://x/mqtt');
    worker.emit({ t: 'open', conn: 1, connId: 1 });
    const events: unknown[] = [];
    a.onclose = (e) => events.push(e);
    a.onmessage = (e) => events.push(e);
    worker.emit({ t: 'close', conn: 1 });
    expect(a.readyState).toBe(a.CLOSED);
    expect(events).toEqual([]);
    await Promise.resolve();
    expect(events).toEqual([{ code: 1000, reason: 'closed by broker' }]);
    worker.emit({ t: 'data', conn: 1, bytes: bytes(1), at: 0 });
    expect(events).toHaveLength(1);
    // The page does not echo a close the worker started.
    expect(worker.kinds()).not.toContain('close');
  });

  it("a close with an error fails the socket with that reason; a silent cut posts 'sever'", async () => {
    const { worker, channel } = setup();
    const a = channel.openSocket('ws://x/mqtt');
    const events: unknown[] = [];
    a.addEventListener('error', (e) => events.push(['error', e]));
    a.addEventListener('close', (e) => events.push(['close', e]));
    worker.emit({ t: 'close', conn: 1, error: 'no answer within 10 s' });
    await Promise.resolve();
    expect(events).toEqual([
      ['error', { reason: 'no answer within 10 s' }],
      ['close', { code: 1006, reason: 'no answer within 10 s' }],
    ]);
    const b = channel.openSocket('ws://x/mqtt');
    worker.emit({ t: 'open', conn: 2, connId: 2 });
    b.cut('silent');
    expect(worker.posted.filter((m) => m.t === 'sever' || m.t === 'close')).toEqual([
      { t: 'sever', conn: 2 },
    ]);
  });

  it('the page closing a socket posts close once', () => {
    const { worker, channel } = setup();
    const a = channel.openSocket('ws://x/mqtt');
    worker.emit({ t: 'open', conn: 1, connId: 1 });
    a.close();
    a.close();
    expect(worker.posted.filter((m) => m.t === 'close')).toEqual([{ t: 'close', conn: 1 }]);
    worker.emit({ t: 'close', conn: 1 }); // the worker's own close crossing it is harmless
  });
});

describe('WorkerChannel: client timers on the simulated clock', () => {
  it('timer.set posts timer-set with a new id; clear posts timer-clear once', () => {
    const { worker, channel } = setup();
    const one = channel.timer.set(() => {}, 30_000);
    const two = channel.timer.set(() => {}, 500);
    expect([one, two]).toEqual([1, 2]);
    channel.timer.clear(one);
    channel.timer.clear(one);
    channel.timer.clear(99);
    expect(worker.posted).toEqual([
      { t: 'timer-set', id: 1, ms: 30_000 },
      { t: 'timer-set', id: 2, ms: 500 },
      { t: 'timer-clear', id: 1 },
    ]);
  });

  it("'timers-fire' runs the timers, then posts timers-done only after the hops", () => {
    const { worker, channel } = setup();
    const ran: string[] = [];
    channel.timer.set(() => ran.push('t1'), 1000);
    channel.timer.set(() => ran.push('t2'), 1000);
    const t3 = channel.timer.set(() => ran.push('t3'), 1000);
    channel.timer.clear(t3);
    worker.posted.length = 0;

    worker.emit({ t: 'timers-fire', ids: [2, 1, 3], now: 30_000 });
    expect(channel.now).toBe(30_000);
    expect(worker.posted).toEqual([]);
    for (let i = 0; i < 5 && ran.length === 0; i++) hop();
    expect(ran).toEqual(['t2', 't1']); // in the order given; a cleared timer does not run
    expect(worker.posted).toEqual([]);
    hop();
    expect(worker.posted).toEqual([]); // not after a single hop
    vi.runAllTimers();
    expect(worker.posted).toEqual([{ t: 'timers-done' }]);
    expect(ran).toEqual(['t2', 't1']);
  });

  it('what a timer writes, even a macrotask later (mqtt.js defers writes), reaches the port before timers-done', () => {
    const { worker, channel } = setup();
    const socket = channel.openSocket('ws://x/mqtt');
    worker.emit({ t: 'open', conn: 1, connId: 1 });
    channel.timer.set(() => {
      socket.send(bytes(0xc0, 0x00)); // PINGREQ at once
      setTimeout(() => socket.send(bytes(0xc0, 0x00)), 0); // and one a hop later
    }, 60_000);
    worker.posted.length = 0;
    worker.emit({ t: 'timers-fire', ids: [1], now: 60_000 });
    vi.runAllTimers();
    expect(worker.kinds()).toEqual(['data', 'data', 'timers-done']);
  });

  it('acknowledges bytes only after a client that reads a macrotask later has read them', () => {
    // The worker holds simulated time until this ack, so no client timer can fire before a
    // PINGRESP that came earlier has been handled by mqtt.js.
    const { worker, channel } = setup();
    const socket = channel.openSocket('ws://x/mqtt');
    worker.emit({ t: 'open', conn: 1, connId: 1 });
    const seen: string[] = [];
    socket.addEventListener('message', () => setTimeout(() => seen.push('pingresp read'), 0));
    worker.posted.length = 0;
    worker.emit({ t: 'data', conn: 1, bytes: bytes(0xd0, 0x00), at: 30_000 });
    const acked = () => worker.posted.some((m) => m.t === 'data-ack');
    expect(acked()).toBe(false);
    vi.advanceTimersByTime(0);
    expect(seen).toEqual(['pingresp read']);
    vi.runAllTimers();
    expect(worker.posted).toEqual([{ t: 'data-ack', upTo: 1 }]);
    expect(channel.now).toBe(30_000);
  });

  it('a timer that throws does not stop the others, nor the clock', () => {
    const { worker, channel } = setup();
    const ran: number[] = [];
    channel.timer.set(() => {
      throw new Error('boom');
    }, 10);
    channel.timer.set(() => ran.push(2), 10);
    worker.posted.length = 0;
    worker.emit({ t: 'timers-fire', ids: [1, 2], now: 10 });
    vi.runAllTimers();
    expect(ran).toEqual([2]);
    expect(worker.posted).toEqual([{ t: 'timers-done' }]);
  });

  it('every fire is answered, even when all its timers were cleared', () => {
    const { worker, channel } = setup();
    worker.emit({ t: 'timers-fire', ids: [5], now: 10 });
    worker.emit({ t: 'timers-fire', ids: [6], now: 20 });
    vi.runAllTimers();
    expect(worker.posted).toEqual([{ t: 'timers-done' }, { t: 'timers-done' }]);
    expect(channel.now).toBe(20);
  });
});

describe('WorkerChannel: listeners', () => {
  it('hands every worker message to each listener until it stops listening', () => {
    const { worker, channel } = setup();
    const a: string[] = [];
    const b: string[] = [];
    const stopA = channel.listen((m) => a.push(m.t));
    channel.listen((m) => b.push(m.t));
    worker.emit({ t: 'ready', setup: { profile: 'aws', overrides: {}, seed: 1 } });
    worker.emit({ t: 'events', epoch: 0, events: [], clock: { ...clock, now: 1234 } });
    stopA();
    worker.emit({ t: 'error', message: 'x' });
    expect(a).toEqual(['ready', 'events']);
    expect(b).toEqual(['ready', 'events', 'error']);
    expect(channel.now).toBe(1234);
  });
});

/**
 * A pacing the test drives: `tasks` run when the test says, and each frame allows `perFrame`
 * steps (a step is one `hasTime` asked).
 */
class TestPacing implements Pacing {
  readonly tasks: (() => void)[] = [];
  readonly frames: (() => void)[] = [];
  perFrame = Infinity;
  private used = 0;
  readonly stepwise = true;
  start(): void {}
  hasTime(): boolean {
    return ++this.used < this.perFrame;
  }
  later(fn: () => void): void {
    if (this.used < this.perFrame) this.tasks.push(fn);
    else this.frames.push(fn);
  }
  soon(fn: () => void): void {
    this.tasks.push(fn);
  }
  /** Runs the tasks queued so far, and those they queue, until none is left. */
  runTasks(): void {
    while (this.tasks.length) this.tasks.shift()!();
  }
  /** A new frame: the budget is back and what waited for it runs. */
  frame(): void {
    this.used = 0;
    this.tasks.push(...this.frames.splice(0));
    this.runTasks();
  }
}

function paced(): { worker: FakeWorker; channel: WorkerChannel; pacing: TestPacing } {
  const worker = new FakeWorker();
  const pacing = new TestPacing();
  return { worker, channel: new WorkerChannel(worker, pacing), pacing };
}

describe('WorkerChannel: paced by frames', () => {
  it("gives each client's data and each batch of events a task of its own, other messages not", () => {
    const { worker, channel, pacing } = paced();
    const a = channel.openSocket('ws://x/mqtt');
    pacing.runTasks();
    const seen: string[] = [];
    a.addEventListener('message', (e) => seen.push(`data ${new Uint8Array(e.data!)[0]}`));
    channel.listen((m) => m.t !== 'data' && seen.push(m.t));
    worker.emitBatch({
      messages: [
        { t: 'open', conn: 1, connId: 1 },
        { t: 'data', conn: 1, bytes: bytes(1), at: 0 },
        { t: 'events', epoch: 0, events: [], clock },
        { t: 'data', conn: 1, bytes: bytes(2), at: 0 },
        { t: 'error', message: 'x' },
      ],
    });
    // Up to and with the first data, in the task that received the batch.
    expect(seen).toEqual(['open', 'data 1']);
    pacing.tasks.shift()!();
    expect(seen).toEqual(['open', 'data 1', 'events']);
    pacing.tasks.shift()!();
    expect(seen).toEqual(['open', 'data 1', 'events', 'data 2']);
    pacing.runTasks();
    expect(seen).toEqual(['open', 'data 1', 'events', 'data 2', 'error']);
  });

  it('takes a large batch of events in parts, in order, acknowledging the batch after the last', () => {
    const { worker, channel, pacing } = paced();
    const sizes: number[] = [];
    channel.listen((m) => m.t === 'events' && sizes.push(m.events.length));
    const events = Array.from({ length: 1300 }, (_, i) => ({ seq: i }) as never);
    worker.emitBatch({ ack: 2, messages: [{ t: 'events', epoch: 0, events, clock }] });
    pacing.runTasks();
    expect(sizes).toEqual([512, 512, 276]);
    expect(worker.posted).toEqual([{ t: 'batch-ack', upTo: 2 }]);
  });

  it('a listener that throws is told as a fault; the batch is still acknowledged and later messages taken in', () => {
    const { worker, channel, pacing } = paced();
    const faults: unknown[] = [];
    channel.onFault = (e) => faults.push(e);
    const seen: number[] = [];
    channel.listen((m) => {
      if (m.t !== 'events') return;
      seen.push(m.events.length);
      if (seen.length === 1) throw new Error('fold failed');
    });
    const events = [{ seq: 0 } as never];
    worker.emitBatch({ ack: 1, messages: [{ t: 'events', epoch: 0, events, clock }] });
    pacing.runTasks();
    worker.emitBatch({ ack: 2, messages: [{ t: 'events', epoch: 0, events, clock }] });
    pacing.runTasks();
    expect(faults.map((e) => (e as Error).message)).toEqual(['fold failed']);
    expect(seen).toEqual([1, 1]);
    expect(worker.posted).toEqual([
      { t: 'batch-ack', upTo: 1 },
      { t: 'batch-ack', upTo: 2 },
    ]);
  });

  it('stops when the frame has no time left and goes on, in order, at the next frame', () => {
    const { worker, channel, pacing } = paced();
    const got: string[] = [];
    channel.listen((m) => m.t === 'error' && got.push(m.message));
    pacing.perFrame = 3;
    worker.emitBatch({
      messages: ['a', 'b', 'c', 'd', 'e', 'f'].map((message) => ({ t: 'error', message })),
    });
    pacing.runTasks();
    expect(got).toEqual(['a', 'b', 'c']);
    pacing.frame();
    expect(got).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(channel.idle).toBe(true);
  });

  it('says a batch was taken in once its last message was, not when it arrived', () => {
    const { worker, channel, pacing } = paced();
    channel.openSocket('ws://x/mqtt');
    pacing.runTasks();
    worker.posted.length = 0;
    worker.emitBatch({
      ack: 7,
      messages: [
        { t: 'open', conn: 1, connId: 1 },
        { t: 'data', conn: 1, bytes: bytes(1), at: 0 },
        { t: 'data', conn: 1, bytes: bytes(2), at: 0 },
      ],
    });
    pacing.tasks.shift()!(); // the second data
    expect(worker.kinds()).not.toContain('batch-ack');
    pacing.runTasks();
    expect(worker.posted.filter((m) => m.t === 'batch-ack')).toEqual([{ t: 'batch-ack', upTo: 7 }]);
  });

  it('what the page sends in one turn goes to the worker in one post', () => {
    const { worker, channel, pacing } = paced();
    const a = channel.openSocket('ws://x/mqtt');
    channel.timer.set(() => {}, 1000);
    a.opened();
    a.send(bytes(1));
    a.send(bytes(2));
    expect(worker.postCount).toBe(0);
    pacing.runTasks();
    expect(worker.postCount).toBe(1);
    expect(worker.kinds()).toEqual(['open', 'timer-set', 'data', 'data']);
  });

  it('runs slices after what the worker sent, each in a task of its own, until they say done', () => {
    const { worker, channel, pacing } = paced();
    const order: string[] = [];
    channel.listen((m) => m.t === 'error' && order.push(m.message));
    let n = 0;
    channel.slice(() => {
      order.push(`slice ${++n}`);
      return n < 3;
    });
    worker.emitBatch({ messages: [{ t: 'error', message: 'w' }] });
    pacing.runTasks();
    expect(order).toEqual(['slice 1', 'w', 'slice 2', 'slice 3']);
    expect(channel.idle).toBe(true);
  });

  it('holds simulated time while anything holds it, and lets go once all have', () => {
    const { worker, channel, pacing } = paced();
    const one = channel.hold();
    const two = channel.hold();
    one();
    one();
    pacing.runTasks();
    expect(worker.posted).toEqual([{ t: 'hold', hold: true }]);
    two();
    pacing.runTasks();
    expect(worker.posted).toEqual([
      { t: 'hold', hold: true },
      { t: 'hold', hold: false },
    ]);
  });
});
