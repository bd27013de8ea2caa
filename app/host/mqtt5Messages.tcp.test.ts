/**
 * MQTT 5 features of issue 8 over TCP through the Node host, continued from
 * mqtt5Features.tcp.test.ts: pass-through properties, flow control from the client, AUTH,
 * Reason String and Server Reference. In memory: app/broker/rules/mqtt5Messages.test.ts.
 */
import type { Packet } from 'mqtt';
import { generate, type IPubackPacket, type ISubackPacket } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { waitFor } from './testing/waitFor';
import { disconnectOf, eventsOf, inbox, mqtt5Kit } from './testing/mqtt5Kit';

const { start, open, rawConnected } = mqtt5Kit();
const publishOf = (messageId: number, qos: 1 | 2): Packet => ({
  cmd: 'publish',
  topic: 'fc/t',
  payload: Buffer.from('x'),
  qos,
  retain: false,
  dup: false,
  messageId,
});

describe('MQTT 5 request/response and pass-through properties over TCP (mqtt.js v5)', () => {
  it('[MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.3.2-20] properties reach the subscriber unaltered, User Properties in order', async () => {
    const h = await start();
    const { client: sub } = await open(h, 'responder');
    const got = inbox(sub);
    await sub.subscribeAsync('req/#', { qos: 1 });
    const { client: pub } = await open(h, 'requester');
    const properties = {
      payloadFormatIndicator: true,
      contentType: 'application/json',
      responseTopic: 'reply/requester',
      correlationData: Buffer.from([0x00, 0xff, 0x10]),
      userProperties: { zeta: '1', alpha: ['2', '3'], mid: 'ü' },
    };
    await pub.publishAsync('req/1', '{"q":1}', { qos: 1, properties });
    await waitFor(() => got.length === 1, 'the request');
    const p = got[0]!.properties!;
    expect(p.payloadFormatIndicator).toBe(true);
    expect(p.contentType).toBe('application/json');
    expect(p.responseTopic).toBe('reply/requester');
    expect(Buffer.from(p.correlationData!)).toEqual(properties.correlationData);
    expect(Object.entries(p.userProperties!)).toEqual(Object.entries(properties.userProperties));
  });

  it('[MQTT-3.3.2-18] User Properties keep their order where an object cannot: a=1, b=2, a=3', async () => {
    const h = await start();
    const sub = await rawConnected(h, 'sub');
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'up/#', qos: 0 }] });
    await waitFor(() => sub.of('suback').length === 1, 'SUBACK');
    const pub = await rawConnected(h, 'pub');
    const userProperties = { a: '1', b: '2', c: '3' };
    const bytes = Buffer.from(
      generate(
        {
          cmd: 'publish',
          topic: 'up/1',
          payload: Buffer.from('p'),
          qos: 0,
          retain: false,
          dup: false,
          properties: { userProperties },
        },
        { protocolVersion: 5 },
      ),
    );
    // Renamed on the wire: the third pair's name c becomes a, after b.
    bytes[bytes.indexOf(Buffer.from([0x26, 0, 1, 0x63])) + 3] = 0x61;
    pub.send(bytes);
    await waitFor(() => sub.of('publish').length === 1, 'the message');
    const inOrder = Buffer.from('260001610001312600016200013226000161000133', 'hex');
    expect(sub.bytes().indexOf(inOrder)).toBeGreaterThan(0);
  });

  it('[MQTT-3.3.2-14] a Response Topic with a wildcard: DISCONNECT 0x82, nothing published', async () => {
    const h = await start();
    const { client } = await open(h, 'pub');
    const disconnect = disconnectOf(client);
    client.publish('req/1', 'x', { qos: 1, properties: { responseTopic: 'reply/#' } });
    expect((await disconnect).reasonCode).toBe(0x82);
    expect(eventsOf(h, 'message.published')).toEqual([]);
  });
});

describe('MQTT 5 flow control from the client over TCP', () => {
  it('[MQTT-3.3.4-7] [MQTT-4.9.0-2] QoS 2 over Receive Maximum awaiting PUBREL: DISCONNECT 0x93', async () => {
    const h = await start({ receiveMaximum: 2 });
    const r = await rawConnected(h, 'fc');
    expect(r.of('connack')[0]!.properties?.receiveMaximum).toBe(2);
    r.send(publishOf(1, 2));
    r.send(publishOf(2, 2));
    await waitFor(() => r.of('pubrec').length === 2, 'two PUBRECs');
    r.send(publishOf(3, 2));
    await waitFor(() => r.closed, 'the connection closed');
    expect(r.of('disconnect')).toMatchObject([{ reasonCode: 0x93 }]);
  });

  it('[MQTT-3.3.4-7] a QoS 1 PUBLISH on top of a full quota of QoS 2 is over it too; QoS 1 alone never is', async () => {
    const h = await start({ receiveMaximum: 2 });
    const alone = await rawConnected(h, 'qos1');
    for (let id = 1; id <= 10; id++) alone.send(publishOf(id, 1));
    await waitFor(() => alone.of('puback').length === 10, 'ten PUBACKs');
    expect(alone.closed).toBe(false);

    const mixed = await rawConnected(h, 'mixed');
    mixed.send(publishOf(1, 2));
    mixed.send(publishOf(2, 2));
    mixed.send(publishOf(3, 1));
    await waitFor(() => mixed.closed, 'the connection closed');
    expect(mixed.of('puback')).toEqual([]);
    expect(mixed.of('disconnect')).toMatchObject([{ reasonCode: 0x93 }]);
  });
});

describe('MQTT 5 enhanced authentication over TCP', () => {
  it('[MQTT-4.12.0-1] mqtt.js with an Authentication Method the broker does not support: CONNACK 0x8C and close', async () => {
    const h = await start();
    const error = await open(h, 'auth', {
      properties: { authenticationMethod: 'SCRAM-SHA-1', authenticationData: Buffer.from('x') },
    }).then(
      () => undefined,
      (e: Error & { code?: number }) => e,
    );
    expect(error?.code).toBe(0x8c);
    expect(eventsOf(h, 'connack.sent')).toMatchObject([{ code: 0x8c }]);
    expect(eventsOf(h, 'connection.closed')).toMatchObject([{ reason: 'connect-refused' }]);
  });

  it('[MQTT-4.12.0-6] [MQTT-4.12.0-7] no method agreed: none in CONNACK, and an AUTH from the client is a protocol error', async () => {
    const h = await start();
    const r = await rawConnected(h, 'noauth');
    expect(r.of('connack')[0]!.properties?.authenticationMethod).toBeUndefined();
    r.send({ cmd: 'auth', reasonCode: 0x19, properties: { authenticationMethod: 'X' } } as Packet);
    await waitFor(() => r.closed, 'the connection closed');
    expect(r.of('auth')).toEqual([]);
    expect(r.of('disconnect')).toMatchObject([{ reasonCode: 0x82 }]);
  });
});

describe('MQTT 5 Reason String and Server Reference over TCP (mqtt.js v5)', () => {
  it('[MQTT-3.1.2-29] Request Problem Information 0: no Reason String or User Properties on PUBACK or SUBACK', async () => {
    // A refused filter (mqtt.js will not send an invalid one): SUBACK 0x87 Not authorized.
    const h = await start({}, { access: { denySubscribe: ['secret/#'], denyPublish: [] } });
    const { client } = await open(h, 'quiet', { properties: { requestProblemInformation: false } });
    const acks: (IPubackPacket | ISubackPacket)[] = [];
    client.on('packetreceive', (p) => {
      if (p.cmd === 'puback' || p.cmd === 'suback') acks.push(p);
    });
    // Callbacks, not promises: how mqtt.js settles a 0x10 PUBACK or a refused filter is its own.
    client.publish('nobody/here', 'x', { qos: 1 }, () => undefined);
    await waitFor(() => acks.length === 1, 'PUBACK');
    client.subscribe('secret/x', { qos: 1 }, () => undefined);
    await waitFor(() => acks.length === 2, 'SUBACK');
    expect(acks.map((p) => p.cmd)).toEqual(['puback', 'suback']);
    expect(acks[0]).toMatchObject({ reasonCode: 0x10 });
    expect(acks[1]).toMatchObject({ granted: [0x87] });
    for (const p of acks) {
      expect(p.properties?.reasonString).toBeUndefined();
      expect(p.properties?.userProperties).toBeUndefined();
    }
  });

  it('[MQTT-3.1.2-28] [MQTT 5.0 §4.11] no Response Information and no Server Reference, on CONNACK or on a takeover DISCONNECT', async () => {
    const h = await start();
    const { client, connack } = await open(h, 'c', {
      properties: { requestResponseInformation: true },
    });
    expect(connack.properties?.responseInformation).toBeUndefined();
    expect(connack.properties?.serverReference).toBeUndefined();
    const disconnect = disconnectOf(client);
    await open(h, 'c');
    const packet = await disconnect;
    expect(packet.reasonCode).toBe(0x8e);
    expect(packet.properties?.serverReference).toBeUndefined();
  });
});
