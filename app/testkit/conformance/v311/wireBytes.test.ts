// MQTT 3.1.1: packets longer than their fields, and the QoS 2 flows a session may hold.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { Packet } from '../../../broker/packets';
import { connectPacket, RawClient } from '../../rawClient';
import { client, got, raw, standard } from './v311Kit';

describe('MQTT 3.1.1: what only the bytes show', () => {
  it('[MQTT-4.8.0-1, 3.1.1] a DISCONNECT with a body is malformed, not a normal end: the Will is published', () => {
    const h = standard();
    const watcher = client(h, 'w');
    watcher.subscribe('will/c', 0);
    const c = raw(h, 'c', {
      will: { topic: 'will/c', payload: Buffer.from('gone'), qos: 0, retain: false },
    });
    c.send(Uint8Array.from([0xe0, 0x02, 0x00, 0x00]));
    expect(c.closed).toBe(true);
    expect(watcher.payloads()).toEqual(['gone']);
    expect(h.of('protocol.error')).toHaveLength(1);
  });

  it('[MQTT-4.3.3-2, 3.1.1] the QoS 2 flows a session holds awaiting PUBREL stay bounded across connections', () => {
    const h = standard({ overrides: { receiveMaximum: 3 } });
    const persistent = { ...connectPacket('c', 4), clean: false } as Packet;
    const publish = (c: RawClient, id: number) =>
      c.send({
        cmd: 'publish',
        topic: 't',
        payload: Buffer.from('x'),
        qos: 2,
        retain: false,
        dup: false,
        messageId: id,
      });
    for (let round = 0; round < 3; round++) {
      const c = new RawClient(h.broker, 4);
      c.send(persistent);
      // Round 0 fills the bound; later rounds may only resend those ids (PUBREC, not routed).
      publish(c, 1);
      publish(c, 2);
      publish(c, 3);
      expect(got(c, 'pubrec').map((p) => p.messageId)).toEqual([1, 2, 3]);
      publish(c, 10 + round);
      expect(c.closed).toBe(true);
    }
    expect(h.of('message.published')).toHaveLength(3);
  });
});
