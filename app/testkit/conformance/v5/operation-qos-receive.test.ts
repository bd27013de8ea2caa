/**
 * MQTT 5.0 §4.3 with the broker as the receiver: PUBACK, PUBREC, PUBCOMP with the packet id
 * of the client's packet, exactly once for QoS 2, and when a packet id means a new message.
 */
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { RC, type Packet, type PacketOf, type QoS } from '../../../broker/packets';
import { connectPacket, RawClient } from '../../rawClient';
import type { Harness } from '../../harness';
import { std } from './operation-fixtures';

/** A raw MQTT 5 publisher P (answers nothing by itself) and a subscriber S on `t/#` at QoS 2. */
function setup(h: Harness) {
  const s = h.client(5);
  s.connect({ clientId: 'S' });
  s.subscribe('t/#', 2);
  const p = new RawClient(h.broker, 5);
  p.send(connectPacket('P', 5));
  const publish = (messageId: number, qos: QoS, payload: string, topic = 't/x', dup = false) =>
    p.send({
      cmd: 'publish',
      topic,
      payload: Buffer.from(payload),
      qos,
      messageId,
      dup,
      retain: false,
    });
  const acks = (cmd: Packet['cmd']) =>
    p.received.filter((x) => x.cmd === cmd) as PacketOf<'puback'>[];
  return { s, p, publish, acks };
}

describe('MQTT 5 §4.3 QoS flows, broker as receiver', () => {
  it('[MQTT-4.3.2-4] a QoS 1 PUBLISH is answered with a PUBACK of its packet id, after the broker took the message', () => {
    const h = std();
    const { s, publish, acks } = setup(h);
    publish(77, 1, 'one');
    expect(acks('puback')).toMatchObject([{ messageId: 77 }]);
    expect(acks('puback')[0]!.reasonCode ?? 0).toBe(0);
    expect(s.payloads()).toEqual(['one']);
    expect(h.of('message.published')).toHaveLength(1);
  });

  it('[MQTT-4.3.2-5] after its PUBACK, a PUBLISH with the same packet id is a new message, DUP or not', () => {
    const h = std();
    const { s, publish, acks } = setup(h);
    publish(5, 1, 'first');
    publish(5, 1, 'second', 't/x', true);
    publish(5, 1, 'third');
    expect(acks('puback').map((a) => a.messageId)).toEqual([5, 5, 5]);
    expect(s.payloads()).toEqual(['first', 'second', 'third']);
  });

  it('[MQTT-4.3.3-8] a QoS 2 PUBLISH is answered with a PUBREC of its packet id, after the broker took the message', () => {
    const h = std();
    const { s, publish, acks } = setup(h);
    publish(300, 2, 'two');
    expect(acks('pubrec')).toMatchObject([{ messageId: 300 }]);
    expect(acks('pubrec')[0]!.reasonCode ?? 0).toBe(0);
    expect(s.payloads()).toEqual(['two']);
  });

  it('[MQTT-4.3.3-9] after a PUBREC of 0x80 or above, a PUBLISH with that packet id is a new message', () => {
    const h = std({ access: { denyPublish: ['t/denied'], denySubscribe: [] } });
    const { s, publish, acks } = setup(h);
    publish(9, 2, 'refused', 't/denied');
    expect(acks('pubrec')).toMatchObject([{ messageId: 9, reasonCode: RC.notAuthorized }]);
    // The same id again, no PUBREL between: a new message, taken and routed.
    publish(9, 2, 'taken', 't/x');
    expect(acks('pubrec')[1]).toMatchObject({ messageId: 9 });
    expect(acks('pubrec')[1]!.reasonCode ?? 0).toBe(0);
    expect(s.payloads()).toEqual(['taken']);
  });

  it('[MQTT-4.3.3-10] until PUBREL, a repeated QoS 2 PUBLISH gets PUBREC again and is not delivered twice', () => {
    const h = std();
    const { s, p, publish, acks } = setup(h);
    publish(12, 2, 'once');
    publish(12, 2, 'once', 't/x', true);
    publish(12, 2, 'once', 't/x', true);
    expect(acks('pubrec').map((a) => a.messageId)).toEqual([12, 12, 12]);
    expect(s.payloads()).toEqual(['once']);
    expect(h.of('message.published')).toHaveLength(1);
    p.send({ cmd: 'pubrel', messageId: 12 });
    expect(s.payloads()).toEqual(['once']);
  });

  it('[MQTT-4.3.3-11] a PUBREL is answered with a PUBCOMP of the same packet id', () => {
    const h = std();
    const { p, publish, acks } = setup(h);
    publish(4242, 2, 'two');
    p.send({ cmd: 'pubrel', messageId: 4242 });
    expect(acks('pubcomp')).toMatchObject([{ messageId: 4242 }]);
    expect(acks('pubcomp')[0]!.reasonCode ?? 0).toBe(0);
  });

  it('[MQTT-4.3.3-12] after its PUBCOMP, a PUBLISH with that packet id is a new message', () => {
    const h = std();
    const { s, p, publish, acks } = setup(h);
    publish(8, 2, 'first');
    p.send({ cmd: 'pubrel', messageId: 8 });
    publish(8, 2, 'second');
    expect(acks('pubrec').map((a) => a.messageId)).toEqual([8, 8]);
    expect(s.payloads()).toEqual(['first', 'second']);
    p.send({ cmd: 'pubrel', messageId: 8 });
    expect(acks('pubcomp').map((a) => [a.messageId, a.reasonCode ?? 0])).toEqual([
      [8, 0],
      [8, 0],
    ]);
  });

  it('[MQTT-4.3.3-13] the QoS 2 acknowledgements go on after the message expired', () => {
    const h = std();
    // The only subscriber is away: its copy expires before the publisher's PUBREL.
    const away = h.client(5);
    away.connect({ clientId: 'S', clean: false, properties: { sessionExpiryInterval: 3600 } });
    away.subscribe('t/#', 2);
    away.disconnect();
    const p = new RawClient(h.broker, 5);
    p.send(connectPacket('P', 5));
    p.send({
      cmd: 'publish',
      topic: 't/x',
      payload: Buffer.from('short'),
      qos: 2,
      messageId: 21,
      dup: false,
      retain: false,
      properties: { messageExpiryInterval: 1 },
    });
    expect(p.received.filter((x) => x.cmd === 'pubrec')).toMatchObject([{ messageId: 21 }]);
    h.clock.advance(5_000);
    expect(h.of('message.dropped')).toMatchObject([{ clientId: 'S', reason: 'expired' }]);
    p.send({ cmd: 'pubrel', messageId: 21 });
    const pubcomp = p.received.find((x) => x.cmd === 'pubcomp') as PacketOf<'pubcomp'>;
    expect(pubcomp).toMatchObject({ messageId: 21 });
    expect(pubcomp.reasonCode ?? 0).toBe(0);
    expect(p.closed).toBe(false);
  });
});
