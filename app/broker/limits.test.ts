import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { RC } from './packets';
import { validateOverrides } from './profiles';
import { awayStory, publishMany, returnA } from './rules/fixtures';

/** Issue 7: every bound is settable, reaching one is reported, and nothing else changes. */
describe('limits', () => {
  it('[profiles] a full session store is reported once per filling, and every message it turns away is a drop', () => {
    const { h, publisher } = awayStory('mosquitto', { overrides: { queueLimit: 5 } });
    publishMany(publisher, 12, 1);
    expect(h.of('message.stored')).toHaveLength(5);
    expect(h.of('message.dropped').map((e) => e.reason)).toEqual(Array(7).fill('queue-full'));
    expect(h.of('limit.reached')).toEqual([
      expect.objectContaining({ limit: 'session-store', clientId: 'A', value: 6, max: 5 }),
    ]);
    // A drains its store; when it fills again, that is reported again.
    const a = returnA(h);
    expect(a.payloads()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    a.disconnect();
    publishMany(publisher, 6, 1, 'n');
    expect(h.of('limit.reached')).toHaveLength(2);
  });

  it('[profiles] drop-oldest reports the full store once, and evicts one message per new one', () => {
    const { h, publisher } = awayStory('emqx', { overrides: { queueLimit: 3 } });
    publishMany(publisher, 10, 1);
    expect(h.of('limit.reached')).toHaveLength(1);
    expect(h.of('message.dropped')).toHaveLength(7);
    expect(returnA(h).payloads()).toEqual(['m7', 'm8', 'm9']);
  });

  it('the store over all sessions is bounded: messages beyond it are dropped with their reason', () => {
    const { h, publisher } = awayStory('standard', { overrides: { totalStoredLimit: 8 } });
    const c = h.client();
    c.connect({ clientId: 'C', clean: false });
    c.subscribe('t/#', 1);
    c.disconnect();
    publishMany(publisher, 6, 1);
    // 12 deliveries were due (6 to A, 6 to C); 8 fit.
    expect(h.of('message.stored')).toHaveLength(8);
    const drops = h.of('message.dropped');
    expect(drops.map((e) => e.reason)).toEqual(Array(4).fill('broker-store-full'));
    expect(h.broker.stats().dropped['broker-store-full']).toBe(4);
    expect(h.of('limit.reached')).toEqual([
      expect.objectContaining({ limit: 'broker-store', value: 9, max: 8 }),
    ]);
    const held = h.broker.sessions().reduce((n, s) => n + s.messages.length, 0);
    expect(held).toBe(8);
    // Room again once A has drained: new messages are stored again.
    const a = returnA(h);
    expect(a.payloads()).toHaveLength(4);
    a.disconnect();
    publishMany(publisher, 1, 1, 'later');
    expect(
      h
        .of('message.stored')
        .slice(-2)
        .map((e) => e.clientId),
    ).toEqual(['A', 'C']);
  });

  it('a burst far over the total limit keeps the broker bounded and working', () => {
    const { h, publisher } = awayStory('standard', { overrides: { totalStoredLimit: 1000 } });
    publishMany(publisher, 20_000, 1);
    expect(h.broker.sessions().find((s) => s.clientId === 'A')?.messages).toHaveLength(1000);
    expect(h.broker.stats().dropped['broker-store-full']).toBe(19_000);
    expect(h.of('limit.reached')).toHaveLength(1);
    expect(returnA(h).payloads()).toHaveLength(1000);
  });

  it('a topic longer than the profile allows is refused (AWS: 256 bytes), DISCONNECT 0x90 on MQTT 5', () => {
    const { h, publisher } = awayStory('aws', { version: 5 });
    const before = h.broker.sessions().find((s) => s.clientId === 'A');
    publisher.publish(`t/${'x'.repeat(255)}`, 'long', 1);
    expect(h.of('limit.reached')).toEqual([
      expect.objectContaining({ limit: 'topic-length', clientId: 'B', value: 257, max: 256 }),
    ]);
    expect(publisher.received.at(-1)).toEqual(
      expect.objectContaining({ cmd: 'disconnect', reasonCode: RC.topicNameInvalid }),
    );
    expect(h.of('message.published')).toEqual([]);
    expect(h.broker.sessions().find((s) => s.clientId === 'A')).toEqual(before);
  });

  it('a Will topic longer than the limit refuses the CONNECT: 0x90 on MQTT 5, 0x05 on 3.1.1', () => {
    const { h } = awayStory('aws');
    const will = {
      topic: `w/${'x'.repeat(300)}`,
      payload: Buffer.from('gone'),
      qos: 0 as const,
      retain: false,
    };
    expect(h.client(5).connect({ clientId: 'W5', will })?.reasonCode).toBe(RC.topicNameInvalid);
    expect(h.client(4).connect({ clientId: 'W4', will })?.returnCode).toBe(5);
    expect(h.of('limit.reached').map((e) => [e.limit, e.clientId])).toEqual([
      ['topic-length', 'W5'],
      ['topic-length', 'W4'],
    ]);
  });

  it('a topic of exactly the limit is accepted', () => {
    const { h, publisher } = awayStory('aws');
    publisher.publish(`t/${'x'.repeat(254)}`, 'edge', 1);
    expect(h.of('limit.reached')).toEqual([]);
    expect(h.of('message.stored')).toHaveLength(1);
  });

  it('a filter longer than the limit is refused in SUBACK, the others in the same packet granted', () => {
    const { h } = awayStory('aws', { overrides: { maxTopicLength: 10 } });
    const c5 = h.client(5);
    c5.connect({ clientId: 'C5' });
    expect(c5.subscribe(['a/b', 'a/very/long/filter/#'], 1)).toEqual([1, RC.topicFilterInvalid]);
    const c4 = h.client(4);
    c4.connect({ clientId: 'C4' });
    expect(c4.subscribe(['a/very/long/filter/#'], 1)).toEqual([0x80]);
    expect(h.of('subscription.refused').map((e) => e.reason)).toEqual(['too-long', 'too-long']);
    expect(h.of('limit.reached').map((e) => e.limit)).toEqual(['topic-length', 'topic-length']);
  });

  it('subscriptions per session are bounded: the one over is refused with 0x97 (5.0) / 0x80 (3.1.1)', () => {
    const { h } = awayStory('aws', { overrides: { subscriptionLimit: 2 } });
    const c = h.client(5);
    c.connect({ clientId: 'C' });
    expect(c.subscribe(['a', 'b', 'c'], 1)).toEqual([1, 1, RC.quotaExceeded]);
    // Subscribing again to a filter it holds is a replacement, not a new one.
    expect(c.subscribe('a', 1)).toEqual([1]);
    expect(h.of('limit.reached')).toEqual([
      expect.objectContaining({ limit: 'subscriptions', clientId: 'C', value: 3, max: 2 }),
    ]);
  });

  it('retained messages are bounded: the message is still delivered, only not kept', () => {
    const { h, publisher } = awayStory('standard', { overrides: { retainedLimit: 2 } });
    for (const topic of ['t/1', 't/2', 't/3']) publisher.publish(topic, topic, 1, { retain: true });
    expect(h.of('retained.set').map((e) => e.topic)).toEqual(['t/1', 't/2']);
    expect(h.of('limit.reached')).toEqual([
      expect.objectContaining({ limit: 'retained', value: 3, max: 2 }),
    ]);
    // Replacing a kept topic's message is within the limit.
    publisher.publish('t/1', 'again', 1, { retain: true });
    expect(h.of('retained.set')).toHaveLength(3);
    expect(returnA(h).payloads()).toEqual(['t/1', 't/2', 't/3', 'again']);
  });

  it('[MQTT-3.2.2-15] a packet over the maximum packet size reports its size and the limit', () => {
    const { h, publisher } = awayStory('standard', {
      version: 5,
      overrides: { maxPacketSize: 200 },
    });
    publisher.publish('t/x', 'y'.repeat(300), 1);
    const [hit] = h.of('limit.reached');
    expect(hit).toEqual(expect.objectContaining({ limit: 'packet-size', max: 200 }));
    expect(hit!.value).toBeGreaterThan(300);
    expect(publisher.received.at(-1)).toEqual(
      expect.objectContaining({ cmd: 'disconnect', reasonCode: RC.packetTooLarge }),
    );
  });

  it('the new figures are settable and checked', () => {
    expect(validateOverrides({ maxTopicLength: 64, totalStoredLimit: 10 })).toEqual([]);
    expect(validateOverrides({ totalStoredLimit: Number.POSITIVE_INFINITY })).toEqual([]);
    expect(validateOverrides({ maxTopicLength: 0 })).toEqual([
      'maxTopicLength: must be at least 1',
    ]);
    expect(validateOverrides({ maxTopicLength: 70_000 })).toEqual([
      'maxTopicLength: at most 65535',
    ]);
    expect(validateOverrides({ totalStoredLimit: -1 })).toEqual([
      'totalStoredLimit: must be a number ≥ 0 (Infinity for no limit)',
    ]);
  });
});
