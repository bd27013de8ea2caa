import { describe, expect, it } from 'vitest';
import { FRAME_BUDGET_MS, framePacing, type FrameHost } from './pacing';

/** A browser the test drives: its clock, its animation frames, its tasks and timers. */
class FakeHost implements FrameHost {
  time = 0;
  frames: ((frameStart: number) => void)[] = [];
  tasks: (() => void)[] = [];
  timers = new Map<number, () => void>();
  private nextTimer = 1;
  now = () => this.time;
  requestFrame = (fn: (frameStart: number) => void) => void this.frames.push(fn);
  postTask = (fn: () => void) => void this.tasks.push(fn);
  setTimer = (fn: () => void) => {
    const id = this.nextTimer++;
    this.timers.set(id, fn);
    return id;
  };
  clearTimer = (id: unknown) => void this.timers.delete(id as number);
  /** A frame starts at `at`; its callbacks run `late` ms after (others drew first). */
  frame(at: number, late = 0): void {
    this.time = at + late;
    const due = this.frames;
    this.frames = [];
    for (const fn of due) fn(at);
  }
}

describe('framePacing', () => {
  it('gives work that comes to an idle page a budget of its own from now', () => {
    const host = new FakeHost();
    const pacing = framePacing(FRAME_BUDGET_MS, host);
    host.time = 1_000;
    pacing.start();
    host.time = 1_000 + FRAME_BUDGET_MS - 1;
    expect(pacing.hasTime()).toBe(true);
    host.time = 1_000 + FRAME_BUDGET_MS + 1;
    expect(pacing.hasTime()).toBe(false);
  });

  it('counts a batch that comes late in a frame against that frame, not a fresh budget', () => {
    const host = new FakeHost();
    const pacing = framePacing(FRAME_BUDGET_MS, host);
    // Work under way: the pacing watches the frames.
    pacing.start();
    expect(host.frames.length).toBe(1);
    host.frame(0);
    expect(pacing.hasTime()).toBe(true);
    host.frame(16.7);
    // The worker's next batch comes 13 ms into this frame, after the budget: a short slice, so
    // the work ends before the next frame (at 33.4), instead of 11 ms more from now.
    host.time = 29.7;
    pacing.start();
    expect(pacing.hasTime()).toBe(true);
    host.time = 33;
    expect(pacing.hasTime()).toBe(false);
  });

  it('waits for the next frame once the budget is spent, and runs the work after it', () => {
    const host = new FakeHost();
    const pacing = framePacing(FRAME_BUDGET_MS, host);
    pacing.start();
    host.frame(0);
    host.time = 12;
    expect(pacing.hasTime()).toBe(true); // the slice every frame gets at least
    host.time = 15;
    let ran = false;
    pacing.later(() => (ran = true));
    expect(host.tasks.length).toBe(0);
    host.frame(16.7);
    expect(host.tasks.length).toBe(1);
    host.tasks.shift()!();
    expect(ran).toBe(true);
  });

  it("counts the budget from the frame's start, not from when its callback ran", () => {
    const host = new FakeHost();
    const pacing = framePacing(FRAME_BUDGET_MS, host);
    pacing.start();
    // The canvases' callbacks ran first and drew for 6 ms.
    host.frame(100, 6);
    host.time = 100 + FRAME_BUDGET_MS - 1;
    expect(pacing.hasTime()).toBe(true);
    host.time = 100 + FRAME_BUDGET_MS + 1;
    expect(pacing.hasTime()).toBe(false);
  });

  it('stops watching frames after one without work', () => {
    const host = new FakeHost();
    const pacing = framePacing(FRAME_BUDGET_MS, host);
    pacing.start();
    host.frame(0);
    expect(host.frames.length).toBe(1);
    host.frame(16.7);
    expect(host.frames.length).toBe(0);
    // Work again, much later: a fresh budget, and the watcher starts again.
    host.time = 500;
    pacing.start();
    expect(host.frames.length).toBe(1);
    host.time = 500 + FRAME_BUDGET_MS - 1;
    expect(pacing.hasTime()).toBe(true);
  });

  it('goes on without a frame when none comes (a hidden page)', () => {
    const host = new FakeHost();
    const pacing = framePacing(FRAME_BUDGET_MS, host);
    pacing.start();
    host.time = 20;
    expect(pacing.hasTime()).toBe(true); // the slice every frame gets at least
    host.time = 23;
    let ran = false;
    pacing.later(() => (ran = true));
    expect(host.tasks.length).toBe(0);
    expect(host.timers.size).toBe(1);
    host.time = 70;
    [...host.timers.values()][0]!();
    host.tasks.shift()!();
    expect(ran).toBe(true);
    expect(pacing.hasTime()).toBe(true);
  });
});
