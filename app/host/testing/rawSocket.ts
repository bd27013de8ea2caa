import { connect as netConnect, type Socket } from 'node:net';
import { generate, parser as createParser } from 'mqtt-packet';
import type { Packet, PacketOf } from '../../broker/packets';
import { LOOPBACK } from './hostEnv';

/**
 * A TCP client that sends exactly the packets it is given and answers nothing by itself: for
 * what mqtt.js will not send (an AUTH unasked, QoS 2 without PUBREL). Packets it receives are
 * decoded and kept in order.
 */
export interface RawSocket {
  readonly received: Packet[];
  /** True once the host closed (or either side ended) the socket. */
  readonly closed: boolean;
  send(packet: Packet | Uint8Array): void;
  of<C extends Packet['cmd']>(cmd: C): PacketOf<C>[];
  /** Every byte received so far, as it came (for what decoding would hide, such as order). */
  bytes(): Buffer;
  destroy(): void;
}

/** Opens a raw socket to the host on 127.0.0.1 and waits until it is connected. */
export function rawSocket(port: number, version: 4 | 5 = 5): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const received: Packet[] = [];
    const chunks: Buffer[] = [];
    let closed = false;
    const parser = createParser({ protocolVersion: version });
    parser.on('packet', (p: Packet) => received.push(p));
    const socket: Socket = netConnect(port, LOOPBACK, () =>
      resolve({
        received,
        get closed() {
          return closed;
        },
        send: (packet) =>
          socket.write(
            packet instanceof Uint8Array ? packet : generate(packet, { protocolVersion: version }),
          ),
        of: <C extends Packet['cmd']>(cmd: C) =>
          received.filter((p): p is PacketOf<C> => p.cmd === cmd),
        bytes: () => Buffer.concat(chunks),
        destroy: () => socket.destroy(),
      }),
    );
    socket.on('data', (bytes: Buffer) => {
      chunks.push(bytes);
      parser.parse(bytes);
    });
    socket.once('close', () => (closed = true));
    socket.once('end', () => (closed = true));
    socket.on('error', (e) => {
      closed = true;
      reject(e);
    });
  });
}

/** A CONNECT for a raw socket: clean, no keep-alive unless given. */
export function connectOf(
  clientId: string,
  properties: PacketOf<'connect'>['properties'] = {},
  keepalive = 0,
): Packet {
  return {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 5,
    clientId,
    clean: true,
    keepalive,
    properties,
  };
}
