import { generate } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES } from '../profiles';
import { harness } from '../../testkit/harness';
import { awayStory, publishMany, returnA } from './fixtures';

describe('session lifecycle (MQTT 3.1.1)', () => {
  for (const profile of PROFILE_NAMES) {
    it(`[MQTT-3.1.2-4, 3.1.1] cleanSession=0 creates a session, then resumes it with its messages (${profile})`, () => {
      const { h, publisher } = awayStory(profile);
      expect(h.of('session.created').map((e) => e.clientId)).toEqual(['A', 'B']);
      publishMany(publisher, 3);
      const a = returnA(h);
      h.clock.advance(1000);
      expect(h.of('session.resumed')).toMatchObject([{ clientId: 'A', stored: 3 }]);
      expect(a.payloads()).toEqual(['m0', 'm1', 'm2']);
    });

    it(`[MQTT-3.1.2-6, 3.1.1] cleanSession=1 discards the earlier session and its messages (${profile})`, () => {
      const { h, publisher } = awayStory(profile);
      publishMany(publisher, 3);
      const a = h.client();
      const connack = a.connect({ clientId: 'A', clean: true });
      h.clock.advance(1000);
      expect(connack?.sessionPresent).toBe(false);
      expect(a.payloads()).toEqual([]);
      expect(h.of('session.discarded')).toMatchObject([
        { clientId: 'A', reason: 'clean-start', discardedMessages: 3 },
      ]);
      // A clean session lives only as long as its connection.
      a.disconnect();
      expect(h.of('session.discarded').at(-1)).toMatchObject({ reason: 'connection-ended' });
      expect(h.broker.sessions().map((s) => s.clientId)).toEqual(['B']);
    });
  }

  it('[MQTT-3.2.2-1..3, 3.1.1] sessionPresent is 1 only when a stored session is resumed', () => {
    const h = harness({ profile: 'standard' });
    const c = h.client();
    expect(c.connect({ clientId: 'A', clean: false })?.sessionPresent).toBe(false);
    c.disconnect();
    expect(h.client().connect({ clientId: 'A', clean: false })?.sessionPresent).toBe(true);
    expect(h.client().connect({ clientId: 'A', clean: true })?.sessionPresent).toBe(false);
    // A refused CONNECT (zero-length id with cleanSession=0) answers 0 with a non-zero code.
    // mqtt-packet won't encode it, so clear the clean flag (byte 9) of a clean CONNECT.
    const bytes = generate({ cmd: 'connect', clientId: '', clean: true, protocolVersion: 4 });
    bytes[9] = bytes[9]! & ~0x02;
    const refused = h.client();
    refused.open();
    refused.sendRaw(bytes);
    expect(refused.last('connack')).toMatchObject({ sessionPresent: false, returnCode: 2 });
    expect(h.of('connack.sent').map((e) => e.sessionPresent)).toEqual([false, true, false, false]);
  });

  it('[AWS-subs] a resumed session keeps its subscriptions active without subscribing again', () => {
    const { h, publisher } = awayStory('aws');
    const a = returnA(h);
    publisher.publish('t/live', 'after-return', 1);
    expect(a.payloads()).toEqual(['after-return']);
    expect(h.of('session.resumed')[0]).toMatchObject({ subscriptions: 1 });
    expect(a.received.some((p) => p.cmd === 'suback')).toBe(false);
  });

  it('[MQTT-3.1.4-2, 3.1.1] a second connection with the same client id takes the session over', () => {
    const h = harness({ profile: 'standard' });
    const first = h.client();
    first.connect({ clientId: 'A', clean: false });
    first.subscribe('t/#', 1);
    const second = h.client();
    expect(second.connect({ clientId: 'A', clean: false })?.sessionPresent).toBe(true);
    expect(first.closedByBroker).toBe(true);
    expect(h.of('takeover')).toMatchObject([{ clientId: 'A', oldConnId: 1, newConnId: 2 }]);
    expect(h.of('connection.closed')).toMatchObject([{ connId: 1, reason: 'takeover' }]);
    const b = h.client();
    b.connect({ clientId: 'B' });
    b.publish('t/1', 'to-second', 1);
    expect(second.payloads()).toEqual(['to-second']);
    expect(first.payloads()).toEqual([]);
  });

  it('[MQTT-3.1.4-3, 5.0] MQTT 5: the earlier connection gets DISCONNECT 0x8E', () => {
    const h = harness({ profile: 'standard' });
    const first = h.client(5);
    first.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 60 } });
    h.client(5).connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 60 } });
    expect(first.last('disconnect')).toMatchObject({ reasonCode: 0x8e });
  });

  it('[MQTT-3.1.2-24, 3.1.1] a silent client is closed after 1.5 × keep-alive and its Will goes', () => {
    const h = harness({ profile: 'standard' });
    const watcher = h.client();
    watcher.connect({ clientId: 'W' });
    watcher.subscribe('will/#', 1);
    const c = h.client();
    c.connect({
      clientId: 'A',
      keepalive: 10,
      will: { topic: 'will/A', payload: Buffer.from('gone'), qos: 1, retain: false },
    });
    c.hang();
    h.clock.advance(14_999);
    expect(c.closedByBroker).toBe(false);
    h.clock.advance(1);
    expect(c.closedByBroker).toBe(true);
    expect(h.of('connection.closed').at(-1)).toMatchObject({
      reason: 'keepalive-timeout',
      at: 15_000,
    });
    expect(watcher.payloads()).toEqual(['gone']);
  });

  it('[MQTT-3.1.2-24, 3.1.1] a client that talks within the keep-alive stays; DISCONNECT sends no Will', () => {
    const h = harness({ profile: 'standard' });
    const watcher = h.client();
    watcher.connect({ clientId: 'W' });
    watcher.subscribe('will/#', 1);
    const c = h.client();
    c.connect({
      clientId: 'A',
      keepalive: 10,
      will: { topic: 'will/A', payload: Buffer.from('gone'), qos: 1, retain: false },
    });
    h.clock.advance(10 * 3600 * 1000);
    expect(c.closedByBroker).toBe(false);
    c.disconnect();
    expect(watcher.payloads()).toEqual([]);
    expect(h.of('will.published')).toEqual([]);
  });

  it('[MQTT-3.1.2-8, 3.1.1] transport loss publishes the Will at once', () => {
    const h = harness({ profile: 'aws' });
    const watcher = h.client();
    watcher.connect({ clientId: 'W' });
    watcher.subscribe('will/#', 1);
    const c = h.client();
    c.connect({
      clientId: 'A',
      will: { topic: 'will/A', payload: Buffer.from('cut'), qos: 1, retain: false },
    });
    c.drop();
    expect(watcher.payloads()).toEqual(['cut']);
    expect(h.of('will.published')).toMatchObject([{ clientId: 'A', topic: 'will/A' }]);
  });
});
