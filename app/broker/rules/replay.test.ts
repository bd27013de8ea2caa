import { describe, expect, it } from 'vitest';
import { awayStory, publishMany, returnA } from './fixtures';

describe('[AWS-replay] the drain of a resumed session', () => {
  it('[AWS-replay] aws: stored messages go out at most 10 per second, 100 ms apart', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 30);
    h.clock.advance(5000);
    const t0 = h.clock.now();
    const a = returnA(h);
    h.clock.advance(10_000);
    expect(a.payloads()).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
    const times = h
      .of('message.sent')
      .filter((e) => e.clientId === 'A')
      .map((e) => e.at - t0);
    expect(times).toEqual(Array.from({ length: 30 }, (_, i) => i * 100));
    expect(h.of('replay.started')).toMatchObject([
      { clientId: 'A', backlog: 30, ratePerSecond: 10 },
    ]);
    expect(h.of('replay.finished')).toMatchObject([{ clientId: 'A', sent: 30, durationMs: 2900 }]);
    expect(h.of('replay.paced').length).toBe(29);
  });

  it('[AWS-replay] aws: a live message goes at once beside the backlog and may overtake it', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 10);
    const a = returnA(h);
    h.clock.advance(250);
    publisher.publish('t/live', 'live', 1);
    h.clock.advance(5000);
    const order = a.payloads();
    expect(order.indexOf('live')).toBe(3);
    expect(order.filter((p) => p !== 'live')).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${i}`),
    );
  });

  for (const profile of ['standard', 'mosquitto', 'emqx'] as const) {
    it(`[AWS-replay] ${profile}: unthrottled, and live messages queue behind the backlog [MQTT-4.6.0-*]`, () => {
      const { h, publisher } = awayStory(profile);
      publishMany(publisher, 30);
      const a = returnA(h, 4, true);
      // With acks held, the in-flight window holds back part of the backlog.
      publisher.publish('t/x', 'live', 1);
      a.release();
      h.clock.advance(0);
      for (let i = 0; i < 5 && a.heldAcks.length; i++) a.release();
      a.holdAcks = false;
      a.release();
      const order = a.payloads();
      expect(order).toEqual([...Array.from({ length: 30 }, (_, i) => `m${i}`), 'live']);
      const sent = h.of('message.sent').filter((e) => e.clientId === 'A');
      expect(new Set(sent.map((e) => e.at)).size).toBe(1); // all at the same instant
    });
  }

  it('[AWS-replay] the replay rate is a profile figure (aws at 2 msg/s)', () => {
    const { h, publisher } = awayStory('aws', { overrides: { replayRate: 2 } });
    publishMany(publisher, 5);
    returnA(h);
    h.clock.advance(10_000);
    expect(h.of('replay.finished')).toMatchObject([{ sent: 5, durationMs: 2000 }]);
  });

  it('[AWS-replay] a drop during the replay stops it; the rest stays stored for next time', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 20);
    const a = returnA(h);
    h.clock.advance(450);
    a.drop();
    expect(a.payloads()).toHaveLength(5);
    h.clock.advance(10_000);
    expect(h.broker.sessions().find((s) => s.clientId === 'A')!.messages).toHaveLength(15);
    const back = returnA(h);
    h.clock.advance(10_000);
    expect(back.payloads()).toEqual(Array.from({ length: 15 }, (_, i) => `m${i + 5}`));
  });
});
