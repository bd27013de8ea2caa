// MQTT 5.0 conformance, 3.1.2.11: the client's Maximum Packet Size binds every packet the broker
// sends, not only PUBLISH (which connect-properties.test.ts covers).
import { describe, expect, it } from 'vitest';
import { harness } from '../../harness';
import { open5, publish5 } from './connect-wire';

const filters = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    topic: `t/${i}`,
    qos: 1 as const,
    nl: false,
    rap: false,
    rh: 0 as const,
  }));

describe('MQTT 5 Maximum Packet Size on packets other than PUBLISH (3.1.2.11)', () => {
  it('[MQTT-3.1.2-24] a SUBACK larger than the client allows is not sent; the connection ends with DISCONNECT 0x95', () => {
    const h = harness({ profile: 'standard' });
    const c = open5(h, 'c', { properties: { maximumPacketSize: 20 } });
    // SUBACK for 10 filters: 90 0D, id, property length 0, 10 codes = 15 bytes: fits.
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: filters(10) });
    expect(c.framesOf(9).map((f) => f.length)).toEqual([15]);
    // For 30 filters: 35 bytes, over 20: discarded, and said so.
    c.send({ cmd: 'subscribe', messageId: 2, subscriptions: filters(30) });
    expect(c.framesOf(9)).toHaveLength(1);
    expect(h.of('limit.reached')).toMatchObject([
      { limit: 'client-packet-size', clientId: 'c', value: 35, max: 20 },
    ]);
    for (const f of c.frames) expect(f.length).toBeLessThanOrEqual(20);
    // The client would wait for that SUBACK for ever: the broker says why and closes.
    expect(c.of('disconnect').map((d) => d.reasonCode)).toEqual([0x95]);
    expect(c.closed).toBe(true);
  });

  it('[MQTT-3.1.2-24] [MQTT-3.14.0-1, 5.0] a CONNACK larger than the client allows is not sent; the connection closes without DISCONNECT', () => {
    const h = harness({ profile: 'standard' });
    // The standard profile's CONNACK carries Topic Alias Maximum and more: well over 6 bytes.
    const c = open5(h, 'c', { properties: { maximumPacketSize: 6 } });
    expect(c.frames).toEqual([]);
    expect(h.of('limit.reached')[0]).toMatchObject({ limit: 'client-packet-size', max: 6 });
    expect(h.of('limit.reached')[0]!.value).toBeGreaterThan(6);
    expect(c.closed).toBe(true);
    expect(h.of('protocol.error').map((e) => e.reasonCode)).toEqual([undefined]);
  });

  it('[MQTT-3.1.2-24] [MQTT-3.14.2-3] a DISCONNECT loses its Reason String rather than pass the maximum', () => {
    const h = harness({ profile: 'standard' });
    const c = open5(h, 'c', { properties: { maximumPacketSize: 40 } });
    // A Subscription Identifier from a client is a protocol error, with a long reason.
    c.send(publish5('t', 'x', 0, { properties: { subscriptionIdentifier: 3 } }));
    const disconnect = c.of('disconnect')[0];
    expect(disconnect?.reasonCode).toBe(0x82);
    expect(disconnect?.properties?.reasonString).toBeUndefined();
    for (const f of c.frames) expect(f.length).toBeLessThanOrEqual(40);
    expect(c.of('connack')).toHaveLength(1);
    expect(h.of('limit.reached')).toEqual([]);
  });
});
