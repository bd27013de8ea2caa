import fc from 'fast-check';
import { generate } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { createDecoder, encode } from './codec';
import type { Packet, ProtocolVersion } from './packets';

/**
 * The broker encodes through mqtt-packet's writeToStream into a plain sink (codec.ts) rather
 * than `generate`; the bytes must be exactly `generate`'s, whatever the packet.
 */
const reference = (packet: Packet, version: ProtocolVersion) =>
  generate(packet, { protocolVersion: version });

/** Byte equality without a deep comparison of megabytes (the hex shows a small mismatch). */
function expectSame(actual: Uint8Array | Error, expected: Buffer): void {
  expect(actual).toBeInstanceOf(Uint8Array);
  const bytes = Buffer.from(actual as Uint8Array);
  if (!bytes.equals(expected)) {
    expect(bytes.subarray(0, 64).toString('hex')).toBe(expected.subarray(0, 64).toString('hex'));
    expect(bytes.length).toBe(expected.length);
    expect(bytes.equals(expected)).toBe(true);
  }
}

const version = fc.constantFrom<ProtocolVersion>(3, 4, 5);

describe('codec.encode equals mqtt-packet generate, byte for byte', () => {
  it('PUBLISH: any topic, payload size, QoS, packet id, DUP and RETAIN', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.integer({ min: 16_370, max: 16_400 }).map((n) => new Uint8Array(n).fill(7)),
        ),
        fc.constantFrom<0 | 1 | 2>(0, 1, 2),
        fc.integer({ min: 1, max: 65_535 }),
        fc.boolean(),
        fc.boolean(),
        version,
        (topic, payload, qos, messageId, dup, retain, v) => {
          const packet = {
            cmd: 'publish',
            topic,
            payload: Buffer.from(payload),
            qos,
            dup,
            retain,
            ...(qos > 0 ? { messageId } : {}),
          } as Packet;
          expectSame(encode(packet, v), reference(packet, v));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('PUBLISH with a payload larger than 127 and 16383 bytes (2- and 3-byte lengths), and a Uint8Array payload', () => {
    for (const size of [0, 1, 121, 122, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152]) {
      for (const v of [4, 5] as const) {
        const packet = {
          cmd: 'publish',
          topic: 't/é/🚀',
          payload: new Uint8Array(size).fill(1),
          qos: 1,
          messageId: 513,
          dup: false,
          retain: false,
        } as unknown as Packet;
        const ref = reference(
          { ...packet, payload: Buffer.from(new Uint8Array(size).fill(1)) } as Packet,
          v,
        );
        expectSame(encode(packet, v), ref);
      }
    }
  });

  it('PUBLISH with MQTT 5 properties is left to mqtt-packet', () => {
    const packet = {
      cmd: 'publish',
      topic: 'a',
      payload: Buffer.from('x'),
      qos: 1,
      messageId: 9,
      dup: false,
      retain: false,
      properties: { messageExpiryInterval: 30, subscriptionIdentifier: [4] },
    } as Packet;
    expectSame(encode(packet, 5), reference(packet, 5));
  });

  it('PUBACK: any packet id, with and without an MQTT 5 reason code', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 65_535 }),
        fc.option(fc.constantFrom(0, 0x10, 0x80, 0x87, 0x97), { nil: undefined }),
        version,
        (messageId, reasonCode, v) => {
          const packet = (
            reasonCode === undefined
              ? { cmd: 'puback', messageId }
              : { cmd: 'puback', messageId, reasonCode }
          ) as Packet;
          expectSame(encode(packet, v), reference(packet, v));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('what mqtt-packet refuses is still refused (an Error, not bytes)', () => {
    const bad = { cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 1 } as Packet;
    expect(encode(bad, 4)).toBeInstanceOf(Error);
  });
});

describe('codec.createDecoder frames packets before mqtt-packet parses them', () => {
  /** What the decoder reports for these chunks: packets as JSON, then the error if any. */
  function decode(chunks: Uint8Array[]): string[] {
    const out: string[] = [];
    const decoder = createDecoder(
      (p) => out.push(`${p.cmd} ${String(p.messageId)}`),
      (e) => out.push(`error ${e.message}`),
    );
    for (const c of chunks) decoder.push(c);
    return out;
  }
  const bytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');

  it('a PUBACK of Remaining Length 1 does not read its id from the next packet (found by fuzzing)', () => {
    const stream = bytes('40 01 00 c0 00'); // PUBACK, length 1; PINGREQ
    // mqtt-packet alone read the id as 0x00C0 in one piece and as -1 byte by byte.
    expect(decode([stream])).toEqual(['puback -1', 'pingreq undefined']);
    expect(decode([...stream].map((b) => Uint8Array.of(b)))).toEqual(decode([stream]));
  });

  it('the same bytes cut anywhere give the same packets and errors', () => {
    const stream = Buffer.concat([
      generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clientId: 'c',
        clean: true,
        keepalive: 0,
      }),
      generate({
        cmd: 'publish',
        topic: 'a/b',
        payload: Buffer.alloc(300, 1),
        qos: 1,
        messageId: 7,
        retain: false,
        dup: false,
      }),
      bytes('40 01 00 c0 00 a2 02 00 09'),
      generate({ cmd: 'pingreq' }),
      bytes('ff ff ff ff 7f'),
    ]);
    const whole = decode([stream]);
    expect(whole.at(-1)).toMatch(/^error/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(stream.length), { maxLength: 8 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const chunks = at.slice(1).map((to, i) => stream.subarray(at[i], to));
        expect(decode(chunks)).toEqual(whole);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('reports a Remaining Length of more than four bytes as soon as the fifth arrives', () => {
    expect(decode([bytes('30 ff ff ff ff')])).toEqual(['error Invalid variable byte integer']);
    expect(decode([bytes('30 ff'), bytes('ff ff'), bytes('ff')])).toEqual([
      'error Invalid variable byte integer',
    ]);
  });
});
