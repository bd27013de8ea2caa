// MQTT 5.0 conformance, 3.1 and 3.2: Clean Start, Session Present, client ids and takeover.
import { describe, expect, it } from 'vitest';
import { harness, type Harness } from '../../harness';
import { open5, publish5, subscribe5, type Connect5 } from './connect-wire';

const KEEP: Connect5 = { clean: false, properties: { sessionExpiryInterval: 600 } };

/** A session for `id` holding a subscription to `t/{id}` and one stored QoS 1 message. */
function storedSession(h: Harness, id: string, payload = 'stored') {
  const c = open5(h, id, KEEP);
  c.send(subscribe5(`t/${id}`, 1));
  c.cut();
  open5(h, `pub-${id}`).send(publish5(`t/${id}`, payload, 1));
}

describe('MQTT 5 Clean Start (3.1.2.4, 3.1.4)', () => {
  it('[MQTT-3.1.2-4] Clean Start 1 discards the stored session: no stored message, no subscription', () => {
    const h = harness({ profile: 'standard' });
    storedSession(h, 'c');
    const c = open5(h, 'c', { clean: true, properties: { sessionExpiryInterval: 600 } });
    expect(c.of('connack')[0]).toMatchObject({ reasonCode: 0, sessionPresent: false });
    expect(c.of('publish')).toEqual([]);
    open5(h, 'p2').send(publish5('t/c', 'live', 1));
    expect(c.of('publish')).toEqual([]);
    expect(h.of('session.discarded').map((e) => e.reason)).toEqual(['clean-start']);
  });

  it('[MQTT-3.1.2-5] Clean Start 0 with a stored session resumes it: its message is sent and its subscription works', () => {
    const h = harness({ profile: 'standard' });
    storedSession(h, 'c');
    const c = open5(h, 'c', KEEP);
    expect(c.of('connack')[0]).toMatchObject({ reasonCode: 0, sessionPresent: true });
    expect(c.of('publish').map((p) => p.payload.toString())).toEqual(['stored']);
    open5(h, 'p2').send(publish5('t/c', 'live', 0));
    expect(c.of('publish').map((p) => p.payload.toString())).toEqual(['stored', 'live']);
  });

  it('[MQTT-3.1.2-6] Clean Start 0 with no stored session creates a new one (Session Present 0, nothing in it)', () => {
    const h = harness({ profile: 'standard' });
    storedSession(h, 'other');
    const c = open5(h, 'c', KEEP);
    expect(c.of('connack')[0]).toMatchObject({ reasonCode: 0, sessionPresent: false });
    expect(h.of('session.created').map((e) => e.clientId)).toContain('c');
    const mine = h.broker.sessions().find((s) => s.clientId === 'c')!;
    expect(mine).toMatchObject({ connected: true, subscriptions: [], messages: [] });
    expect(c.of('publish')).toEqual([]);
  });

  it('[MQTT-3.1.4-4] the CONNECT is processed by Clean Start: 1 ends the earlier session, 0 resumes it', () => {
    const h = harness({ profile: 'standard' });
    storedSession(h, 'a');
    storedSession(h, 'b');
    const a = open5(h, 'a', KEEP);
    const b = open5(h, 'b', { clean: true });
    expect(a.of('connack')[0]!.sessionPresent).toBe(true);
    expect(b.of('connack')[0]!.sessionPresent).toBe(false);
    expect(a.of('publish')).toHaveLength(1);
    expect(b.of('publish')).toHaveLength(0);
  });

  it('[MQTT-3.1.2-23] with a Session Expiry Interval above 0 the session is kept after the connection closes; with 0 it is not', () => {
    const h = harness({ profile: 'standard' });
    storedSession(h, 'kept');
    const gone = open5(h, 'gone', { clean: false });
    gone.send(subscribe5('t', 1));
    gone.cut();
    const ids = h.broker.sessions().map((s) => s.clientId);
    expect(ids).toContain('kept');
    expect(ids).not.toContain('gone');
    const kept = h.broker.sessions().find((s) => s.clientId === 'kept')!;
    expect(kept.subscriptions.map((s) => s.filter)).toEqual(['t/kept']);
    expect(kept.messages).toHaveLength(1);
    // Kept for the interval, not for ever.
    h.clock.advance(599_000);
    expect(h.broker.sessions().map((s) => s.clientId)).toContain('kept');
    h.clock.advance(2_000);
    expect(h.broker.sessions().map((s) => s.clientId)).not.toContain('kept');
  });
});

describe('MQTT 5 CONNACK Session Present (3.2.2.1)', () => {
  it('[MQTT-3.2.2-2] Clean Start 1 is answered Session Present 0 with Reason Code 0x00, even over a stored session', () => {
    const h = harness({ profile: 'standard' });
    storedSession(h, 'c');
    const c = open5(h, 'c', { clean: true });
    expect(c.of('connack')[0]).toMatchObject({ sessionPresent: false, reasonCode: 0 });
    expect(c.framesOf(2)[0]!.subarray(2, 4)).toEqual(Uint8Array.of(0x00, 0x00));
  });

  it('[MQTT-3.2.2-3] Clean Start 0: Session Present 1 when state is held, 0 when not; 0x00 both times', () => {
    const h = harness({ profile: 'standard' });
    storedSession(h, 'held');
    const held = open5(h, 'held', KEEP);
    const fresh = open5(h, 'fresh', KEEP);
    expect(held.framesOf(2)[0]!.subarray(2, 4)).toEqual(Uint8Array.of(0x01, 0x00));
    expect(fresh.framesOf(2)[0]!.subarray(2, 4)).toEqual(Uint8Array.of(0x00, 0x00));
  });
});

describe('MQTT 5 client identifier (3.1.3.1)', () => {
  it('[MQTT-3.1.3-2] the ClientID names the state: each client id resumes its own session, not another’s', () => {
    const h = harness({ profile: 'standard' });
    storedSession(h, 'a', 'for a');
    const b = open5(h, 'b', KEEP);
    b.send(subscribe5('u', 1));
    b.cut();
    open5(h, 'p').send(publish5('u', 'for b', 1));
    const a2 = open5(h, 'a', KEEP);
    const b2 = open5(h, 'b', KEEP);
    expect(a2.of('publish').map((p) => p.payload.toString())).toEqual(['for a']);
    expect(b2.of('publish').map((p) => p.payload.toString())).toEqual(['for b']);
  });

  it('[MQTT-3.1.3-5] client ids of 1 to 23 bytes of 0-9, a-z, A-Z are accepted', () => {
    const h = harness();
    const ids = [
      '0',
      'z',
      'Z',
      'abcdefghijklmnopqrstuvw',
      'ABCDEFGHIJKLMNOPQRSTUVW',
      '01234567890123456789012',
    ];
    for (const id of ids) {
      const c = open5(h, id);
      expect(c.of('connack')[0]).toMatchObject({ reasonCode: 0 });
      expect(c.closed).toBe(false);
      // The broker keeps the id as given: no Assigned Client Identifier.
      expect(c.of('connack')[0]!.properties?.assignedClientIdentifier).toBeUndefined();
    }
    expect(
      h.broker
        .sessions()
        .map((s) => s.clientId)
        .sort(),
    ).toEqual([...ids].sort());
  });
});

describe('MQTT 5 takeover (3.1.4)', () => {
  it('[MQTT-3.1.4-3] a CONNECT with the client id of a connected client: DISCONNECT 0x8E to the earlier one, which is closed', () => {
    const h = harness();
    const first = open5(h, 'same');
    const other = open5(h, 'other');
    const second = open5(h, 'same');
    expect(first.of('disconnect').map((d) => d.reasonCode)).toEqual([0x8e]);
    expect(first.closed).toBe(true);
    expect(second.of('connack')[0]!.reasonCode).toBe(0);
    expect(second.closed).toBe(false);
    expect(other.closed).toBe(false);
    expect(other.of('disconnect')).toEqual([]);
  });

  it('[MQTT-3.1.4-5] an accepted CONNECT is acknowledged with CONNACK 0x00', () => {
    const h = harness();
    const c = open5(h, 'c', { keepalive: 30, properties: { sessionExpiryInterval: 10 } });
    expect(c.received.map((p) => p.cmd)).toEqual(['connack']);
    expect(c.of('connack')[0]!.reasonCode).toBe(0);
    expect(c.framesOf(2)[0]![3]).toBe(0x00);
  });
});
