import { describe, expect, it } from 'vitest';
import { VirtualClock, type TimerKind } from './clock';
import { ClockDriver, MAX_CATCH_UP_MS, MAX_SPEED, MIN_SPEED, SESSION_TIMERS } from './clockDriver';
import { createRandom } from './random';
import { harness } from '../testkit/harness';
import { wallTime } from './time';

describe('VirtualClock', () => {
  it('starts at 0 and moves only when told to', () => {
    const clock = new VirtualClock();
    expect(clock.now()).toBe(0);
    clock.advance(250);
    expect(clock.now()).toBe(250);
    clock.advanceTo(1000);
    expect(clock.now()).toBe(1000);
  });

  it('fires timers in (time, creation) order, each at its own time', () => {
    const clock = new VirtualClock();
    const fired: [string, number][] = [];
    const at = (name: string, delay: number) =>
      clock.setTimeout(() => fired.push([name, clock.now()]), delay);
    at('a', 100);
    at('b', 50);
    at('c', 100);
    at('d', 50);
    at('e', 0);
    clock.advanceTo(200);
    expect(fired).toEqual([
      ['e', 0],
      ['b', 50],
      ['d', 50],
      ['a', 100],
      ['c', 100],
    ]);
    expect(clock.now()).toBe(200);
    expect(clock.pending()).toBe(0);
  });

  it('keeps (time, creation) order over many timers (seeded)', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const random = createRandom(seed);
      const clock = new VirtualClock();
      const expected: { at: number; n: number }[] = [];
      const fired: number[] = [];
      for (let n = 0; n < 500; n++) {
        const delay = Math.floor(random() * 100) * 10;
        expected.push({ at: delay, n });
        clock.setTimeout(() => fired.push(n), delay);
      }
      clock.advanceTo(10_000);
      expected.sort((x, y) => x.at - y.at || x.n - y.n);
      expect(fired, `seed ${seed}`).toEqual(expected.map((t) => t.n));
    }
  });

  it('treats a negative, NaN or infinite delay as 0: due now, fired by the next advance', () => {
    const clock = new VirtualClock();
    clock.advance(10);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), -5);
    clock.setTimeout(() => fired.push(clock.now()), Number.NaN);
    clock.setTimeout(() => fired.push(clock.now()), Number.POSITIVE_INFINITY);
    expect(clock.nextTimerAt()).toBe(10);
    clock.advance(0);
    expect(fired).toEqual([10, 10, 10]);
  });

  it('clearTimeout cancels a timer; clearing undefined or a fired handle does nothing', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    const a = clock.setTimeout(() => fired.push('a'), 10);
    const b = clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('c'), 30);
    expect(clock.pending()).toBe(3);
    clock.clearTimeout(b);
    clock.clearTimeout(undefined);
    expect(clock.pending()).toBe(2);
    clock.advanceTo(15);
    clock.clearTimeout(a);
    clock.advanceTo(100);
    expect(fired).toEqual(['a', 'c']);
    expect(clock.pending()).toBe(0);
  });

  it('a timer can cancel a later one due at the same time', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimeout(() => {
      fired.push('first');
      clock.clearTimeout(second);
    }, 10);
    const second = clock.setTimeout(() => fired.push('second'), 10);
    clock.advanceTo(10);
    expect(fired).toEqual(['first']);
  });

  it('advanceTo fires timers that timers schedule inside the window, and not beyond it', () => {
    const clock = new VirtualClock();
    const fired: [string, number][] = [];
    clock.setTimeout(() => {
      fired.push(['parent', clock.now()]);
      clock.setTimeout(() => fired.push(['child', clock.now()]), 50);
      clock.setTimeout(() => fired.push(['same-time', clock.now()]), 0);
      clock.setTimeout(() => fired.push(['late', clock.now()]), 500);
    }, 100);
    clock.advanceTo(300);
    expect(fired).toEqual([
      ['parent', 100],
      ['same-time', 100],
      ['child', 150],
    ]);
    expect(clock.now()).toBe(300);
    expect(clock.nextTimerAt()).toBe(600);
  });

  it('a chain of timers (an interval) fires once per period', () => {
    const clock = new VirtualClock();
    const ticks: number[] = [];
    const tick = () => {
      ticks.push(clock.now());
      clock.setTimeout(tick, 1000);
    };
    clock.setTimeout(tick, 1000);
    clock.advanceTo(5500);
    expect(ticks).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it('never goes back in time: advanceTo an earlier or NaN time does nothing', () => {
    const clock = new VirtualClock();
    clock.advanceTo(1000);
    clock.advanceTo(500);
    expect(clock.now()).toBe(1000);
    clock.advanceTo(Number.NaN);
    expect(clock.now()).toBe(1000);
    clock.advance(-100);
    expect(clock.now()).toBe(1000);
  });

  it('nextTimerAt gives the earliest live timer, of the given kinds if named', () => {
    const clock = new VirtualClock();
    expect(clock.nextTimerAt()).toBeUndefined();
    const ka = clock.setTimeout(() => {}, 10, 'keepalive');
    clock.setTimeout(() => {}, 20, 'client');
    clock.setTimeout(() => {}, 3000, 'replay');
    clock.setTimeout(() => {}, 5000, 'session-expiry');
    clock.setTimeout(() => {}, 7000);
    expect(clock.nextTimerAt()).toBe(10);
    expect(clock.nextTimerAt(['session-expiry'])).toBe(5000);
    expect(clock.nextTimerAt(['session-expiry', 'replay'])).toBe(3000);
    expect(clock.nextTimerAt(['other'])).toBe(7000);
    expect(clock.nextTimerAt(['will-delay'])).toBeUndefined();
    expect(clock.nextTimerAt([])).toBeUndefined();
    clock.clearTimeout(ka);
    expect(clock.nextTimerAt()).toBe(20);
    expect(clock.nextTimerAt(['keepalive'])).toBeUndefined();
  });

  it('jumpToNext moves to the next timer of the given kinds, firing everything due on the way', () => {
    const clock = new VirtualClock();
    const fired: [TimerKind, number][] = [];
    const add = (kind: TimerKind, delay: number) =>
      clock.setTimeout(() => fired.push([kind, clock.now()]), delay, kind);
    add('keepalive', 10);
    add('client', 20);
    add('replay', 3000);
    add('session-expiry', 5000);

    expect(clock.jumpToNext(['session-expiry'])).toBe(true);
    expect(clock.now()).toBe(5000);
    expect(fired).toEqual([
      ['keepalive', 10],
      ['client', 20],
      ['replay', 3000],
      ['session-expiry', 5000],
    ]);
    expect(clock.jumpToNext()).toBe(false);
    expect(clock.now()).toBe(5000);
  });

  it('jumpToNext with no kinds goes to the very next timer', () => {
    const clock = new VirtualClock();
    clock.setTimeout(() => {}, 40, 'keepalive');
    clock.setTimeout(() => {}, 90, 'session-expiry');
    expect(clock.jumpToNext()).toBe(true);
    expect(clock.now()).toBe(40);
    expect(clock.jumpToNext()).toBe(true);
    expect(clock.now()).toBe(90);
  });
});

/** A wall clock the test moves by hand. */
function fakeWall(start = 1_000_000) {
  let now = start;
  return {
    now: () => wallTime(now),
    move(ms: number) {
      now += ms;
    },
  };
}

describe('ClockDriver', () => {
  it('runs at real speed by default', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    expect(driver.speed).toBe(1);
    wall.move(1000);
    driver.tick();
    expect(clock.now()).toBe(1000);
    wall.move(16);
    driver.tick();
    expect(clock.now()).toBe(1016);
  });

  it('runs 3600× faster: one wall second is one simulated hour', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    expect(driver.setSpeed(3600)).toBeUndefined();
    wall.move(1000);
    driver.tick();
    expect(clock.now()).toBe(3_600_000);
  });

  it('setSpeed counts the time already elapsed at the old speed', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    wall.move(1000);
    driver.setSpeed(3600);
    expect(clock.now()).toBe(1000);
    wall.move(1000);
    driver.tick();
    expect(clock.now()).toBe(1000 + 3_600_000);
  });

  it('fires timers as simulated time passes', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.setSpeed(60);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 30_000, 'session-expiry');
    wall.move(400);
    driver.tick();
    expect(fired).toEqual([]);
    wall.move(100);
    driver.tick();
    expect(fired).toEqual([30_000]);
  });

  it('a wall clock that goes backwards does not move simulated time back', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    wall.move(1000);
    driver.tick();
    wall.move(-500);
    driver.tick();
    expect(clock.now()).toBe(1000);
    wall.move(200);
    driver.tick();
    expect(clock.now()).toBe(1200);
  });

  it('pause stops time; play resumes without a jump', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.setSpeed(10);
    wall.move(100);
    driver.pause();
    expect(driver.isPaused).toBe(true);
    expect(clock.now()).toBe(1000);

    wall.move(60_000);
    driver.tick();
    expect(clock.now()).toBe(1000);

    wall.move(5_000);
    driver.play();
    expect(driver.isPaused).toBe(false);
    driver.tick();
    expect(clock.now()).toBe(1000);
    wall.move(100);
    driver.tick();
    expect(clock.now()).toBe(2000);
  });

  it('play() while already playing is a no-op: no simulated time is lost', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.setSpeed(3600);
    wall.move(16);
    driver.play();
    driver.tick();
    expect(clock.now()).toBe(16 * 3600);
  });

  it.each([0, -1, Number.NaN, 3601, Number.POSITIVE_INFINITY, 0.05])(
    'setSpeed(%s) is refused with a message and the speed stays',
    (bad) => {
      const clock = new VirtualClock();
      const driver = new ClockDriver(clock, fakeWall().now);
      driver.setSpeed(60);
      const error = driver.setSpeed(bad);
      expect(error).toBe(`speed must be between ${MIN_SPEED} and ${MAX_SPEED}, got ${String(bad)}`);
      expect(driver.speed).toBe(60);
    },
  );

  it('accepts the bounds 0.1 and 3600', () => {
    const driver = new ClockDriver(new VirtualClock(), fakeWall().now);
    expect(driver.setSpeed(0.1)).toBeUndefined();
    expect(driver.speed).toBe(0.1);
    expect(driver.setSpeed(3600)).toBeUndefined();
    expect(driver.speed).toBe(3600);
  });

  it('jumpToNext goes to the next session timer (replay, expiry), not stopping at keep-alive or client timers', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    const fired: TimerKind[] = [];
    const add = (kind: TimerKind, delay: number) =>
      clock.setTimeout(() => fired.push(kind), delay, kind);
    add('keepalive', 90_000);
    add('client', 60_000);
    add('replay', 100_000);
    add('session-expiry', 3_600_000);
    add('keepalive', 3_000_000);

    expect(SESSION_TIMERS).toEqual(
      expect.arrayContaining(['replay', 'session-expiry', 'message-expiry', 'will-delay']),
    );
    expect(SESSION_TIMERS).not.toContain('keepalive');
    expect(SESSION_TIMERS).not.toContain('client');

    expect(driver.jumpToNext()).toBe(true);
    expect(clock.now()).toBe(100_000);
    expect(fired).toEqual(['client', 'keepalive', 'replay']);
    expect(driver.jumpToNext()).toBe(true);
    expect(clock.now()).toBe(3_600_000);
    expect(driver.jumpToNext()).toBe(false);
    expect(clock.now()).toBe(3_600_000);
  });

  it('jumpToNext works while paused, and time stays paused after it', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    clock.setTimeout(() => {}, 10_000, 'session-expiry');
    driver.pause();
    wall.move(500);
    expect(driver.jumpToNext()).toBe(true);
    expect(clock.now()).toBe(10_000);
    wall.move(500);
    driver.tick();
    expect(clock.now()).toBe(10_000);
  });
});

describe('ClockDriver.playUntil: a scenario step at the pace of the clock', () => {
  it('plays at the speed up to the limit, stops exactly there and pauses', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.pause();
    driver.setSpeed(10);
    expect(driver.playUntil(2_500)).toBe(2_500);
    expect(driver.isPaused).toBe(false);
    wall.move(100);
    driver.tick();
    expect(clock.now()).toBe(1_000);
    wall.move(1_000);
    driver.tick();
    expect(clock.now()).toBe(2_500);
    expect(driver.isPaused).toBe(true);
    wall.move(1_000);
    driver.tick();
    expect(clock.now()).toBe(2_500);
  });

  it('a limit the clock has already passed (it played on meanwhile) ends the step at once, paused', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.setSpeed(3600);
    wall.move(16); // one tick at 3600× is 57.6 s: the page asked for 10 s from where it last saw
    driver.tick();
    expect(driver.playUntil(10_000)).toBe(57_600);
    expect(driver.isPaused).toBe(true);
    wall.move(1_000);
    driver.tick();
    expect(clock.now()).toBe(57_600);
  });

  it('Next event during a paced step goes no further than its limit', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.pause();
    clock.setTimeout(() => undefined, 3_600_000, 'session-expiry');
    driver.playUntil(10_000);
    expect(driver.jumpToNext()).toBe(true);
    expect(clock.now()).toBe(10_000);
    expect(driver.isPaused).toBe(true);
  });

  it('with an awaited event, plays through every timer and pauses right after the one that brings it', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.pause();
    const fired: number[] = [];
    let seen = false;
    for (const at of [100, 200, 300]) clock.setTimeout(() => fired.push(clock.now()), at, 'replay');
    clock.setTimeout(() => (seen = true), 300, 'replay');
    driver.setSpeed(1);
    expect(driver.playUntil(10_000, () => seen)).toBe(10_000);
    const paused: boolean[] = [];
    for (let i = 0; i < 25; i++) {
      wall.move(16);
      driver.tick();
      paused.push(driver.isPaused);
    }
    // Never paused on the way; paused at the awaited event, not at the limit.
    expect(paused.indexOf(true)).toBe(Math.ceil(300 / 16) - 1);
    expect([clock.now(), fired, driver.isPaused]).toEqual([300, [100, 200, 300], true]);
  });

  it('makes up the wall time the clients held it for, so that 1× keeps to wall time', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    // Held for 30 ms of every 100 (bytes on their way to the page), for 3 s of wall time.
    for (let t = 0; t < 3000; t += 100) {
      driver.hold(true);
      wall.move(16);
      driver.tick();
      wall.move(14);
      driver.hold(false);
      for (let i = 0; i < 70; i += 10) {
        wall.move(10);
        driver.tick();
      }
    }
    expect(clock.now()).toBe(3000);
  });

  it('time made up after a stall goes timer by timer where they send the clients bytes', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    // A replay: a step every 100 ms, each sending bytes (the host holds time for them).
    const fired: number[] = [];
    for (let i = 1; i <= 10; i++) {
      clock.setTimeout(
        () => {
          fired.push(clock.now());
          driver.hold(true);
        },
        i * 100,
        'replay',
      );
    }
    // The page stalls for 600 ms before the first step.
    driver.hold(true);
    wall.move(600);
    driver.tick();
    const perRelease: number[][] = [];
    for (let i = 0; i < 7; i++) {
      const before = fired.length;
      driver.hold(false);
      perRelease.push(fired.slice(before));
    }
    // The 600 ms are made up one step per answer from the page, not six at once.
    expect(perRelease).toEqual([[100], [200], [300], [400], [500], [600], []]);
    expect(clock.now()).toBe(600);
  });

  it('makes up at most MAX_CATCH_UP_MS of a long stall: time slips rather than leaps', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.setSpeed(60);
    driver.hold(true);
    for (let i = 0; i < 100; i++) {
      wall.move(20);
      driver.tick();
    }
    expect(clock.now()).toBe(0);
    driver.hold(false);
    expect(clock.now()).toBe(MAX_CATCH_UP_MS * 60);
    // Paused time is never owed.
    driver.pause();
    driver.hold(true);
    wall.move(1000);
    driver.tick();
    driver.hold(false);
    driver.play();
    wall.move(10);
    driver.tick();
    expect(clock.now()).toBe(MAX_CATCH_UP_MS * 60 + 600);
  });

  it('skips a quiet stretch (nothing due for longer than quietMs at this speed), not a busy one', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.pause();
    const fired: number[] = [];
    // A replay's steps 100 ms apart, from 1 h on, then nothing until the limit.
    for (let i = 0; i < 3; i++)
      clock.setTimeout(() => fired.push(clock.now()), 3_600_000 + i * 100, 'replay');
    driver.playUntil(3_700_000, undefined, 2_000);
    wall.move(16);
    driver.tick();
    // An hour with nothing due is skipped: the clock is at the first replay step, which fired.
    expect([clock.now(), fired]).toEqual([3_600_000, [3_600_000]]);
    wall.move(50);
    driver.tick();
    // The steps 100 ms apart play at 1×: 50 ms of wall time is 50 ms of simulated time.
    expect([clock.now(), fired]).toEqual([3_600_050, [3_600_000]]);
    wall.move(60);
    driver.tick();
    expect(fired).toEqual([3_600_000, 3_600_100]);
    wall.move(100);
    driver.tick();
    expect(fired).toEqual([3_600_000, 3_600_100, 3_600_200]);
    // After the last step, the 99.8 s left are quiet: straight to the limit, paused there.
    wall.move(16);
    driver.tick();
    expect([clock.now(), driver.isPaused]).toEqual([3_700_000, true]);
  });

  it('without quietMs a paced run plays every stretch at the clock speed', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.pause();
    driver.playUntil(3_700_000);
    wall.move(16);
    driver.tick();
    expect(clock.now()).toBe(16);
  });

  it('a driver made paused does not move at all, however long since it was made', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now, { paused: true });
    wall.move(0.1);
    driver.setSpeed(10);
    driver.pause();
    wall.move(500);
    driver.tick();
    expect(clock.now()).toBe(0);
  });

  it('a pause on the way ends it where the clock stopped; a limit behind now does nothing', () => {
    const clock = new VirtualClock();
    const wall = fakeWall();
    const driver = new ClockDriver(clock, wall.now);
    driver.pause();
    driver.playUntil(5_000);
    wall.move(1_000);
    driver.pause();
    expect(clock.now()).toBe(1_000);
    wall.move(10_000);
    driver.tick();
    expect(clock.now()).toBe(1_000);
    expect(driver.playUntil(500)).toBe(1_000);
    expect(driver.isPaused).toBe(true);
  });
});

describe('keep-alive under a fast clock [MQTT-3.1.2-24, 3.1.1] [MQTT-3.1.2-22, 5.0]', () => {
  const WALL_STEP = 16;

  function setup() {
    const h = harness({ profile: 'aws' });
    const wall = fakeWall();
    const driver = new ClockDriver(h.clock, wall.now);
    expect(driver.setSpeed(3600)).toBeUndefined();
    const run = (wallMs: number) => {
      for (let t = 0; t < wallMs; t += WALL_STEP) {
        wall.move(WALL_STEP);
        driver.tick();
      }
    };
    return { h, run };
  }

  it('at 3600× a healthy client (keep-alive 60) is never timed out in 24 simulated hours', () => {
    const { h, run } = setup();
    const client = h.client(4);
    expect(client.connect({ clientId: 'healthy', keepalive: 60 })?.returnCode).toBe(0);

    // 24 h at 3600× is 24 s of wall time, ticked every 16 ms (57.6 simulated seconds a tick).
    run(24_000);

    expect(h.clock.now()).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(h.of('connection.closed')).toEqual([]);
    expect(client.connected).toBe(true);
    expect(client.closedByBroker).toBe(false);
    expect(client.received.filter((p) => p.cmd === 'pingresp').length).toBeGreaterThanOrEqual(
      24 * 60 - 1,
    );
  });

  it('at 3600× a client that hangs is timed out 1.5 × keep-alive (90 s) after its last packet', () => {
    const { h, run } = setup();
    const client = h.client(5);
    expect(client.connect({ clientId: 'hangs', keepalive: 60 })?.reasonCode).toBe(0);
    run(2_000);
    expect(client.connected).toBe(true);

    client.hang();
    const lastPing = Math.floor(h.clock.now() / 60_000) * 60_000;
    run(1_000);

    const closed = h.of('connection.closed');
    expect(closed.map((e) => [e.clientId, e.reason])).toEqual([['hangs', 'keepalive-timeout']]);
    expect(closed[0]!.at).toBe(lastPing + 90_000);
    expect(client.closedByBroker).toBe(true);
    // MQTT 5: DISCONNECT 0x8D Keep Alive timeout.
    expect(client.last('disconnect')?.reasonCode).toBe(0x8d);
  });

  it('a client that sends nothing at all after CONNECT is timed out at 90 s of simulated time', () => {
    const h = harness({ profile: 'standard' });
    const client = h.client(4);
    client.connect({ clientId: 'mute', keepalive: 60 });
    client.hang();
    h.clock.advanceTo(89_999);
    expect(client.connected).toBe(true);
    h.clock.advanceTo(90_000);
    expect(client.connected).toBe(false);
    expect(h.of('connection.closed').map((e) => [e.reason, e.at])).toEqual([
      ['keepalive-timeout', 90_000],
    ]);
  });

  it('[MQTT-3.1.2-24, 3.1.1] keep-alive 0 turns the check off in the standard profile (MQTT 3.1.1 cannot be told a Server Keep Alive)', () => {
    const h = harness({ profile: 'standard' });
    const client = h.client(4);
    client.connect({ clientId: 'no-keepalive', keepalive: 0 });
    h.clock.advance(48 * 3_600_000);
    expect(h.of('connection.closed')).toEqual([]);
    expect(client.connected).toBe(true);
  });
});
