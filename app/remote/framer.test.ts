import { generate } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { FrameDecoder } from './decode';
import { Framer } from './framer';

const packets = [
  generate({ cmd: 'connack', sessionPresent: true, returnCode: 0 }),
  generate({
    cmd: 'publish',
    topic: 't/x',
    payload: Buffer.from('x'.repeat(300)),
    qos: 1,
    messageId: 7,
    dup: true,
    retain: false,
  }),
  generate({ cmd: 'pingresp' }),
  generate({ cmd: 'puback', messageId: 7 }),
];
const stream = new Uint8Array(Buffer.concat(packets));

describe('Framer: whole MQTT packets out of a byte stream', () => {
  it('gives the same packets however the stream is cut (every cut in two, byte by byte)', () => {
    const whole = packets.map((p) => [...p]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const f = new Framer();
      const frames = [...f.push(stream.subarray(0, cut)), ...f.push(stream.subarray(cut))];
      expect(
        frames.map((b) => [...b]),
        `cut at ${cut}`,
      ).toEqual(whole);
      expect(f.buffered()).toBe(0);
    }
    const f = new Framer();
    const bytewise = [...stream].flatMap((b) => f.push(Uint8Array.of(b)));
    expect(bytewise.map((b) => [...b])).toEqual(whole);
  });

  it('keeps its own copy: a writer reusing its buffer changes nothing', () => {
    const buf = new Uint8Array(packets[3]!);
    const [frame] = new Framer().push(buf);
    buf.fill(0);
    expect([...frame!]).toEqual([...packets[3]!]);
  });

  it('decodes each frame with the protocol version of its connection', () => {
    const d = new FrameDecoder(4);
    const got = new Framer().push(stream).map((f) => d.decode(f));
    expect(got.map((p) => (p instanceof Error ? p.message : p.cmd))).toEqual([
      'connack',
      'publish',
      'pingresp',
      'puback',
    ]);
    expect(got[1]).toMatchObject({ dup: true, messageId: 7, topic: 't/x' });
  });
});
