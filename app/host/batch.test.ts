import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { batchedWriter } from './batch';

const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

describe('batchedWriter: the packets of one turn go out as one chunk', () => {
  it('joins the writes of a turn, in order, at the end of the turn', async () => {
    const sent: Buffer[] = [];
    const writer = batchedWriter((chunk) => sent.push(chunk));
    writer.write(Uint8Array.of(1, 2));
    writer.write(Uint8Array.of(3));
    writer.write(Uint8Array.of(4, 5, 6));
    expect(sent).toEqual([]);
    await nextTick();
    expect(sent).toEqual([Buffer.from([1, 2, 3, 4, 5, 6])]);
    writer.write(Uint8Array.of(7));
    await nextTick();
    expect(sent).toEqual([Buffer.from([1, 2, 3, 4, 5, 6]), Buffer.from([7])]);
  });

  it('flush sends at once (before an end), and an empty turn sends nothing', async () => {
    const sent: Buffer[] = [];
    const writer = batchedWriter((chunk) => sent.push(chunk));
    writer.write(Uint8Array.of(9, 8));
    writer.flush();
    expect(sent).toEqual([Buffer.from([9, 8])]);
    await nextTick();
    writer.flush();
    expect(sent).toHaveLength(1);
  });

  it('a lone packet is passed on as it is, a view on the same bytes', async () => {
    const sent: Buffer[] = [];
    const writer = batchedWriter((chunk) => sent.push(chunk));
    const backing = Uint8Array.of(0, 1, 2, 3, 4);
    writer.write(backing.subarray(1, 4));
    await nextTick();
    expect(sent).toEqual([Buffer.from([1, 2, 3])]);
    expect(sent[0]!.buffer).toBe(backing.buffer);
  });
});
