import { Buffer } from 'buffer';
import { generate, parser as createParser, type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { AckGate } from './ackGate';
import { concatBytes } from '../broker/bytes';

const bytes = (p: Packet, protocolVersion: 4 | 5 = 4): Uint8Array =>
  new Uint8Array(generate(p, { protocolVersion }));

const concat = (...parts: Uint8Array[]) => concatBytes(parts);

/** The packets in some bytes, as mqtt-packet reads them. */
function decode(data: Uint8Array, protocolVersion: 4 | 5 = 4): Packet[] {
  const packets: Packet[] = [];
  const parser = createParser({ protocolVersion });
  parser.on('packet', (p: Packet) => packets.push(p));
  parser.on('error', (e: Error) => {
    throw e;
  });
  parser.parse(Buffer.from(data));
  return packets;
}

/** Byte values, so that a Buffer and a Uint8Array with the same bytes compare equal. */
const values = (data: Uint8Array | null): number[] | null => (data ? Array.from(data) : null);
const all = (list: Uint8Array[]): number[][] => list.map((b) => Array.from(b));

const puback = (messageId: number): Packet => ({ cmd: 'puback', messageId });
const pubrec = (messageId: number): Packet => ({ cmd: 'pubrec', messageId });
const publish = (messageId: number, payload = 'x'): Packet => ({
  cmd: 'publish',
  topic: 't/x',
  payload: Buffer.from(payload),
  qos: 1,
  dup: false,
  retain: false,
  messageId,
});

describe('AckGate', () => {
  it('not holding: every packet goes out untouched, the same bytes', () => {
    const gate = new AckGate(4);
    for (const data of [
      bytes(puback(1)),
      bytes(pubrec(2)),
      concat(bytes(publish(3)), bytes(puback(4))),
    ]) {
      expect(gate.filter(data)).toBe(data);
    }
    expect(gate.held).toEqual([]);
  });

  it('holding: a PUBACK alone is kept back and nothing is sent', () => {
    const gate = new AckGate(4);
    gate.holding = true;
    const ack = bytes(puback(7));
    expect(gate.filter(ack)).toBeNull();
    expect(gate.held).toMatchObject([{ cmd: 'puback', packetId: 7 }]);
    expect(values(gate.held[0]!.bytes)).toEqual(values(ack));
  });

  it('holding: PUBLISH + PUBACK in one write sends the PUBLISH and keeps the PUBACK', () => {
    const gate = new AckGate(4);
    gate.holding = true;
    const pub = bytes(publish(3, 'hello'));
    const out = gate.filter(concat(pub, bytes(puback(9)), bytes({ cmd: 'pingreq' })));
    expect(values(out)).toEqual(values(concat(pub, bytes({ cmd: 'pingreq' }))));
    expect(gate.held.map((h) => [h.cmd, h.packetId])).toEqual([['puback', 9]]);
  });

  it('holding: a PUBREC (QoS 2) is kept; PUBREL and PUBCOMP go out', () => {
    const gate = new AckGate(4);
    gate.holding = true;
    expect(gate.filter(bytes(pubrec(5)))).toBeNull();
    const rel = bytes({ cmd: 'pubrel', messageId: 4 });
    const comp = bytes({ cmd: 'pubcomp', messageId: 3 });
    expect(values(gate.filter(concat(rel, comp)))).toEqual(values(concat(rel, comp)));
    expect(gate.held).toMatchObject([{ cmd: 'pubrec', packetId: 5 }]);
    expect(all(gate.release())).toEqual(all([bytes(pubrec(5))]));
  });

  it('MQTT 5: acks are held and released as packets the broker reads the same', () => {
    const gate = new AckGate(5);
    gate.holding = true;
    const ack: Packet = { cmd: 'puback', messageId: 11, reasonCode: 0x10 };
    const rec: Packet = { cmd: 'pubrec', messageId: 12, reasonCode: 0 };
    const pub: Packet = { ...publish(1), properties: { messageExpiryInterval: 30 } } as Packet;
    const out = gate.filter(concat(bytes(ack, 5), bytes(pub, 5), bytes(rec, 5)));
    expect(decode(out!, 5)).toMatchObject([
      { cmd: 'publish', messageId: 1, properties: { messageExpiryInterval: 30 } },
    ]);
    expect(gate.held.map((h) => [h.cmd, h.packetId])).toEqual([
      ['puback', 11],
      ['pubrec', 12],
    ]);
    expect(decode(concat(...gate.release()), 5)).toMatchObject([
      { cmd: 'puback', messageId: 11, reasonCode: 0x10 },
      { cmd: 'pubrec', messageId: 12, reasonCode: 0 },
    ]);
  });

  it('holding: bytes that are not whole packets pass untouched', () => {
    const gate = new AckGate(4);
    gate.holding = true;
    const partial = concat(bytes(puback(1)), bytes(publish(2)).subarray(0, 4));
    expect(gate.filter(partial)).toBe(partial);
    const garbage = new Uint8Array([0x00, 0x00]); // packet type 0 is reserved
    expect(gate.filter(garbage)).toBe(garbage);
    expect(gate.held).toEqual([]);
  });

  it('release(n) gives the oldest n acks in order; release() the rest', () => {
    const gate = new AckGate(4);
    gate.holding = true;
    gate.filter(bytes(puback(1)));
    gate.filter(concat(bytes(puback(2)), bytes(pubrec(3))));
    gate.filter(bytes(puback(4)));
    expect(all(gate.release(1))).toEqual(all([bytes(puback(1))]));
    expect(gate.held.map((h) => h.packetId)).toEqual([2, 3, 4]);
    expect(all(gate.release(2))).toEqual(all([bytes(puback(2)), bytes(pubrec(3))]));
    expect(all(gate.release())).toEqual(all([bytes(puback(4))]));
    expect(gate.release()).toEqual([]);
    expect(gate.release(5)).toEqual([]);
  });

  it('stopping holding lets new acks through but keeps the ones already held', () => {
    const gate = new AckGate(4);
    gate.holding = true;
    gate.filter(bytes(puback(1)));
    gate.holding = false;
    const next = bytes(puback(2));
    expect(gate.filter(next)).toBe(next);
    expect(gate.held.map((h) => h.packetId)).toEqual([1]);
  });

  it('forget drops what is held', () => {
    const gate = new AckGate(4);
    gate.holding = true;
    gate.filter(concat(bytes(puback(1)), bytes(puback(2))));
    gate.forget();
    expect(gate.held).toEqual([]);
    expect(gate.release()).toEqual([]);
    expect(gate.holding).toBe(true);
  });
});
