/**
 * MQTT 5.0 §4.13 handling errors: a Malformed Packet or a Protocol Error closes the connection,
 * and a CONNACK or DISCONNECT with a Reason Code of 0x80 or above is always followed by closing.
 */
import { describe, expect, it } from 'vitest';
import { RC, type PacketOf } from '../../../broker/packets';
import { connectPacket, gen, hex, RawClient } from '../../rawClient';
import { std } from './operation-fixtures';

function connected() {
  const h = std();
  const c = new RawClient(h.broker, 5);
  c.send(connectPacket('A', 5));
  return { h, c };
}

describe('MQTT 5 §4.13 handling errors', () => {
  it('[MQTT-4.13.1-1] a Malformed Packet closes the connection (DISCONNECT 0x81 first)', () => {
    // PUBREL with wrong reserved flags, a 5-byte Remaining Length, a topic longer than the packet.
    const cases = [hex('60 02 00 01'), hex('c0 ff ff ff ff 01'), hex('30 02 00 05')];
    for (const bytes of cases) {
      const { h, c } = connected();
      c.send(bytes);
      expect(c.received[1]).toMatchObject({ cmd: 'disconnect', reasonCode: RC.malformedPacket });
      expect(c.closed).toBe(true);
      expect(h.of('connection.closed')).toMatchObject([{ reason: 'protocol-error' }]);
    }
  });

  it('[MQTT-4.13.1-1] a Protocol Error closes the connection (DISCONNECT 0x82 first)', () => {
    // A second CONNECT, a PINGRESP from a client, a SUBSCRIBE with no topic filter, and a
    // PUBLISH whose Payload Format Indicator is 2 (mqtt-packet reads it as true: it went on as 1).
    const cases = [
      gen(connectPacket('A', 5), 5),
      gen({ cmd: 'pingresp' }, 5),
      hex('82 03 00 01 00'),
      hex('30 07 0001 74 02 01 02 78'),
    ];
    for (const bytes of cases) {
      const { c } = connected();
      c.send(bytes);
      expect(c.received[1]).toMatchObject({ cmd: 'disconnect', reasonCode: RC.protocolError });
      expect(c.closed).toBe(true);
    }
  });

  it('[MQTT-4.13.2-1] after a CONNACK or DISCONNECT of 0x80 or above the connection is closed', () => {
    const h = std();
    // CONNACK 0x82: Receive Maximum 0 is a protocol error.
    const refused = new RawClient(h.broker, 5);
    refused.send({
      ...connectPacket('R', 5),
      properties: { receiveMaximum: 0 },
    } as PacketOf<'connect'>);
    expect(refused.received).toMatchObject([{ cmd: 'connack', reasonCode: RC.protocolError }]);
    expect(refused.closed).toBe(true);
    // DISCONNECT 0x8E: the session was taken over by a new connection.
    const first = new RawClient(h.broker, 5);
    first.send(connectPacket('A', 5));
    const second = new RawClient(h.broker, 5);
    second.send(connectPacket('A', 5));
    expect(first.received[1]).toMatchObject({ cmd: 'disconnect', reasonCode: RC.sessionTakenOver });
    expect(first.closed).toBe(true);
    // DISCONNECT 0x8D: keep-alive timeout.
    const silent = new RawClient(h.broker, 5);
    silent.send({ ...connectPacket('S', 5), keepalive: 2 } as PacketOf<'connect'>);
    h.clock.advance(3_000);
    expect(silent.received[1]).toMatchObject({
      cmd: 'disconnect',
      reasonCode: RC.keepAliveTimeout,
    });
    expect(silent.closed).toBe(true);
    // Whatever the client sends after that is not read.
    const before = h.events.length;
    silent.send({ cmd: 'pingreq' });
    expect(silent.received).toHaveLength(2);
    expect(h.events.slice(before).filter((e) => e.type === 'protocol.error')).toEqual([]);
  });
});
