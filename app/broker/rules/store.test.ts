import { describe, expect, it } from 'vitest';
import { awayStory, publishMany, returnA } from './fixtures';

describe('[AWS-store] what a session stores while its client is away', () => {
  it('[AWS-store] aws: new QoS 1 messages are stored, QoS 0 are dropped and counted', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 30, 1);
    publishMany(publisher, 5, 0, 'q');
    expect(h.of('message.stored')).toHaveLength(30);
    expect(h.of('message.stored').every((e) => e.reason === 'client-away')).toBe(true);
    expect(h.of('message.dropped').map((e) => e.reason)).toEqual(Array(5).fill('qos0-while-away'));
    expect(h.broker.stats().dropped['qos0-while-away']).toBe(5);
    expect(h.broker.sessions().find((s) => s.clientId === 'A')?.messages).toHaveLength(30);
  });

  for (const profile of ['standard', 'mosquitto'] as const) {
    it(`[AWS-store] ${profile}: QoS 0 is not stored either`, () => {
      const { h, publisher } = awayStory(profile);
      publishMany(publisher, 2, 0);
      expect(h.of('message.stored')).toEqual([]);
      expect(h.broker.stats().dropped['qos0-while-away']).toBe(2);
    });
  }

  it('[AWS-store] emqx: QoS 0 messages are stored too (mqueue_store_qos0)', () => {
    const { h, publisher } = awayStory('emqx');
    publishMany(publisher, 3, 0);
    const a = returnA(h);
    expect(a.payloads()).toEqual(['m0', 'm1', 'm2']);
    expect(a.publishes().every((p) => p.qos === 0)).toBe(true);
  });

  it('[AWS-store] a QoS 0 subscription stores nothing, even for QoS 1 publishes', () => {
    const { h, publisher } = awayStory('aws', { qos: 0 });
    publishMany(publisher, 3, 1);
    expect(h.of('message.stored')).toEqual([]);
    expect(h.of('message.dropped').every((e) => e.reason === 'qos0-while-away')).toBe(true);
  });

  it('[AWS-store] (a) messages sent but unacknowledged when the client went stay stored', () => {
    const { h, publisher } = awayStory('aws');
    const a = returnA(h, 4, true);
    publishMany(publisher, 3);
    expect(a.heldAcks).toHaveLength(3);
    a.drop();
    const unacked = h.of('message.stored').filter((e) => e.reason === 'unacknowledged');
    expect(unacked).toHaveLength(3);
    const stored = h.broker.sessions().find((s) => s.clientId === 'A')!.messages;
    expect(stored.map((m) => m.state)).toEqual(['in-flight', 'in-flight', 'in-flight']);
  });
});

describe('[MQTT-4.4.0-1, 3.1.1] unacknowledged messages are sent again on resume', () => {
  it('[MQTT-4.4.0-1, 3.1.1] standard: first, with the same packet ids and DUP=1', () => {
    const { h, publisher } = awayStory('standard');
    const a = returnA(h, 4, true);
    publishMany(publisher, 3, 1, 'u');
    const ids = a.publishes().map((p) => p.messageId);
    a.drop();
    publishMany(publisher, 2, 1, 'n');
    const back = returnA(h);
    const got = back.publishes();
    expect(got.map((p) => p.payload.toString())).toEqual(['u0', 'u1', 'u2', 'n0', 'n1']);
    expect(got.slice(0, 3).map((p) => p.messageId)).toEqual(ids);
    expect(got.slice(0, 3).every((p) => p.dup)).toBe(true);
    expect(got.slice(3).every((p) => !p.dup)).toBe(true);
    expect(h.of('message.resent')).toHaveLength(3);
    expect(h.broker.stats().resent).toBe(3);
  });

  it('[MQTT-4.4.0-1, 3.1.1] aws: sent again first, without DUP and possibly with a new id', () => {
    const { h, publisher } = awayStory('aws');
    const a = returnA(h, 4, true);
    publishMany(publisher, 2, 1, 'u');
    a.drop();
    const back = returnA(h);
    h.clock.advance(1000);
    expect(back.payloads()).toEqual(['u0', 'u1']);
    expect(back.publishes().every((p) => !p.dup)).toBe(true);
    expect(h.of('message.resent').every((e) => e.dup === false)).toBe(true);
  });

  it('[MQTT-4.4.0-1, 3.1.1] QoS 2: a PUBREL not yet completed is sent again on resume', () => {
    const { h, publisher } = awayStory('standard', { qos: 2 });
    const a = h.client();
    a.connect({ clientId: 'A', clean: false });
    // Answer PUBREC but never PUBCOMP: stop the client from completing.
    a.holdAcks = true;
    publisher.publish('t/x', 'two', 2);
    a.send({ cmd: 'pubrec', messageId: a.heldAcks[0]!.messageId });
    expect(a.last('pubrel')).toBeDefined();
    a.drop();
    const back = h.client();
    back.holdAcks = true;
    back.connect({ clientId: 'A', clean: false });
    expect(back.received.map((p) => p.cmd)).toEqual(['connack', 'pubrel']);
    expect(back.publishes()).toEqual([]);
  });
});
