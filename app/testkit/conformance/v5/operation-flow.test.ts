/**
 * MQTT 5.0 §4.9 flow control: the broker's send quota toward a client starts at the client's
 * Receive Maximum, stops QoS 1 and 2 at zero, and leaves every other packet flowing.
 */
import { describe, expect, it } from 'vitest';
import { pair, std } from './operation-fixtures';

describe('MQTT 5 §4.9 flow control', () => {
  it('[MQTT-4.9.0-1] the send quota starts non-zero and no larger than the Receive Maximum', () => {
    for (const max of [1, 3, 7]) {
      const h = std();
      const { a, b } = pair(h, 2, max);
      for (let i = 0; i < 10; i++) b.publish('t/x', `m${i}`, i % 2 ? 1 : 2);
      expect(a.publishes()).toHaveLength(max);
    }
    // No Receive Maximum: 65,535 is the client's; the broker sends (well over 10) at once.
    const h = std();
    const { a, b } = pair(h, 1);
    for (let i = 0; i < 50; i++) b.publish('t/x', `m${i}`, 1);
    expect(a.publishes()).toHaveLength(50);
  });

  it('[MQTT-4.9.0-2] each QoS 1 or 2 PUBLISH uses quota; at zero no more go until an ack returns some', () => {
    const h = std();
    const { a, b } = pair(h, 2, 2);
    b.publish('t/x', 'q1', 1);
    b.publish('t/x', 'q2', 2);
    b.publish('t/x', 'q3', 1);
    b.publish('t/x', 'q4', 2);
    expect(a.payloads()).toEqual(['q1', 'q2']);
    h.clock.advance(60_000);
    expect(a.payloads()).toEqual(['q1', 'q2']);
    // PUBACK returns one; a PUBREC does not (QoS 2 holds quota until PUBCOMP).
    a.send({ cmd: 'puback', messageId: a.publishes()[0]!.messageId });
    expect(a.payloads()).toEqual(['q1', 'q2', 'q3']);
    const q2 = a.publishes()[1]!.messageId!;
    a.send({ cmd: 'pubrec', messageId: q2 });
    expect(a.payloads()).toHaveLength(3);
    a.send({ cmd: 'pubcomp', messageId: q2 });
    expect(a.payloads()).toEqual(['q1', 'q2', 'q3', 'q4']);
  });

  it('[MQTT-4.9.0-3] with no quota left, the broker still answers every other packet', () => {
    const h = std();
    const { a, b } = pair(h, 1, 1);
    b.publish('t/x', 'm0', 1);
    b.publish('t/x', 'm1', 1);
    expect(a.publishes()).toHaveLength(1);
    const before = a.received.length;
    a.send({ cmd: 'pingreq' });
    expect(a.subscribe('u/#', 1)).toEqual([1]);
    expect(a.unsubscribe('u/#')?.cmd).toBe('unsuback');
    a.publish('v/x', 'from A', 1, { messageId: 900 });
    a.publish('v/x', 'from A', 2, { messageId: 901 });
    const answers = a.received.slice(before).map((p) => [p.cmd, p.messageId]);
    expect(answers).toEqual([
      ['pingresp', undefined],
      ['suback', expect.any(Number)],
      ['unsuback', expect.any(Number)],
      ['puback', 900],
      ['pubrec', 901],
      ['pubcomp', 901],
    ]);
    expect(a.publishes()).toHaveLength(1);
    expect(a.connected).toBe(true);
  });
});
