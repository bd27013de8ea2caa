// MQTT 5.0 conformance, 3.1.2.5-3.1.3.2 and 3.2.2: the Will Message.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { PacketOf } from '../../../broker/packets';
import { harness, type Harness } from '../../harness';
import { open5, subscribe5, type Connect5 } from './connect-wire';

type Will = NonNullable<PacketOf<'connect'>['will']>;

const will = (extra: Partial<Will> = {}): Will => ({
  topic: 'w',
  payload: Buffer.from('bye'),
  qos: 0,
  retain: false,
  ...extra,
});

/** A subscriber to the will topic. */
function watcher(h: Harness, id = 'watch') {
  const c = open5(h, id);
  c.send(subscribe5('w', 1));
  return c;
}

const payloads = (c: ReturnType<typeof watcher>) =>
  c.of('publish').map((p) => p.payload.toString());

describe('MQTT 5 Will Message (3.1.2.5)', () => {
  it('[MQTT-3.1.2-7] a Will Flag of 1 stores the Will with the session: it is what goes out when the connection is lost', () => {
    const h = harness({ profile: 'standard' });
    const w = watcher(h);
    const c = open5(h, 'c', { will: will({ payload: Buffer.from('stored will'), qos: 1 }) });
    expect(payloads(w)).toEqual([]);
    c.cut();
    expect(payloads(w)).toEqual(['stored will']);
    expect(w.of('publish')[0]).toMatchObject({ topic: 'w', qos: 1 });
  });

  it('[MQTT-3.1.2-8] the Will goes after the close once the Will Delay Interval passes, or when the session ends first', () => {
    const h = harness({ profile: 'standard' });
    const w = watcher(h);
    const delayed: Connect5 = {
      clean: false,
      properties: { sessionExpiryInterval: 100 },
      will: will({ payload: Buffer.from('delayed'), properties: { willDelayInterval: 10 } }),
    };
    open5(h, 'd', delayed).cut();
    h.clock.advance(9_999);
    expect(payloads(w)).toEqual([]);
    h.clock.advance(1);
    expect(payloads(w)).toEqual(['delayed']);
    // The session ends (expiry 5 s) before the delay (60 s): the Will goes with it.
    open5(h, 'e', {
      clean: false,
      properties: { sessionExpiryInterval: 5 },
      will: will({ payload: Buffer.from('at session end'), properties: { willDelayInterval: 60 } }),
    }).cut();
    h.clock.advance(5_000);
    expect(payloads(w)).toEqual(['delayed', 'at session end']);
    // DISCONNECT 0x00 deletes it.
    const n = open5(h, 'n', { will: will({ payload: Buffer.from('never') }) });
    n.send({ cmd: 'disconnect', reasonCode: 0 });
    h.clock.advance(60_000);
    expect(payloads(w)).toEqual(['delayed', 'at session end']);
    // Any other DISCONNECT does not: one with 0x80 (Unspecified error) still sends it.
    const x = open5(h, 'x', { will: will({ payload: Buffer.from('after an error') }) });
    x.send({ cmd: 'disconnect', reasonCode: 0x80 });
    expect(payloads(w)).toEqual(['delayed', 'at session end', 'after an error']);
  });

  it('[MQTT-3.1.2-10] the Will is removed once published (not sent twice) and on DISCONNECT 0x00', () => {
    const h = harness({ profile: 'standard' });
    const w = watcher(h);
    const keep: Connect5 = { clean: false, properties: { sessionExpiryInterval: 600 } };
    open5(h, 'c', { ...keep, will: will({ payload: Buffer.from('once') }) }).cut();
    expect(payloads(w)).toEqual(['once']);
    // The session resumes without a Will and is lost again: nothing more.
    const again = open5(h, 'c', keep);
    expect(again.of('connack')[0]!.sessionPresent).toBe(true);
    again.cut();
    h.clock.advance(700_000);
    expect(payloads(w)).toEqual(['once']);
    // DISCONNECT 0x00 removes it: neither the close nor the end of the session sends it.
    const d = open5(h, 'd', { ...keep, will: will({ payload: Buffer.from('removed') }) });
    d.send({ cmd: 'disconnect', reasonCode: 0 });
    h.clock.advance(700_000);
    expect(payloads(w)).toEqual(['once']);
    expect(h.of('will.published').map((e) => e.clientId)).toEqual(['c']);
  });

  it('[MQTT-3.1.2-14] Will Retain 0: the Will is published non-retained and is not kept for later subscribers', () => {
    const h = harness({ profile: 'standard' });
    const w = watcher(h);
    open5(h, 'c', { will: will({ retain: false }) }).cut();
    expect(w.of('publish').map((p) => p.retain)).toEqual([false]);
    const late = watcher(h, 'late');
    expect(late.of('publish')).toEqual([]);
  });

  it('[MQTT-3.1.2-15] Will Retain 1: the Will is published as a retained message', () => {
    const h = harness({ profile: 'standard' });
    const w = watcher(h);
    open5(h, 'c', { will: will({ retain: true, payload: Buffer.from('kept') }) }).cut();
    expect(payloads(w)).toEqual(['kept']);
    const late = watcher(h, 'late');
    expect(late.of('publish').map((p) => [p.payload.toString(), p.retain])).toEqual([
      ['kept', true],
    ]);
  });

  it('[MQTT-3.1.3-9] a new connection to the session before the Will Delay Interval has passed: the Will is not sent', () => {
    const h = harness({ profile: 'standard' });
    const w = watcher(h);
    const o: Connect5 = {
      clean: false,
      properties: { sessionExpiryInterval: 600 },
      will: will({ properties: { willDelayInterval: 30 } }),
    };
    open5(h, 'c', o).cut();
    h.clock.advance(29_000);
    const back = open5(h, 'c', { clean: false, properties: { sessionExpiryInterval: 600 } });
    expect(back.of('connack')[0]!.sessionPresent).toBe(true);
    h.clock.advance(120_000);
    expect(payloads(w)).toEqual([]);
    expect(h.of('will.cancelled').map((e) => e.clientId)).toEqual(['c']);
  });

  it('[MQTT-3.1.3-10] the Will’s User Properties go out in the order they were given, repeated names included', () => {
    const h = harness({ profile: 'standard' });
    const w = watcher(h);
    const userProperties = { zeta: '1', alpha: ['2', '3'], mid: '4' };
    open5(h, 'c', { will: will({ properties: { userProperties } }) }).cut();
    expect(w.of('publish')[0]!.properties?.userProperties).toEqual(userProperties);
    expect(Object.keys(w.of('publish')[0]!.properties!.userProperties!)).toEqual([
      'zeta',
      'alpha',
      'mid',
    ]);
    // On the wire, pair by pair (0x26 name value): zeta=1, alpha=2, alpha=3, mid=4.
    const text = Buffer.from(w.framesOf(3)[0]!).toString('latin1');
    const order = [
      'zeta\u0000\u00011',
      'alpha\u0000\u00012',
      'alpha\u0000\u00013',
      'mid\u0000\u00014',
    ];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});

describe('MQTT 5 CONNACK refusals for a Will (3.2.2.3)', () => {
  it('[MQTT-3.2.2-12] a Will QoS above the broker’s Maximum QoS (1 on aws): CONNACK 0x9B, then closed', () => {
    const h = harness({ profile: 'aws' });
    const w = watcher(h);
    const c = open5(h, 'c', { will: will({ qos: 2 }) });
    expect(c.of('connack').map((p) => [p.reasonCode, p.sessionPresent])).toEqual([[0x9b, false]]);
    expect(c.closed).toBe(true);
    // No session, and no Will from it.
    expect(h.broker.sessions().map((s) => s.clientId)).toEqual(['watch']);
    expect(w.of('publish')).toEqual([]);
    // QoS 1 is within the capability and is accepted.
    expect(open5(h, 'd', { will: will({ qos: 1 }) }).of('connack')[0]!.reasonCode).toBe(0);
  });
});
