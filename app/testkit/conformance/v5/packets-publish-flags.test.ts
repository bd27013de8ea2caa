// MQTT 5.0 §3.3.1: the fixed header of PUBLISH (DUP, QoS, RETAIN) and the retain options.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { gen, withFirstByte } from '../../rawClient';
import { disconnectCode, got, raw5, std } from './packets-helpers';

describe('MQTT 5 PUBLISH fixed header', () => {
  it('[MQTT-3.3.1-1] a PUBLISH sent again after a reconnect has DUP=1', () => {
    const h = std();
    const sub = h.client(5);
    sub.connect({ clientId: 'S', clean: false, properties: { sessionExpiryInterval: 60 } });
    sub.subscribe('t', 1);
    sub.holdAcks = true;
    const pub = raw5(h, 'P');
    pub.send({
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('m'),
      qos: 1,
      messageId: 1,
      retain: false,
      dup: false,
    });
    expect(sub.publishes().map((p) => p.dup)).toEqual([false]);
    sub.drop();
    const again = h.client(5);
    again.connect({ clientId: 'S', clean: false, properties: { sessionExpiryInterval: 60 } });
    const resent = again.publishes();
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ dup: true, messageId: sub.publishes()[0]!.messageId });
  });

  it('[MQTT-3.3.1-2] QoS 0 messages go out with DUP=0, also after a reconnect', () => {
    const h = std({ overrides: { storeQos0: true } });
    const sub = h.client(5);
    sub.connect({ clientId: 'S', clean: false, properties: { sessionExpiryInterval: 60 } });
    sub.subscribe('t', 0);
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('t', 'live', 0);
    sub.drop();
    pub.publish('t', 'stored', 0);
    const again = h.client(5);
    again.connect({ clientId: 'S', clean: false, properties: { sessionExpiryInterval: 60 } });
    const all = [...sub.publishes(), ...again.publishes()];
    expect(all.map((p) => p.payload.toString())).toEqual(['live', 'stored']);
    expect(all.every((p) => p.qos === 0 && p.dup === false)).toBe(true);
  });

  it('[MQTT-3.3.1-3] DUP=1 on an incoming PUBLISH is not passed on: a first send has DUP=0', () => {
    const h = std();
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('t', 2);
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('t', 'q1', 1, { dup: true });
    pub.publish('t', 'q2', 2, { dup: true });
    expect(sub.publishes().map((p) => [p.payload.toString(), p.dup])).toEqual([
      ['q1', false],
      ['q2', false],
    ]);
  });

  it('[MQTT-3.3.1-4] a PUBLISH with both QoS bits set is malformed: DISCONNECT 0x81 and close', () => {
    const h = std();
    const c = raw5(h, 'A');
    const bytes = gen(
      {
        cmd: 'publish',
        topic: 't',
        payload: Buffer.from('x'),
        qos: 1,
        messageId: 1,
        retain: false,
        dup: false,
      },
      5,
    );
    c.send(withFirstByte(bytes, 0x36));
    expect(disconnectCode(c)).toBe(0x81);
    expect(c.closed).toBe(true);
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-3.3.1-5] RETAIN=1 stores the message, replacing the one before', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('r', 'old', 1, { retain: true });
    pub.publish('r', 'new', 1, { retain: true });
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('r', 1);
    expect(sub.publishes().map((p) => [p.payload.toString(), p.retain])).toEqual([['new', true]]);
  });

  it('[MQTT-3.3.1-6] an empty retained payload is delivered normally and removes the retained message', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('r', 'kept', 1, { retain: true });
    const live = h.client(5);
    live.connect({ clientId: 'L' });
    live.subscribe('r', 1);
    pub.publish('r', '', 1, { retain: true });
    expect(live.payloads()).toEqual(['kept', '']);
    const later = h.client(5);
    later.connect({ clientId: 'N' });
    later.subscribe('r', 1);
    expect(later.publishes()).toEqual([]);
  });

  it('[MQTT-3.3.1-7] a retained message with an empty payload is not stored', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('r', '', 1, { retain: true });
    expect(h.of('retained.set')).toEqual([]);
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('r', 1);
    expect(sub.publishes()).toEqual([]);
  });

  it('[MQTT-3.3.1-8] RETAIN=0 neither stores nor removes nor replaces a retained message', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('r', 'kept', 1, { retain: true });
    pub.publish('r', 'plain', 1);
    pub.publish('r', '', 1);
    pub.publish('other', 'plain', 1);
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('#', 1);
    expect(sub.payloads()).toEqual(['kept']);
  });

  it('[MQTT-3.3.1-9] Retain Handling 0 sends the retained messages, on every SUBSCRIBE', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('r/1', 'one', 1, { retain: true });
    pub.publish('r/2', 'two', 1, { retain: true });
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('r/+', 1, { rh: 0 });
    expect(sub.payloads()).toEqual(['one', 'two']);
    sub.subscribe('r/+', 1, { rh: 0 });
    expect(sub.payloads()).toEqual(['one', 'two', 'one', 'two']);
  });

  it('[MQTT-3.3.1-10] Retain Handling 1 sends retained messages only when the subscription is new', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('r', 'kept', 1, { retain: true });
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('r', 1, { rh: 1 });
    expect(sub.payloads()).toEqual(['kept']);
    sub.subscribe('r', 1, { rh: 1 });
    expect(sub.payloads()).toEqual(['kept']);
  });

  it('[MQTT-3.3.1-11] Retain Handling 2 never sends retained messages on SUBSCRIBE', () => {
    const h = std();
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('r', 'kept', 1, { retain: true });
    const sub = h.client(5);
    sub.connect({ clientId: 'S' });
    sub.subscribe('r', 1, { rh: 2 });
    sub.subscribe('#', 1, { rh: 2 });
    expect(sub.publishes()).toEqual([]);
  });

  it('[MQTT-3.3.1-12] Retain As Published 0: a live message goes on with RETAIN=0', () => {
    const h = std();
    const sub = raw5(h, 'S');
    sub.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 'r', qos: 0, nl: false, rap: false, rh: 0 }],
    });
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('r', 'live', 0, { retain: true });
    expect(got(sub, 'publish').map((p) => p.retain)).toEqual([false]);
  });

  it('[MQTT-3.3.1-13] Retain As Published 1: a live message keeps the RETAIN flag it came with', () => {
    const h = std();
    const sub = raw5(h, 'S');
    sub.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 'r', qos: 0, nl: false, rap: true, rh: 0 }],
    });
    const pub = h.client(5);
    pub.connect({ clientId: 'P' });
    pub.publish('r', 'retained', 0, { retain: true });
    pub.publish('r', 'plain', 0);
    expect(got(sub, 'publish').map((p) => [p.payload.toString(), p.retain])).toEqual([
      ['retained', true],
      ['plain', false],
    ]);
  });
});
