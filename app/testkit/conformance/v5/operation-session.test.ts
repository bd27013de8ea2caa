/**
 * MQTT 5.0 §4.1 and §4.5: the Session State lives as long as the connection, and after it for
 * the Session Expiry Interval; a message the broker takes goes into each matching session.
 */
import { describe, expect, it } from 'vitest';
import { persistent, std } from './operation-fixtures';

describe('MQTT 5 §4.1 Session State', () => {
  it('[MQTT-4.1.0-1] the Session State is kept while the connection is open, even with Session Expiry 0', () => {
    const h = std();
    const a = h.client(5);
    a.holdAcks = true;
    a.connect({ clientId: 'A', keepalive: 60 });
    a.subscribe('t/#', 1);
    const b = h.client(5);
    b.connect({ clientId: 'B', keepalive: 60 });
    b.publish('t/x', 'm0', 1);
    // A day later (both ping), the subscription and the unacknowledged message are still there.
    h.clock.advance(24 * 3_600_000);
    expect(a.connected).toBe(true);
    b.publish('t/x', 'm1', 1);
    expect(a.payloads()).toEqual(['m0', 'm1']);
    const session = h.broker.sessions().find((s) => s.clientId === 'A')!;
    expect(session.messages.filter((m) => m.state !== 'stored')).toHaveLength(2);
    expect(h.of('session.discarded')).toEqual([]);
    expect(h.of('session.expired')).toEqual([]);
  });

  it('[MQTT-4.1.0-2] the Session State is discarded once the connection is closed and the Session Expiry Interval has passed', () => {
    const h = std();
    const a = h.client(5);
    a.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 10 } });
    a.subscribe('t/#', 1);
    a.disconnect();
    h.clock.advance(9_999);
    expect(h.broker.sessions().map((s) => s.clientId)).toContain('A');
    expect(h.of('session.expired')).toEqual([]);
    h.clock.advance(1);
    expect(h.of('session.expired')).toMatchObject([{ clientId: 'A' }]);
    expect(h.broker.sessions().map((s) => s.clientId)).not.toContain('A');
    // Its subscription went with it, and a return finds no session.
    const b = h.client(5);
    b.connect({ clientId: 'B' });
    b.publish('t/x', 'lost', 1);
    expect(h.of('message.dropped')).toMatchObject([{ reason: 'no-subscriber' }]);
    expect(h.client(5).connect({ clientId: 'A', ...persistent })?.sessionPresent).toBe(false);
  });
});

describe('MQTT 5 §4.5 message receipt', () => {
  it('[MQTT-4.5.0-1] a message the broker takes is added to the session of every client with a matching subscription', () => {
    const h = std();
    for (const id of ['A', 'C']) {
      const c = h.client(5);
      c.connect({ clientId: id, ...persistent });
      c.subscribe(id === 'A' ? 't/#' : 't/+', 1);
      c.disconnect();
    }
    const d = h.client(5);
    d.connect({ clientId: 'D' });
    d.subscribe('other/#', 1);
    const b = h.client(5);
    b.connect({ clientId: 'B' });
    b.publish('t/x', 'kept', 1);
    expect(h.of('message.stored').map((e) => [e.clientId, e.reason])).toEqual([
      ['A', 'client-away'],
      ['C', 'client-away'],
    ]);
    expect(d.payloads()).toEqual([]);
    for (const id of ['A', 'C']) {
      const back = h.client(5);
      back.connect({ clientId: id, ...persistent });
      expect(back.payloads()).toEqual(['kept']);
    }
  });
});
