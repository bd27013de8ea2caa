// MQTT 5.0 statements that bind the client, around PUBLISH and AUTH: a client that breaks one
// (packet ids, the limits the CONNACK announced, Subscription Identifiers, AUTH without a
// method) and what the broker does about it.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../../harness';
import { connectPacket, hex, RawClient } from '../../rawClient';
import type { PacketOf } from '../../../broker/packets';
import { disconnectCode, got, std } from './packets-helpers';

/** A connected raw MQTT 5 client, with the CONNACK it received. */
function connected(h: Harness, clientId: string): { c: RawClient; connack: PacketOf<'connack'> } {
  const c = new RawClient(h.broker, 5);
  c.send(connectPacket(clientId, 5));
  const connack = got(c, 'connack')[0]!;
  expect(connack.reasonCode).toBe(0);
  c.received.length = 0;
  return { c, connack };
}

function publish(
  topic: string,
  qos: 0 | 1 | 2,
  messageId: number,
  properties?: PacketOf<'publish'>['properties'],
  payload = 'x',
): PacketOf<'publish'> {
  return {
    cmd: 'publish',
    topic,
    payload: Buffer.from(payload),
    qos,
    retain: false,
    dup: false,
    ...(qos > 0 ? { messageId } : {}),
    ...(properties ? { properties } : {}),
  };
}

/** A subscriber to `t` on the same broker, to see whether anything was routed. */
function listener(h: Harness): RawClient {
  const { c } = connected(h, 'listener');
  c.send({
    cmd: 'subscribe',
    messageId: 1,
    subscriptions: [{ topic: 't', qos: 2, nl: false, rap: false, rh: 0 }],
  });
  c.received.length = 0;
  return c;
}

describe('MQTT 5 client statements: packet ids and the limits of CONNACK (2.2.1, 3.2.2, 3.3)', () => {
  it('[MQTT-2.2.1-3] a PUBLISH (QoS 1), SUBSCRIBE or UNSUBSCRIBE with Packet Identifier 0 is a Protocol Error: DISCONNECT 0x82', () => {
    const bad = [
      hex('32 06 0001 74 0000 00'), // PUBLISH QoS 1, id 0
      hex('82 07 0000 00 0001 74 00'), // SUBSCRIBE id 0
      hex('a2 06 0000 00 0001 74'), // UNSUBSCRIBE id 0
    ];
    for (const bytes of bad) {
      const h = std();
      const sub = listener(h);
      const { c } = connected(h, 'c');
      c.send(bytes);
      expect(disconnectCode(c)).toBe(0x82);
      expect(c.closed).toBe(true);
      expect(c.received.map((p) => p.cmd)).toEqual(['disconnect']);
      expect(got(sub, 'publish')).toEqual([]);
    }
  });

  it('[MQTT-2.2.1-3] a QoS 2 PUBLISH reusing an id still awaiting PUBREL is taken for a resend: PUBREC, not routed again', () => {
    const h = std();
    const sub = listener(h);
    const { c } = connected(h, 'c');
    c.send(publish('t', 2, 7, undefined, 'first'));
    c.send(publish('t', 2, 7, undefined, 'second, same id'));
    expect(got(c, 'pubrec').map((p) => p.messageId)).toEqual([7, 7]);
    expect(got(sub, 'publish').map((p) => String(p.payload))).toEqual(['first']);
    expect(c.closed).toBe(false);
  });

  it('[MQTT-3.2.2-11] a QoS 2 PUBLISH above the Maximum QoS 1 of CONNACK: DISCONNECT 0x9B, not routed', () => {
    const h = std({ overrides: { maxQos: 1 } });
    const sub = listener(h);
    const { c, connack } = connected(h, 'c');
    expect(connack.properties?.maximumQoS).toBe(1);
    c.send(publish('t', 2, 1));
    expect(disconnectCode(c)).toBe(0x9b);
    expect(c.closed).toBe(true);
    expect(got(sub, 'publish')).toEqual([]);
  });

  it('[MQTT-3.2.2-15] a packet larger than the Maximum Packet Size of CONNACK: DISCONNECT 0x95, not routed', () => {
    const h = std({ overrides: { maxPacketSize: 100 } });
    const sub = listener(h);
    const { c, connack } = connected(h, 'c');
    expect(connack.properties?.maximumPacketSize).toBe(100);
    c.send(publish('t', 0, 0, undefined, 'x'.repeat(90))); // 96 bytes: fits
    c.send(publish('t', 0, 0, undefined, 'x'.repeat(200)));
    expect(disconnectCode(c)).toBe(0x95);
    expect(c.closed).toBe(true);
    expect(got(sub, 'publish').map((p) => p.payload.length)).toEqual([90]);
  });

  it('[MQTT-3.2.2-17] [MQTT-3.3.2-9] a Topic Alias above the Topic Alias Maximum of CONNACK: DISCONNECT 0x94', () => {
    const h = std({ overrides: { topicAliasMaximum: 2 } });
    const sub = listener(h);
    const { c, connack } = connected(h, 'c');
    expect(connack.properties?.topicAliasMaximum).toBe(2);
    c.send(publish('t', 0, 0, { topicAlias: 2 }));
    c.send(publish('t', 0, 0, { topicAlias: 3 }));
    expect(disconnectCode(c)).toBe(0x94);
    expect(c.closed).toBe(true);
    expect(got(sub, 'publish')).toHaveLength(1);
  });

  it('[MQTT-3.2.2-18] any Topic Alias when CONNACK offers none (Topic Alias Maximum 0): DISCONNECT 0x94', () => {
    const h = std({ overrides: { topicAliasMaximum: 0 } });
    const sub = listener(h);
    const { c, connack } = connected(h, 'c');
    expect(connack.properties?.topicAliasMaximum ?? 0).toBe(0);
    c.send(publish('t', 0, 0, { topicAlias: 1 }));
    expect(disconnectCode(c)).toBe(0x94);
    expect(c.closed).toBe(true);
    expect(got(sub, 'publish')).toEqual([]);
  });

  it('[MQTT-3.3.4-6] a PUBLISH from the client with a Subscription Identifier: DISCONNECT 0x82, not routed', () => {
    const h = std();
    const sub = listener(h);
    const { c } = connected(h, 'c');
    c.send(publish('t', 1, 1, { subscriptionIdentifier: 5 }));
    expect(disconnectCode(c)).toBe(0x82);
    expect(got(c, 'puback')).toEqual([]);
    expect(got(sub, 'publish')).toEqual([]);
  });

  it('[MQTT-3.3.4-7] more QoS 2 PUBLISHes unacknowledged than the Receive Maximum of CONNACK: DISCONNECT 0x93', () => {
    const h = std({ overrides: { receiveMaximum: 2 } });
    const sub = listener(h);
    const { c, connack } = connected(h, 'c');
    expect(connack.properties?.receiveMaximum).toBe(2);
    // No PUBREL: both flows stay open (the PUBREC of 0x00 does not end them).
    c.send(publish('t', 2, 1));
    c.send(publish('t', 2, 2));
    expect(c.closed).toBe(false);
    c.send(publish('t', 2, 3));
    expect(disconnectCode(c)).toBe(0x93);
    expect(c.closed).toBe(true);
    expect(got(sub, 'publish')).toHaveLength(2);
  });
});

describe('MQTT 5 client statements: AUTH (4.12)', () => {
  it('[MQTT-4.12.0-7] an AUTH from a client whose CONNECT had no Authentication Method: DISCONNECT 0x82', () => {
    const h = std();
    const { c } = connected(h, 'c');
    c.send({ cmd: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'PLAIN' } });
    expect(disconnectCode(c)).toBe(0x82);
    expect(c.closed).toBe(true);
  });

  it('[MQTT-4.12.1-1] a re-authentication (AUTH 0x19) naming a method the connection was not authenticated with: DISCONNECT 0x82', () => {
    const h = std();
    const { c } = connected(h, 'c');
    c.send({
      cmd: 'auth',
      reasonCode: 0x19,
      properties: { authenticationMethod: 'SCRAM-SHA-256' },
    });
    expect(disconnectCode(c)).toBe(0x82);
    expect(c.closed).toBe(true);
  });
});
