import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import type { Packet } from '../broker/packets';
import { maskCredentials } from './maskCredentials';

/** A CONNECT's bytes as mqtt-packet writes them, and the packet they parse back to. */
function connect(version: 4 | 5, login: { username?: string; password?: string }) {
  const bytes = new Uint8Array(
    mqttPacket.generate(
      {
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: version,
        clientId: 'A',
        clean: false,
        keepalive: 60,
        will: { topic: 'w', payload: Buffer.from('bye'), qos: 0, retain: false },
        ...(version === 5 ? { properties: { sessionExpiryInterval: 300 } } : {}),
        ...(login.username !== undefined ? { username: login.username } : {}),
        ...(login.password !== undefined ? { password: Buffer.from(login.password) } : {}),
      },
      { protocolVersion: version },
    ),
  );
  return { bytes, packet: parse(bytes, version) };
}

function parse(bytes: Uint8Array, version: 4 | 5): Packet {
  const parser = mqttPacket.parser({ protocolVersion: version });
  let packet: Packet | undefined;
  parser.on('packet', (p: Packet) => (packet = p));
  parser.parse(Buffer.from(bytes));
  return packet!;
}

describe('maskCredentials', () => {
  it.each([4, 5] as const)(
    'MQTT %i: user name and password become stars of their length; the rest stays',
    (version) => {
      const { bytes, packet } = connect(version, { username: 'ünïcode-user', password: 'secret' });
      const masked = maskCredentials(bytes, packet);
      const back = parse(masked, version) as Packet & { username?: string; password?: Buffer };
      expect(back.username).toBe('*'.repeat(new TextEncoder().encode('ünïcode-user').length));
      expect(back.password?.toString()).toBe('******');
      expect({ ...back, username: undefined, password: undefined }).toEqual({
        ...packet,
        username: undefined,
        password: undefined,
      });
      // The bytes the log had are not changed in place.
      expect(Buffer.from(bytes).includes('secret')).toBe(true);
    },
  );

  it('a user name alone, no credentials, and other packets', () => {
    const user = connect(5, { username: 'bob' });
    expect(
      (parse(maskCredentials(user.bytes, user.packet), 5) as { username?: string }).username,
    ).toBe('***');
    const none = connect(4, {});
    expect(maskCredentials(none.bytes, none.packet)).toBe(none.bytes);
    const ping = Uint8Array.of(0xc0, 0);
    expect(maskCredentials(ping, { cmd: 'pingreq' } as Packet)).toBe(ping);
  });
});
