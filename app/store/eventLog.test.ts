import { describe, expect, it } from 'vitest';
import { simTime, type BrokerEvent } from '../broker';
import { EventLog } from './eventLog';

/** A minimal event at simulated time `at`. */
const ev = (seq: number, at: number): BrokerEvent => ({
  type: 'broker.error',
  message: `e${seq}`,
  seq,
  at: simTime(at),
});

const seqs = (events: readonly BrokerEvent[]) => events.map((e) => e.seq);

/** Events at 0, 10, 10, 10, 20, 30, 30 (several at one instant, as the broker emits them). */
function sample(): EventLog {
  const log = new EventLog();
  log.append([ev(1, 0), ev(2, 10), ev(3, 10)]);
  log.append([]);
  log.append([ev(4, 10), ev(5, 20)]);
  log.append([ev(6, 30), ev(7, 30)]);
  return log;
}

describe('EventLog', () => {
  it('appends batches in order and counts them', () => {
    const log = sample();
    expect(log.size).toBe(7);
    expect(seqs(log.all())).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  const cases: [string, number, number[]][] = [
    ['before the first event', -1, []],
    ['at the first event', 0, [1]],
    ['between two instants', 5, [1]],
    ['at an instant with several events: all of them', 10, [1, 2, 3, 4]],
    ['just after them', 10.5, [1, 2, 3, 4]],
    ['just before the next', 19.999, [1, 2, 3, 4]],
    ['at a later single event', 20, [1, 2, 3, 4, 5]],
    ['at the last instant', 30, [1, 2, 3, 4, 5, 6, 7]],
    ['after the last event', 1e12, [1, 2, 3, 4, 5, 6, 7]],
    ['at infinity', Infinity, [1, 2, 3, 4, 5, 6, 7]],
    ['at minus infinity', -Infinity, []],
  ];
  for (const [name, time, expected] of cases) {
    it(`until(${time}): ${name}`, () => {
      expect(seqs(sample().until(time))).toEqual(expected);
    });
  }

  it('until on an empty log, and on a log of one event', () => {
    const log = new EventLog();
    expect(log.until(0)).toEqual([]);
    expect(log.until(Infinity)).toEqual([]);
    log.append([ev(1, 5)]);
    expect(seqs(log.until(4))).toEqual([]);
    expect(seqs(log.until(5))).toEqual([1]);
  });

  it('until agrees with a linear filter on every instant of a long log', () => {
    const log = new EventLog();
    const events: BrokerEvent[] = [];
    let at = 0;
    for (let i = 1; i <= 257; i++) {
      if (i % 3 === 0) at += i % 7; // some steps of 0: runs of equal times
      events.push(ev(i, at));
    }
    log.append(events);
    for (let t = -1; t <= at + 1; t++) {
      expect(seqs(log.until(t))).toEqual(seqs(events.filter((e) => e.at <= t)));
    }
  });

  it('until returns a copy: changing it does not change the log', () => {
    const log = sample();
    const head = log.until(10);
    head.length = 0;
    expect(log.size).toBe(7);
    expect(seqs(log.until(10))).toEqual([1, 2, 3, 4]);
  });

  it('does not keep the batch array it was given', () => {
    const log = new EventLog();
    const batch = [ev(1, 0)];
    log.append(batch);
    batch.push(ev(2, 1));
    expect(log.size).toBe(1);
  });

  it('clear empties it', () => {
    const log = sample();
    const before = log.all();
    log.clear();
    expect(log.size).toBe(0);
    expect(log.all()).toEqual([]);
    expect(log.until(Infinity)).toEqual([]);
    // What was handed out before is left alone.
    expect(before).toHaveLength(7);
  });

  it('rewrite replaces the events from an index on, and readers can tell it from a clear', () => {
    const log = sample();
    const before = log.all();
    const generation = log.generation;
    log.rewrite(4, [ev(15, 12), ev(16, 40)]);
    expect(seqs(log.all())).toEqual([1, 2, 3, 4, 15, 16]);
    expect(seqs(log.until(20))).toEqual([1, 2, 3, 4, 15]);
    expect(log.generation).toBe(generation + 1);
    expect(log.rewrittenAt).toBe(log.generation);
    expect(before).toHaveLength(7);
    log.clear();
    expect(log.rewrittenAt).not.toBe(log.generation);
    // Past the end: an append.
    log.append([ev(1, 0)]);
    log.rewrite(5, [ev(2, 1)]);
    expect(seqs(log.all())).toEqual([1, 2]);
  });

  it('stops at its limit: what fits is kept, the rest is counted as left out', () => {
    const log = new EventLog(3);
    expect(log.append([ev(1, 0), ev(2, 0)])).toBe(0);
    expect(log.full).toBe(false);
    expect(log.append([ev(3, 1), ev(4, 1)])).toBe(1);
    expect(log.full).toBe(true);
    expect(log.append([ev(5, 2)])).toBe(1);
    expect(seqs(log.all())).toEqual([1, 2, 3]);
    log.clear();
    expect(log.full).toBe(false);
  });
});
