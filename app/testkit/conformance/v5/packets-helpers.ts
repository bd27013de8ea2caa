/** Shared setup for the MQTT 5 conformance tests of sections 3.3 to 3.15 (packets-*.test.ts). */
import type { BrokerOptions } from '../../../broker/broker';
import { harness, type Harness } from '../../harness';
import { connectPacket, RawClient } from '../../rawClient';
import type { Packet, PacketOf } from '../../../broker/packets';

/** A broker with the standard profile (QoS 2, aliases, shared subscriptions) on a virtual clock. */
export function std(options: Omit<BrokerOptions, 'clock' | 'profile'> = {}): Harness {
  return harness({ profile: 'standard', ...options });
}

/** A raw MQTT 5 client, connected (CONNACK received and checked) and with nothing else received. */
export function raw5(
  h: Harness,
  clientId: string,
  properties?: PacketOf<'connect'>['properties'],
): RawClient {
  const c = new RawClient(h.broker, 5);
  c.send({ ...connectPacket(clientId, 5), ...(properties ? { properties } : {}) } as Packet);
  const connack = c.received.find((p) => p.cmd === 'connack') as PacketOf<'connack'> | undefined;
  if (connack?.reasonCode !== 0) throw new Error(`${clientId} was not accepted`);
  c.received.length = 0;
  return c;
}

/** The packets of one command a raw client received, in order. */
export function got<C extends Packet['cmd']>(c: RawClient, cmd: C): PacketOf<C>[] {
  return c.received.filter((p): p is PacketOf<C> => p.cmd === cmd);
}

/** The reason code of the DISCONNECT the broker sent, if it sent one. */
export function disconnectCode(c: RawClient): number | undefined {
  return got(c, 'disconnect')[0]?.reasonCode;
}
