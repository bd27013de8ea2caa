import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../broker';
import type { PageMessage, WorkerBatch } from './protocol';
import { packPage, unpackPage, WorkerWireReader, WorkerWireWriter } from './wire';

const clock = { now: 5, speed: 1, paused: false, blocked: true };
const bytes = (...v: number[]) => new Uint8Array(v);

/** Events of every kind of value an event holds: bytes, nested objects, null, undefined. */
const events = [
  {
    type: 'packet.in',
    connId: 1,
    clientId: 'A',
    cmd: 'publish',
    bytes: bytes(0x30, 1, 2),
    seq: 1,
    at: 0.5,
  },
  {
    type: 'message.published',
    msgId: 7,
    clientId: 'A',
    topic: 't/x',
    qos: 1,
    retain: false,
    payload: bytes(104, 105),
    seq: 2,
    at: 0.5,
  },
  {
    type: 'connect.received',
    connId: 1,
    clientId: 'A',
    protocolVersion: 5,
    clean: false,
    keepalive: 60,
    sessionExpiry: null,
    will: { topic: 'w', qos: 1, retain: false, delay: 0 },
    seq: 3,
    at: 1,
  },
  {
    type: 'connection.closed',
    connId: 1,
    clientId: undefined,
    reason: 'transport-closed',
    seq: 4,
    at: 2,
  },
  {
    type: 'packet.out',
    connId: 2,
    clientId: 'B',
    cmd: 'puback',
    bytes: bytes(0x40, 2, 0, 1),
    seq: 5,
    at: 3,
  },
] as unknown as BrokerEvent[];

describe('the wire between worker and page', () => {
  it('a worker batch comes out as it went in: data, events (bytes, nested values, key order), other messages', () => {
    const writer = new WorkerWireWriter();
    const reader = new WorkerWireReader();
    const batch: WorkerBatch = {
      ack: 4,
      messages: [
        { t: 'open', conn: 1, connId: 1 },
        { t: 'data', conn: 1, bytes: bytes(0x20, 2, 0, 0), at: 12 },
        { t: 'events', epoch: 3, events, clock },
        { t: 'data', conn: 2, bytes: bytes(0xd0, 0), at: 13 },
        { t: 'error', message: 'x' },
      ],
    };
    const { wire, transfer } = writer.pack(batch);
    // One buffer holds every byte: the data and what the events carry.
    expect(transfer).toEqual([wire.bytes]);
    expect(wire.bytes.byteLength).toBe(4 + 3 + 2 + 4 + 2);
    const out = reader.unpack(structuredClone(wire, { transfer: [...transfer] }));
    expect(out).toEqual(batch);
    const got = out.messages[2] as Extract<WorkerBatch['messages'][number], { t: 'events' }>;
    expect(got.events.map((e) => Object.keys(e))).toEqual(events.map((e) => Object.keys(e)));
    expect(Object.hasOwn(got.events[3]!, 'clientId')).toBe(true);
  });

  it('tells each event shape once, and reads later batches by the shapes it was told', () => {
    const writer = new WorkerWireWriter();
    const reader = new WorkerWireReader();
    const first = writer.pack({ messages: [{ t: 'events', epoch: 0, events, clock }] });
    const second = writer.pack({ messages: [{ t: 'events', epoch: 0, events, clock }] });
    // packet.in and packet.out have the same keys: one shape.
    expect(first.wire.shapes).toHaveLength(4);
    expect(second.wire.shapes).toHaveLength(0);
    reader.unpack(first.wire);
    expect(reader.unpack(second.wire).messages[0]).toEqual({
      t: 'events',
      epoch: 0,
      events,
      clock,
    });
  });

  it("the page's messages of a turn come out in order, their data in one buffer", () => {
    const messages: PageMessage[] = [
      { t: 'open', conn: 1 },
      { t: 'data', conn: 1, bytes: bytes(0x10, 0) },
      { t: 'timers-done' },
      { t: 'data', conn: 2, bytes: bytes(0xe0, 0) },
      { t: 'batch-ack', upTo: 3 },
    ];
    const { wire, transfer } = packPage(messages);
    expect(transfer).toEqual([wire.bytes]);
    expect(unpackPage(structuredClone(wire, { transfer: [...transfer] }))).toEqual(messages);
  });
});
