/**
 * MQTT 3.1.1 statements that bind the client, after CONNECT: SUBSCRIBE and UNSUBSCRIBE
 * payloads, topic filter wildcards, and packets after DISCONNECT. A client that breaks one is
 * refused: the connection is closed, or the filter is refused in the SUBACK (0x80).
 */
import { describe, expect, it } from 'vitest';
import { hex } from '../../rawClient';
import { client, got, protocolError, raw, standard } from './v311Kit';

/** A connected raw client sends `bytes`; what happened to the connection. */
function afterSending(bytes: string) {
  const h = standard();
  const c = raw(h, 'sender');
  expect(got(c, 'connack')).toHaveLength(1);
  c.send(hex(bytes));
  return {
    closed: c.closed,
    protocolError: protocolError(h, c.connId),
    answered: c.received.slice(1).map((p) => p.cmd),
    subscriptions: h.broker.sessions()[0]?.subscriptions.length ?? 0,
  };
}

const closed = { closed: true, protocolError: true, answered: [], subscriptions: 0 };

/** The SUBACK return codes a connected client gets for these filters (QoS 1 asked). */
function granted(filters: string[]) {
  const h = standard();
  const c = raw(h, 'subscriber');
  c.send({
    cmd: 'subscribe',
    messageId: 7,
    subscriptions: filters.map((topic) => ({ topic, qos: 1 })),
  });
  expect(c.closed).toBe(false);
  return got(c, 'suback')[0]?.granted;
}

describe('MQTT 3.1.1 client statements: SUBSCRIBE, UNSUBSCRIBE, DISCONNECT', () => {
  it('[MQTT-3.8.3-1] a SUBSCRIBE Topic Filter that is not well-formed UTF-8 closes the connection, no SUBACK', () => {
    expect(afterSending('82 06 00 01 00 01 ff 00')).toEqual(closed); // 0xFF
    expect(afterSending('82 08 00 01 00 03 ed b0 80 00')).toEqual(closed); // U+DC00
    expect(afterSending('82 07 00 01 00 02 61 00 00')).toEqual(closed); // "a\0"
    // One bad filter among good ones: nothing of the packet is granted.
    expect(afterSending('82 0a 00 01 00 01 61 00 00 01 ff 00')).toEqual(closed);
    expect(afterSending('82 06 00 01 00 01 61 00')).toEqual({
      closed: false,
      protocolError: false,
      answered: ['suback'],
      subscriptions: 1,
    });
  });

  it('[MQTT-3.8.3-3] a SUBSCRIBE with no Topic Filter / QoS pair closes the connection, no SUBACK', () => {
    expect(afterSending('82 02 00 01')).toEqual(closed); // packet id only
    expect(afterSending('82 05 00 01 00 01 61')).toEqual(closed); // a filter without its QoS byte
  });

  it('[MQTT-3.10.3-1] UNSUBSCRIBE Topic Filters not well-formed UTF-8, or not packed contiguously: closed, no UNSUBACK', () => {
    expect(afterSending('a2 05 00 01 00 01 ff')).toEqual(closed); // 0xFF
    expect(afterSending('a2 07 00 01 00 03 ed a0 80')).toEqual(closed); // U+D800
    // A byte between filters (a QoS byte, as in SUBSCRIBE): the next length runs past the end.
    expect(afterSending('a2 0a 00 01 00 01 61 01 00 01 62 00')).toEqual(closed);
    expect(afterSending('a2 06 00 01 00 01 61 01')).toEqual(closed); // a stray byte at the end
    expect(afterSending('a2 05 00 01 00 01 61')).toMatchObject({
      closed: false,
      answered: ['unsuback'],
    });
  });

  it('[MQTT-3.10.3-2] an UNSUBSCRIBE with no Topic Filter closes the connection, no UNSUBACK', () => {
    const h = standard();
    const c = raw(h, 'unsub', { clean: false });
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 0 }] });
    c.send(hex('a2 02 00 02')); // packet id only
    expect(c.closed).toBe(true);
    expect(protocolError(h, c.connId)).toBe(true);
    expect(c.received.map((p) => p.cmd)).toEqual(['connack', 'suback']);
    // Nothing was removed: the session kept after the connection still has its subscription.
    expect(h.broker.sessions()[0]?.subscriptions.map((s) => s.filter)).toEqual(['a']);
  });

  it('[MQTT-3.14.4-2] packets sent after DISCONNECT on the same connection are not processed', () => {
    const h = standard();
    const sub = client(h, 'listener');
    sub.subscribe('t', 1);
    const c = raw(h, 'leaver');
    // DISCONNECT, then a QoS 1 PUBLISH and a SUBSCRIBE in the same write.
    c.send(hex('e0 00  32 06 00 01 74 00 01 78  82 06 00 02 00 01 74 00'));
    expect(c.closed).toBe(true);
    expect(c.received.map((p) => p.cmd)).toEqual(['connack']); // no PUBACK, no SUBACK
    expect(got(sub, 'publish')).toEqual([]);
    // A write after the DISCONNECT is not taken either.
    c.send(hex('30 04 00 01 74 79'));
    expect(got(sub, 'publish')).toEqual([]);
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-4.7.1-2] a multi-level wildcard not alone or after a separator, or not last: SUBACK 0x80 for that filter', () => {
    expect(granted(['a/#/b', 'a#', '#/a', 'a/b#', '##', '#', 'a/#', '/#'])).toEqual([
      0x80, 0x80, 0x80, 0x80, 0x80, 1, 1, 1,
    ]);
  });

  it('[MQTT-4.7.1-3] a single-level wildcard that does not fill a whole level: SUBACK 0x80 for that filter', () => {
    expect(granted(['a+', '+a', 'a/+b/c', 'a/b+', '++', '+', 'a/+/c', '+/+', '/+'])).toEqual([
      0x80, 0x80, 0x80, 0x80, 0x80, 1, 1, 1, 1,
    ]);
  });
});
