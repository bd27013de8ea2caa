/**
 * MQTT 5.0 §4.3 and §4.4 with the broker as the sender: QoS 0, 1 and 2 to a subscriber,
 * packet ids, what stays unacknowledged, and what is sent again on resume (and only then).
 */
import { describe, expect, it } from 'vitest';
import type { Harness } from '../../harness';
import { RC } from '../../../broker/packets';
import { pair, returnA, std } from './operation-fixtures';

/** First bytes of the PUBLISH packets written to client A (needs `tracePackets`). */
function firstBytesToA(h: Harness): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  for (const e of h.events) {
    if (e.type === 'packet.out' && e.cmd === 'publish' && e.clientId === 'A') out.push(e.bytes[0]);
  }
  return out;
}

describe('MQTT 5 §4.3 QoS flows, broker as sender', () => {
  it('[MQTT-4.3.1-1] QoS 0 goes out as a PUBLISH with QoS 0 and DUP 0', () => {
    const h = std({ tracePackets: true });
    const { a, b } = pair(h, 0);
    b.publish('t/x', 'zero', 0);
    b.publish('t/x', 'one, downgraded', 1);
    expect(a.publishes().map((p) => [p.qos, p.dup, p.messageId])).toEqual([
      [0, false, undefined],
      [0, false, undefined],
    ]);
    // On the wire: first byte 0x30 (PUBLISH, DUP 0, QoS 0, RETAIN 0).
    expect(firstBytesToA(h)).toEqual([0x30, 0x30]);
  });

  it('[MQTT-4.3.2-1] each new QoS 1 message gets a packet id not in use', () => {
    const h = std();
    const { a, b } = pair(h, 1);
    for (let i = 0; i < 4; i++) b.publish('t/x', `m${i}`, 1);
    const first = a.publishes().map((p) => p.messageId);
    expect(new Set(first).size).toBe(4);
    // Free the second id only: the next messages must not take an id still in flight.
    a.send({ cmd: 'puback', messageId: first[1] });
    for (let i = 4; i < 8; i++) b.publish('t/x', `m${i}`, 1);
    const inFlight = [first[0], first[2], first[3]];
    const later = a
      .publishes()
      .slice(4)
      .map((p) => p.messageId);
    expect(later).toHaveLength(4);
    for (const id of later) expect(inFlight).not.toContain(id);
    expect(new Set(later).size).toBe(4);
  });

  it('[MQTT-4.3.2-2] a QoS 1 PUBLISH carries its packet id, QoS 1 and DUP 0', () => {
    const h = std({ tracePackets: true });
    const { a, b } = pair(h, 1);
    b.publish('t/x', 'one', 1);
    const p = a.publishes()[0]!;
    expect([p.qos, p.dup, typeof p.messageId]).toEqual([1, false, 'number']);
    expect(p.messageId).toBeGreaterThan(0);
    expect(firstBytesToA(h)).toEqual([0x32]);
  });

  it('[MQTT-4.3.2-3] a QoS 1 message stays unacknowledged until its PUBACK', () => {
    const h = std();
    const { a, b } = pair(h, 1);
    b.publish('t/x', 'one', 1);
    const id = a.publishes()[0]!.messageId!;
    h.clock.advance(60_000);
    expect(h.of('message.acknowledged')).toEqual([]);
    // A PUBACK for another id does not settle it.
    a.send({ cmd: 'puback', messageId: id + 1 });
    expect(h.of('message.acknowledged')).toEqual([]);
    a.drop();
    const back = returnA(h);
    expect(back.publishes().map((p) => [p.messageId, p.dup])).toEqual([[id, true]]);
    back.send({ cmd: 'puback', messageId: id });
    expect(h.of('message.acknowledged')).toMatchObject([{ clientId: 'A', packetId: id, qos: 1 }]);
    back.drop();
    expect(returnA(h).publishes()).toEqual([]);
  });

  it('[MQTT-4.3.3-1] each new QoS 2 message gets a packet id not in use', () => {
    const h = std();
    const { a, b } = pair(h, 2);
    for (let i = 0; i < 3; i++) b.publish('t/x', `m${i}`, 2);
    const ids = a.publishes().map((p) => p.messageId!);
    expect(new Set(ids).size).toBe(3);
    // A message waiting for PUBCOMP still holds its id.
    a.send({ cmd: 'pubrec', messageId: ids[0] });
    b.publish('t/x', 'm3', 2);
    const next = a.publishes()[3]!.messageId!;
    expect(ids).not.toContain(next);
  });

  it('[MQTT-4.3.3-1] an id waiting for PUBCOMP is skipped when the ids wrap past 65535', () => {
    const h = std();
    const { a, b } = pair(h, 2);
    b.publish('t/x', 'held', 2);
    const held = a.publishes()[0]!.messageId!;
    a.send({ cmd: 'pubrec', messageId: held }); // its PUBREL comes and is held: no PUBCOMP
    expect(a.received.filter((p) => p.cmd === 'pubrel')).toHaveLength(1);
    a.holdAcks = false; // every later message completes at once
    for (let i = 0; i < 65_535; i++) b.publish('t/x', 'x', 2, { messageId: (i % 100) + 1 });
    const ids = a.publishes().map((p) => p.messageId!);
    expect(ids).toHaveLength(65_536);
    expect(ids).toContain(65_535);
    expect(ids.slice(1).filter((id) => id === held)).toEqual([]);
  }, 60_000);

  it('[MQTT-4.3.3-2] a QoS 2 PUBLISH carries its packet id, QoS 2 and DUP 0', () => {
    const h = std({ tracePackets: true });
    const { a, b } = pair(h, 2);
    b.publish('t/x', 'two', 2);
    const p = a.publishes()[0]!;
    expect([p.qos, p.dup]).toEqual([2, false]);
    expect(p.messageId).toBeGreaterThan(0);
    expect(firstBytesToA(h)).toEqual([0x34]);
  });

  it('[MQTT-4.3.3-3] a QoS 2 PUBLISH stays unacknowledged until its PUBREC', () => {
    const h = std();
    const { a, b } = pair(h, 2);
    b.publish('t/x', 'two', 2);
    const id = a.publishes()[0]!.messageId!;
    a.drop();
    const back = returnA(h);
    // No PUBREC came: the PUBLISH itself goes again, same id, DUP 1.
    expect(back.publishes().map((p) => [p.messageId, p.dup, p.qos])).toEqual([[id, true, 2]]);
    expect(back.received.filter((p) => p.cmd === 'pubrel')).toEqual([]);
  });

  it('[MQTT-4.3.3-4] a PUBREC below 0x80 is answered with a PUBREL of the same packet id', () => {
    const h = std();
    const { a, b } = pair(h, 2);
    b.publish('t/x', 'two', 2);
    const id = a.publishes()[0]!.messageId!;
    a.send({ cmd: 'pubrec', messageId: id, reasonCode: RC.noMatchingSubscribers });
    expect(a.last('pubrel')).toMatchObject({ messageId: id });
    expect(a.last('pubrel')?.reasonCode ?? 0).toBe(0);
  });

  it('[MQTT-4.3.3-5] the PUBREL stays unacknowledged until its PUBCOMP', () => {
    const h = std();
    const { a, b } = pair(h, 2);
    b.publish('t/x', 'two', 2);
    const id = a.publishes()[0]!.messageId!;
    a.send({ cmd: 'pubrec', messageId: id });
    expect(h.of('message.acknowledged')).toEqual([]);
    a.drop();
    const back = returnA(h);
    expect(back.received.filter((p) => p.cmd === 'pubrel')).toMatchObject([{ messageId: id }]);
    back.send({ cmd: 'pubcomp', messageId: id });
    expect(h.of('message.acknowledged')).toMatchObject([{ packetId: id, qos: 2 }]);
    back.drop();
    expect(returnA(h).received.filter((p) => p.cmd === 'pubrel')).toEqual([]);
  });

  it('[MQTT-4.3.3-6] once the PUBREL is sent the PUBLISH is never sent again', () => {
    const h = std();
    const { a, b } = pair(h, 2);
    b.publish('t/x', 'two', 2);
    const id = a.publishes()[0]!.messageId!;
    a.send({ cmd: 'pubrec', messageId: id });
    // A repeated PUBREC gets the PUBREL again, not the PUBLISH.
    a.send({ cmd: 'pubrec', messageId: id });
    expect(a.publishes()).toHaveLength(1);
    expect(a.received.filter((p) => p.cmd === 'pubrel')).toHaveLength(2);
    a.drop();
    const back = returnA(h);
    expect(back.publishes()).toEqual([]);
    expect(back.received.filter((p) => p.cmd === 'pubrel')).toMatchObject([{ messageId: id }]);
  });

  it('[MQTT-4.3.3-7] a QoS 2 message once sent is not expired: it is sent again after its expiry', () => {
    const h = std();
    const { a, b } = pair(h, 2);
    b.publish('t/x', 'short', 2, { properties: { messageExpiryInterval: 2 } });
    const id = a.publishes()[0]!.messageId!;
    a.drop();
    h.clock.advance(10_000);
    expect(h.of('message.dropped')).toEqual([]);
    const back = returnA(h);
    expect(back.publishes().map((p) => [p.messageId, p.dup, p.payload.toString()])).toEqual([
      [id, true, 'short'],
    ]);
  });
});

describe('MQTT 5 §4.4 message delivery retry, broker as sender', () => {
  it('[MQTT-4.4.0-1] on resume, unacknowledged PUBLISH and PUBREL go again with their ids; never otherwise', () => {
    const h = std();
    const { a, b } = pair(h, 2);
    b.publish('t/x', 'p1', 2);
    b.publish('t/x', 'p2', 2);
    const [id1, id2] = a.publishes().map((p) => p.messageId!);
    a.send({ cmd: 'pubrec', messageId: id1 });
    // No resend while the connection lives, however long it waits.
    h.clock.advance(3_600_000);
    expect(a.publishes()).toHaveLength(2);
    expect(a.received.filter((p) => p.cmd === 'pubrel')).toHaveLength(1);
    a.drop();
    const back = returnA(h);
    expect(back.received.filter((p) => p.cmd === 'pubrel').map((p) => p.messageId)).toEqual([id1]);
    expect(back.publishes().map((p) => [p.messageId, p.dup, p.payload.toString()])).toEqual([
      [id2, true, 'p2'],
    ]);
    h.clock.advance(3_600_000);
    expect(back.publishes()).toHaveLength(1);
  });

  it('[MQTT-4.4.0-2] a PUBACK or PUBREC of 0x80 or above settles the message: never sent again', () => {
    const h = std();
    const { a, b } = pair(h, 2);
    const c = h.client(5);
    c.holdAcks = true;
    c.connect({ clientId: 'C', clean: false, properties: { sessionExpiryInterval: 3600 } });
    c.subscribe('t/#', 1);
    b.publish('t/x', 'refused', 2);
    const idA = a.publishes()[0]!.messageId!;
    const idC = c.publishes()[0]!.messageId!;
    a.send({ cmd: 'pubrec', messageId: idA, reasonCode: RC.unspecifiedError });
    c.send({ cmd: 'puback', messageId: idC, reasonCode: RC.notAuthorized });
    expect(a.received.filter((p) => p.cmd === 'pubrel')).toEqual([]);
    expect(h.of('message.dropped')).toMatchObject([
      { clientId: 'A', reason: 'rejected-by-client' },
      { clientId: 'C', reason: 'rejected-by-client' },
    ]);
    a.drop();
    c.drop();
    expect(returnA(h).received.filter((p) => p.cmd === 'publish' || p.cmd === 'pubrel')).toEqual(
      [],
    );
    const c2 = h.client(5);
    c2.connect({ clientId: 'C', clean: false, properties: { sessionExpiryInterval: 3600 } });
    expect(c2.publishes()).toEqual([]);
  });
});
