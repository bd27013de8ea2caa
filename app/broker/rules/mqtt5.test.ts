import { describe, expect, it } from 'vitest';
import { harness } from '../../testkit/harness';
import { awayStory, HOUR, publishMany, returnA } from './fixtures';

describe('MQTT 5: Clean Start and Session Expiry Interval', () => {
  it('[MQTT-3.1.2-4..6, 5.0] Clean Start=0 resumes, Clean Start=1 discards', () => {
    const { h, publisher } = awayStory('standard', { version: 5 });
    publishMany(publisher, 2);
    expect(returnA(h, 5).payloads()).toEqual(['m0', 'm1']);
    h.client(5).connect({ clientId: 'A', clean: true, properties: { sessionExpiryInterval: 60 } });
    expect(h.of('session.discarded')).toMatchObject([{ reason: 'clean-start' }]);
  });

  it('[MQTT-3.1.2-23, 5.0] Clean Start=0 with no Session Expiry Interval stores nothing (the pitfall)', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    a.connect({ clientId: 'A', clean: false });
    a.subscribe('t/#', 1);
    a.disconnect();
    expect(h.of('session.discarded')).toMatchObject([
      { clientId: 'A', reason: 'connection-ended' },
    ]);
    const b = h.client(5);
    b.connect({ clientId: 'B' });
    b.publish('t/x', 'lost', 1);
    expect(h.of('message.dropped')).toMatchObject([{ reason: 'no-subscriber' }]);
    expect(h.client(5).connect({ clientId: 'A', clean: false })?.sessionPresent).toBe(false);
  });

  it('[MQTT-3.1.2-23, 5.0] SEI 0xFFFFFFFF never expires; a broker maximum lowers it and says so in CONNACK', () => {
    const std = harness({ profile: 'standard' });
    const c = std.client(5);
    const connack = c.connect({
      clientId: 'A',
      clean: false,
      properties: { sessionExpiryInterval: 0xffffffff },
    });
    expect(connack?.properties?.sessionExpiryInterval).toBeUndefined();
    c.disconnect();
    std.clock.advance(365 * 24 * HOUR);
    expect(std.of('session.expiry-scheduled')).toEqual([]);

    const aws = harness({ profile: 'aws' });
    const d = aws.client(5);
    const capped = d.connect({
      clientId: 'A',
      clean: false,
      properties: { sessionExpiryInterval: 7 * 24 * 3600 },
    });
    expect(capped?.properties?.sessionExpiryInterval).toBe(3600);
    expect(aws.of('connack.sent')).toMatchObject([{ sessionExpiry: 3600 }]);
  });

  it('[MQTT5-3.14.2.2.2] DISCONNECT may change the Session Expiry Interval', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    a.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 3600 } });
    a.disconnect({ properties: { sessionExpiryInterval: 10 } });
    expect(h.of('session.expiry-scheduled')).toMatchObject([{ nominalAt: 10_000 }]);
    h.clock.advance(10_000);
    expect(h.of('session.expired')).toHaveLength(1);
  });

  it('[MQTT5-3.14.2.2.2] DISCONNECT cannot raise a Session Expiry Interval of 0: protocol error', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    a.connect({ clientId: 'A', clean: false });
    a.disconnect({ properties: { sessionExpiryInterval: 60 } });
    expect(h.of('protocol.error')).toMatchObject([{ clientId: 'A', reasonCode: 0x82 }]);
    expect(h.of('session.discarded')).toMatchObject([{ reason: 'connection-ended' }]);
  });

  it('[MQTT-3.3.2-5] a stored message whose expiry passes while the client is away is dropped', () => {
    const { h, publisher } = awayStory('standard', { version: 5 });
    publisher.publish('t/x', 'short', 1, { properties: { messageExpiryInterval: 5 } });
    publisher.publish('t/x', 'long', 1, { properties: { messageExpiryInterval: 60 } });
    h.clock.advance(5000);
    expect(h.of('message.dropped')).toMatchObject([{ reason: 'expired', clientId: 'A', at: 5000 }]);
    h.clock.advance(10_000);
    const a = returnA(h, 5);
    expect(a.payloads()).toEqual(['long']);
    // [MQTT-3.3.2-6] what is left of the interval is sent on.
    expect(a.publishes()[0]?.properties?.messageExpiryInterval).toBe(45);
  });

  it('[MQTT-4.9.0-1] Receive Maximum bounds the messages in flight to a client', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    a.holdAcks = true;
    a.connect({ clientId: 'A', properties: { receiveMaximum: 3 } });
    a.subscribe('t/#', 1);
    const b = h.client(5);
    b.connect({ clientId: 'B' });
    publishMany(b, 10);
    expect(a.heldAcks).toHaveLength(3);
    expect(h.of('message.stored').every((e) => e.reason === 'inflight-full')).toBe(true);
    a.release(1);
    expect(a.heldAcks).toHaveLength(3);
    expect(a.payloads()).toEqual(['m0', 'm1', 'm2', 'm3']);
  });

  it('[MQTT-4.9.0-1] aws: at most 100 unacknowledged QoS 1 messages in flight', () => {
    const h = harness({ profile: 'aws' });
    const a = h.client(5);
    a.holdAcks = true;
    a.connect({ clientId: 'A' });
    a.subscribe('t/#', 1);
    const b = h.client(5);
    b.connect({ clientId: 'B' });
    publishMany(b, 150);
    expect(a.heldAcks).toHaveLength(100);
    expect(
      h.broker
        .sessions()
        .find((s) => s.clientId === 'A')!
        .messages.filter((m) => m.state === 'stored'),
    ).toHaveLength(50);
  });

  it('[MQTT-3.2.2-11] aws: Maximum QoS 1 in CONNACK; QoS 2 PUBLISH refused with 0x9B; QoS 2 subscription granted 1', () => {
    const h = harness({ profile: 'aws' });
    const a = h.client(5);
    expect(a.connect({ clientId: 'A' })?.properties?.maximumQoS).toBe(1);
    expect(a.subscribe('t/#', 2)).toEqual([1]);
    a.publish('t/x', 'two', 2);
    expect(a.last('disconnect')).toMatchObject({ reasonCode: 0x9b });
    expect(a.closedByBroker).toBe(true);
    expect(h.of('protocol.error')).toMatchObject([{ reasonCode: 0x9b }]);
  });

  it('[MQTT-3.2.2-11] standard: QoS 2 is supported end to end', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    expect(a.connect({ clientId: 'A' })?.properties?.maximumQoS).toBeUndefined();
    expect(a.subscribe('t/#', 2)).toEqual([2]);
    a.publish('t/x', 'two', 2);
    expect(a.publishes().map((p) => p.qos)).toEqual([2]);
    expect(h.of('message.acknowledged')).toMatchObject([{ qos: 2 }]);
  });

  it('[AWS-versions] aws: persistent sessions do not carry across protocol versions', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 2);
    const a = h.client(5);
    expect(
      a.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 600 } })
        ?.sessionPresent,
    ).toBe(false);
    expect(h.of('session.discarded')).toMatchObject([
      { reason: 'protocol-version-changed', discardedMessages: 2 },
    ]);
  });

  it('[MQTT-3.1.2-5, 5.0] standard: a session resumes across protocol versions', () => {
    const { h, publisher } = awayStory('standard');
    publishMany(publisher, 2);
    const a = h.client(5);
    expect(
      a.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 600 } })
        ?.sessionPresent,
    ).toBe(true);
    expect(a.payloads()).toEqual(['m0', 'm1']);
  });
});

describe('MQTT 5: what only the broker may send', () => {
  it('[MQTT-3.3.4-6] a PUBLISH from a client with a Subscription Identifier: DISCONNECT 0x82', () => {
    const { h, publisher } = awayStory('standard', { version: 5 });
    publisher.publish('t/x', 'with id', 1, { properties: { subscriptionIdentifier: 7 } });
    expect(publisher.received.at(-1)).toEqual(
      expect.objectContaining({ cmd: 'disconnect', reasonCode: 0x82 }),
    );
    expect(h.of('message.published')).toEqual([]);
    expect(h.of('protocol.error').map((e) => e.message)).toEqual([
      'PUBLISH from a client with a Subscription Identifier',
    ]);
  });

  it('[MQTT-3.14.2-3] the DISCONNECT says why in a Reason String, unless that would pass the Maximum Packet Size of the client', () => {
    const { h } = awayStory('standard', { version: 5 });
    const roomy = h.client(5);
    roomy.connect({ clientId: 'R' });
    roomy.publish('t/x', 'x', 1, { properties: { subscriptionIdentifier: 1 } });
    expect(roomy.received.at(-1)).toEqual(
      expect.objectContaining({
        cmd: 'disconnect',
        properties: { reasonString: 'PUBLISH from a client with a Subscription Identifier' },
      }),
    );
    const tight = h.client(5);
    tight.connect({ clientId: 'T', properties: { maximumPacketSize: 32 } });
    tight.publish('t/x', 'x', 1, { properties: { subscriptionIdentifier: 1 } });
    const last = tight.received.at(-1) as { cmd: string; properties?: unknown };
    expect(last.cmd).toBe('disconnect');
    expect(last.properties).toBeUndefined();
  });
});
