/** Shared setting of the MQTT 3.1.1 conformance tests: a standard broker and 3.1.1 clients. */
import type { Packet, PacketOf } from '../../../broker/packets';
import { harness, type Harness } from '../../harness';
import { connectPacket, RawClient } from '../../rawClient';
import type { TestClient } from '../../testClient';

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

/** What the broker wrote to one connection, packet by packet, in order (needs tracePackets). */
export function packetsOut(h: Harness, connId: number): { cmd: string; bytes: Uint8Array }[] {
  const out: { cmd: string; bytes: Uint8Array }[] = [];
  for (const e of h.events) {
    if (e.type === 'packet.out' && e.connId === connId) out.push({ cmd: e.cmd, bytes: e.bytes });
  }
  return out;
}

/** The bytes of every packet the broker wrote to one connection, in order. */
export const bytesOut = (h: Harness, connId: number): Uint8Array[] =>
  packetsOut(h, connId).map((p) => p.bytes);

/** Whether the broker closed the connection for a protocol error. */
export const protocolError = (h: Harness, connId: number): boolean =>
  h.of('protocol.error').some((e) => e.connId === connId);
