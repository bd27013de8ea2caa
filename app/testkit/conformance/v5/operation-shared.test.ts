/**
 * MQTT 5.0 §4.8.2 shared subscriptions: the member's granted QoS, a QoS 2 delivery finished
 * with the member it was sent to, and a message never passed on to another member.
 */
import { describe, expect, it } from 'vitest';
import { RC } from '../../../broker/packets';
import type { Harness } from '../../harness';
import type { TestClient } from '../../testClient';
import { persistent, std } from './operation-fixtures';

/** Two members of `$share/g/t/#` (A, C; persistent, acks held) at `qos`, and publisher B. */
function group(h: Harness, qos: 0 | 1 | 2, expiry = 3600) {
  const member = (id: string): TestClient => {
    const c = h.client(5);
    c.holdAcks = true;
    c.connect({ clientId: id, clean: false, properties: { sessionExpiryInterval: expiry } });
    c.subscribe('$share/g/t/#', qos);
    return c;
  };
  const a = member('A');
  const c = member('C');
  const b = h.client(5);
  b.connect({ clientId: 'B' });
  return { a, c, b };
}

describe('MQTT 5 §4.8.2 shared subscriptions', () => {
  it('[MQTT-4.8.2-3] a member gets the message at no more than the QoS granted to its subscription', () => {
    const h = std();
    const { a, c, b } = group(h, 1);
    b.publish('t/x', 'two', 2);
    b.publish('t/y', 'two', 2);
    b.publish('t/z', 'zero', 0);
    expect([...a.publishes(), ...c.publishes()].map((p) => p.qos).sort()).toEqual([0, 1, 1]);
    const z = h.client(5);
    z.connect({ clientId: 'Z' });
    expect(z.subscribe('$share/h/t/#', 0)).toEqual([0]);
    b.publish('t/x', 'two', 2);
    expect(z.publishes().map((p) => p.qos)).toEqual([0]);
  });

  it('[MQTT-4.8.2-4] a QoS 2 delivery cut off by a broken connection is completed with that member on its return', () => {
    const h = std();
    const { a, c, b } = group(h, 2);
    b.publish('t/x', 'two', 2);
    const [holder, other] = a.publishes().length ? [a, c] : [c, a];
    const id = holder.publishes()[0]!.messageId!;
    const holderId = holder === a ? 'A' : 'C';
    holder.drop();
    // Nothing goes to the other member meanwhile.
    h.clock.advance(60_000);
    expect(other.publishes()).toEqual([]);
    const back = h.client(5);
    back.connect({ clientId: holderId, ...persistent });
    expect(back.publishes().map((p) => [p.messageId, p.dup, p.payload.toString()])).toEqual([
      [id, true, 'two'],
    ]);
    // The rest of the flow: PUBREC, PUBREL, PUBCOMP.
    expect(back.last('pubrel')).toMatchObject({ messageId: id });
    expect(h.of('message.acknowledged')).toMatchObject([{ clientId: holderId, qos: 2 }]);
    expect(other.publishes()).toEqual([]);
  });

  it('[MQTT-4.8.2-5] if the member session ends before it returns, the message is not sent to another member', () => {
    const h = std();
    const { a, c, b } = group(h, 1, 10);
    b.publish('t/x', 'one', 1);
    const [holder, other] = a.publishes().length ? [a, c] : [c, a];
    const holderId = holder === a ? 'A' : 'C';
    holder.drop();
    h.clock.advance(10_000);
    expect(h.of('session.expired')).toMatchObject([{ clientId: holderId, discardedMessages: 1 }]);
    h.clock.advance(60_000);
    other.release();
    expect(other.publishes()).toEqual([]);
    expect(h.of('message.sent').map((e) => e.clientId)).toEqual([holderId]);
  });

  it('[MQTT-4.8.2-6] a PUBACK or PUBREC of 0x80 or above from a member discards the message: no other member gets it', () => {
    for (const qos of [1, 2] as const) {
      const h = std();
      const { a, c, b } = group(h, qos);
      b.publish('t/x', 'refused', qos);
      const [holder, other] = a.publishes().length ? [a, c] : [c, a];
      const id = holder.publishes()[0]!.messageId!;
      holder.send({
        cmd: qos === 1 ? 'puback' : 'pubrec',
        messageId: id,
        reasonCode: RC.unspecifiedError,
      });
      expect(h.of('message.dropped')).toMatchObject([{ reason: 'rejected-by-client' }]);
      h.clock.advance(60_000);
      expect(other.publishes()).toEqual([]);
      expect(holder.publishes()).toHaveLength(1);
      holder.drop();
      const back = h.client(5);
      back.connect({ clientId: holder === a ? 'A' : 'C', ...persistent });
      expect(back.publishes()).toEqual([]);
    }
  });
});
