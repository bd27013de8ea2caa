/** MQTT 3.1.1 conformance: sessions, CleanSession, Session Present and resending on resume. */
import { describe, expect, it } from 'vitest';
import { client, got, raw, standard } from './v311Kit';

describe('MQTT 3.1.1 sessions', () => {
  it('[MQTT-3.1.2-4] CleanSession 0 resumes the session of the client id, or creates one when there is none', () => {
    const h = standard();
    const c = client(h, 'resume', false);
    expect(c.last('connack')?.sessionPresent).toBe(false);
    expect(h.of('session.created').map((e) => e.clientId)).toEqual(['resume']);
    c.subscribe('t', 1);
    c.drop();
    const back = client(h, 'resume', false);
    expect(back.last('connack')?.sessionPresent).toBe(true);
    expect(h.of('session.created')).toHaveLength(1);
    // The subscription came back with the session: no SUBSCRIBE on this connection.
    client(h, 'pub').publish('t', 'after', 1);
    expect(back.payloads()).toEqual(['after']);
  });

  it('[MQTT-3.1.2-5] after a CleanSession 0 client disconnects, QoS 1 and 2 messages for its subscriptions are stored', () => {
    const h = standard();
    const c = client(h, 'away', false);
    c.subscribe('q/+', 2);
    c.disconnect();
    const pub = client(h, 'pub');
    pub.publish('q/1', 'one', 1);
    pub.publish('q/2', 'two', 2);
    pub.publish('q/0', 'zero', 0);
    expect(h.of('message.stored').map((e) => e.clientId)).toEqual(['away', 'away']);
    const back = client(h, 'away', false);
    expect(back.payloads()).toEqual(['one', 'two']);
  });

  it('[MQTT-3.1.2-6] CleanSession 1 discards the earlier session, and its state is not reused later', () => {
    const h = standard();
    const c = client(h, 'fresh', false);
    c.subscribe('t', 1);
    c.drop();
    client(h, 'pub').publish('t', 'stored', 1);
    const clean = client(h, 'fresh', true);
    expect(clean.payloads()).toEqual([]);
    clean.subscribe('u', 1);
    clean.drop();
    // The clean session lasted as long as its connection: nothing of it (nor of the first) is left.
    expect(h.broker.sessions().map((s) => s.clientId)).toEqual(['pub']);
    const later = client(h, 'fresh', false);
    expect(later.last('connack')?.sessionPresent).toBe(false);
    const pub = client(h, 'pub2');
    pub.publish('t', 'x', 1);
    pub.publish('u', 'y', 1);
    expect(later.payloads()).toEqual([]);
  });

  it('[MQTT-3.1.2-7] retained messages are not deleted when the session that published them ends', () => {
    const h = standard();
    const pub = client(h, 'publisher', true);
    pub.publish('r', 'kept', 1, { retain: true });
    pub.disconnect();
    expect(h.of('session.discarded').map((e) => e.clientId)).toContain('publisher');
    const sub = client(h, 'sub');
    sub.subscribe('r', 1);
    expect(sub.payloads()).toEqual(['kept']);
  });

  it('[MQTT-3.1.3-2] the client id identifies the session state: each id resumes its own', () => {
    const h = standard();
    const a = client(h, 'alpha', false);
    a.subscribe('a', 1);
    const b = client(h, 'beta', false);
    b.subscribe('b', 1);
    a.drop();
    b.drop();
    const pub = client(h, 'pub');
    pub.publish('a', 'for-alpha', 1);
    pub.publish('b', 'for-beta', 1);
    expect(client(h, 'beta', false).payloads()).toEqual(['for-beta']);
    expect(client(h, 'alpha', false).payloads()).toEqual(['for-alpha']);
    expect(client(h, 'gamma', false).last('connack')?.sessionPresent).toBe(false);
  });

  it('[MQTT-3.2.2-1] CleanSession 1 is accepted with Session Present 0, even with a stored session', () => {
    const h = standard();
    client(h, 'sp', false).drop();
    const c = raw(h, 'sp', { clean: true });
    expect(got(c, 'connack')[0]).toMatchObject({ sessionPresent: false, returnCode: 0 });
  });

  it('[MQTT-3.2.2-2] CleanSession 0 with a stored session is accepted with Session Present 1', () => {
    const h = standard();
    client(h, 'sp', false).drop();
    const c = raw(h, 'sp', { clean: false });
    expect(got(c, 'connack')[0]).toMatchObject({ sessionPresent: true, returnCode: 0 });
  });

  it('[MQTT-3.2.2-3] CleanSession 0 without a stored session is accepted with Session Present 0', () => {
    const h = standard();
    client(h, 'other', false).drop();
    const c = raw(h, 'sp', { clean: false });
    expect(got(c, 'connack')[0]).toMatchObject({ sessionPresent: false, returnCode: 0 });
  });

  it('[MQTT-4.1.0-1] session state is kept for the whole session: a year away loses nothing', () => {
    const h = standard();
    const c = client(h, 'patient', false);
    c.subscribe('t', 1);
    c.holdAcks = true;
    const pub = client(h, 'pub');
    pub.publish('t', 'unacked', 1);
    c.drop();
    pub.publish('t', 'queued', 1);
    h.clock.advance(365 * 24 * 3600 * 1000);
    const back = client(h, 'patient', false);
    expect(back.last('connack')?.sessionPresent).toBe(true);
    expect(back.payloads()).toEqual(['unacked', 'queued']);
  });

  it('[MQTT-4.1.0-2] a session lasts at least as long as its network connection', () => {
    // Sessions of 3.1.1 clients expire 10 s after their connection ends: not while it is open.
    const h = standard({ overrides: { sessionExpiryV3: 10 } });
    const c = client(h, 'long', false);
    c.subscribe('t', 1);
    h.clock.advance(3600 * 1000);
    client(h, 'pub').publish('t', 'still', 1);
    expect(c.payloads()).toEqual(['still']);
    expect(h.of('session.expired')).toEqual([]);
    c.drop();
    h.clock.advance(10_001);
    expect(h.of('session.expired').map((e) => e.clientId)).toEqual(['long']);
  });

  it('[MQTT-4.4.0-1] [MQTT-3.3.1-1] [MQTT-2.3.1-4] on resume unacknowledged PUBLISHes go again with their ids and DUP 1, PUBRELs with theirs', () => {
    const h = standard();
    const c = raw(h, 'r', { clean: false });
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 2 }] });
    const pub = client(h, 'pub');
    pub.publish('t', 'q1', 1);
    pub.publish('t', 'q2-unreceived', 2);
    pub.publish('t', 'q2-released', 2);
    const first = got(c, 'publish');
    expect(first.map((p) => p.dup)).toEqual([false, false, false]);
    c.send({ cmd: 'pubrec', messageId: first[2]!.messageId }); // third: PUBREL sent, no PUBCOMP
    expect(got(c, 'pubrel').map((p) => p.messageId)).toEqual([first[2]!.messageId]);
    c.cut();
    const back = raw(h, 'r', { clean: false });
    const again = back.received.filter((p) => p.cmd === 'publish' || p.cmd === 'pubrel');
    expect(again.map((p) => [p.cmd, p.messageId, p.cmd === 'publish' ? p.dup : null])).toEqual([
      ['pubrel', first[2]!.messageId, null],
      ['publish', first[0]!.messageId, true],
      ['publish', first[1]!.messageId, true],
    ]);
  });
});
