/** Shared setting of the MQTT 3.1.1 conformance tests: a standard broker and 3.1.1 clients. */
import type { Packet, PacketOf } from '../../packets';
import { harness, type Harness } from '../../testing/harness';
import { connectPacket, RawClient } from '../../testing/rawClient';
import type { TestClient } from '../../testing/testClient';

/** A broker with the MQTT standard profile on a virtual clock, packets traced. */
export const standard = (options: Parameters<typeof harness>[0] = {}): Harness =>
  harness({ profile: 'standard', tracePackets: true, ...options });

/** A raw 3.1.1 client, connected (clean session unless told) when a client id is given. */
export function raw(h: Harness, clientId?: string, extra: Partial<PacketOf<'connect'>> = {}) {
  const c = new RawClient(h.broker, 4);
  if (clientId !== undefined) c.send({ ...connectPacket(clientId, 4), ...extra } as Packet);
  return c;
}

/** A 3.1.1 test client, connected. */
export function client(h: Harness, clientId: string, clean = true): TestClient {
  const c = h.client(4);
  c.connect({ clientId, clean });
  return c;
}

/** Packets of one command a raw client received. */
export const got = <C extends Packet['cmd']>(c: { received: Packet[] }, cmd: C): PacketOf<C>[] =>
  c.received.filter((p): p is PacketOf<C> => p.cmd === cmd);

/** The bytes of every packet the broker wrote to one connection, in order. */
export function bytesOut(h: Harness, connId: number): Uint8Array[] {
  return h.of('packet.out').flatMap((e) => (e.connId === connId ? [e.bytes] : []));
}

/** Whether the broker closed the connection for a protocol error. */
export const protocolError = (h: Harness, connId: number): boolean =>
  h.of('protocol.error').some((e) => e.connId === connId);
