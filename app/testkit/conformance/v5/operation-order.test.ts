/**
 * MQTT 5.0 §4.6 message ordering: every topic is an Ordered Topic on non-shared subscriptions;
 * messages from one client go to each subscriber in the order they came in, per topic and QoS.
 */
import { describe, expect, it } from 'vitest';
import { pair, returnA, std } from './operation-fixtures';

describe('MQTT 5 §4.6 message ordering', () => {
  it('[MQTT-4.6.0-5] messages from one client on a topic go out in the order received, through a full window and a resume', () => {
    const h = std();
    // Receive Maximum 2: most messages wait in the session behind the window.
    const { a, b } = pair(h, 1, 2);
    const sent: string[] = [];
    for (let i = 0; i < 6; i++) sent.push(`m${i}`);
    for (const m of sent) b.publish('t/x', m, 1);
    expect(a.payloads()).toEqual(['m0', 'm1']);
    a.release(1);
    expect(a.payloads()).toEqual(['m0', 'm1', 'm2']);
    a.drop();
    for (let i = 6; i < 10; i++) b.publish('t/x', `m${i}`, 1);
    const back = returnA(h, false);
    // m1 and m2 were unacknowledged: they go again first, then the rest in order.
    expect(back.payloads()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
  });

  it('[MQTT-4.6.0-5] QoS 2 messages keep their order too', () => {
    const h = std();
    const { a, b } = pair(h, 2, 3);
    for (let i = 0; i < 8; i++) b.publish('t/x', `q${i}`, 2);
    a.release();
    a.release();
    a.release();
    expect(a.payloads()).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7']);
  });

  it('[MQTT-4.6.0-6] every topic is ordered on non-shared subscriptions: a wildcard subscriber gets each topic in order', () => {
    const h = std();
    const { a, b } = pair(h, 1, 1);
    const c = h.client(5);
    c.connect({ clientId: 'C' });
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      for (const t of ['t/a', 't/b', 't/c/d']) {
        (i % 2 ? b : c).publish(t, `${t}#${i}`, 1);
        order.push(`${t}#${i}`);
      }
    }
    while (a.heldAcks.length) a.release(1);
    // One window slot: everything queued, and the whole stream keeps arrival order.
    expect(a.payloads()).toEqual(order);
    for (const t of ['t/a', 't/b', 't/c/d']) {
      const mine = a.payloads().filter((p) => p.startsWith(`${t}#`));
      expect(mine).toEqual([0, 1, 2, 3, 4].map((i) => `${t}#${i}`));
    }
  });
});
