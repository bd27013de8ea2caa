/**
 * MQTT 5.0 §4.12 enhanced authentication: the broker offers no method. A CONNECT naming one is
 * refused (0x8C) and closed; an AUTH packet, at any time, is a protocol error that closes.
 */
import { describe, expect, it } from 'vitest';
import { RC, type PacketOf } from '../../../broker/packets';
import { connectPacket, RawClient } from '../../rawClient';
import { std } from './operation-fixtures';

const withMethod = (clientId: string): PacketOf<'connect'> => ({
  ...(connectPacket(clientId, 5) as PacketOf<'connect'>),
  properties: { authenticationMethod: 'SCRAM-SHA-1', authenticationData: Buffer.from('n,,n=u') },
});

describe('MQTT 5 §4.12 enhanced authentication', () => {
  it('[MQTT-4.12.0-1] an Authentication Method the broker does not support: CONNACK 0x8C, then the connection is closed', () => {
    const h = std();
    const c = new RawClient(h.broker, 5);
    c.send(withMethod('A'));
    expect(c.received.map((p) => p.cmd)).toEqual(['connack']);
    expect(c.received[0]).toMatchObject({ reasonCode: RC.badAuthenticationMethod });
    expect(c.closed).toBe(true);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('[MQTT-4.12.0-4] a refused authentication ends with a CONNACK of 0x80 or above and a closed connection', () => {
    const h = std();
    const c = new RawClient(h.broker, 5);
    c.send(withMethod('A'));
    // An AUTH in answer to the refusal finds the connection gone: nothing more comes back.
    c.send({ cmd: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'SCRAM-SHA-1' } });
    expect(c.received).toHaveLength(1);
    expect((c.received[0] as PacketOf<'connack'>).reasonCode).toBeGreaterThanOrEqual(0x80);
    expect(c.closed).toBe(true);
    expect(h.of('connection.closed')).toMatchObject([{ reason: 'connect-refused' }]);
  });

  it('[MQTT-4.12.0-6] without an Authentication Method in CONNECT: no AUTH and no Authentication Method from the broker', () => {
    const h = std();
    const c = new RawClient(h.broker, 5);
    c.send(connectPacket('A', 5));
    const connack = c.received[0] as PacketOf<'connack'>;
    expect(connack).toMatchObject({ cmd: 'connack', reasonCode: 0 });
    expect(connack.properties?.authenticationMethod).toBeUndefined();
    expect(connack.properties?.authenticationData).toBeUndefined();
    c.send({ cmd: 'auth', reasonCode: 0x19, properties: { authenticationMethod: 'X' } });
    expect(c.received.map((p) => p.cmd)).toEqual(['connack', 'disconnect']);
    expect(c.received.some((p) => p.cmd === 'auth')).toBe(false);
  });

  it('[MQTT-4.12.1-2] a re-authentication (AUTH 0x19) the broker cannot take: DISCONNECT 0x82 and the connection is closed', () => {
    const h = std();
    const c = new RawClient(h.broker, 5);
    c.send(connectPacket('A', 5));
    c.send({ cmd: 'auth', reasonCode: 0x19, properties: { authenticationMethod: 'SCRAM-SHA-1' } });
    expect(c.received[1]).toMatchObject({ cmd: 'disconnect', reasonCode: RC.protocolError });
    expect(c.closed).toBe(true);
    expect(h.of('connection.closed')).toMatchObject([{ clientId: 'A', reason: 'protocol-error' }]);
  });
});
