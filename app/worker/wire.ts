import type { BrokerEvent } from '../broker';
import type { PageMessage, WorkerBatch, WorkerMessage } from './protocol';

/**
 * How messages cross the port, both ways: a batch of them in one `postMessage`, every byte of
 * the batch (client data, and the packets and payloads the events carry) in one ArrayBuffer
 * that is transferred, not copied, and the broker's events flattened into one array of plain
 * values. Structured cloning thousands of small event objects, each with its own Uint8Array,
 * was the largest single cost of a burst on both sides of the port.
 */

/** A data message on the wire: its bytes are `bytes[off, off + len)` of the batch. */
type WireData = { t: 'data'; conn: number; off: number; len: number };

/** The worker's messages on the wire: data by reference, events by count. */
type WireWorkerMessage =
  | Exclude<WorkerMessage, { t: 'data' } | { t: 'events' }>
  | (WireData & { at: number })
  | {
      t: 'events';
      epoch: number;
      clock: Extract<WorkerMessage, { t: 'events' }>['clock'];
      count: number;
    };

export interface WorkerWire {
  ack?: number;
  messages: WireWorkerMessage[];
  bytes: ArrayBuffer;
  /** Every event of the batch in order: its shape's id, then its values in the shape's order. */
  events: unknown[];
  /** The shapes this batch uses for the first time. */
  shapes: WireShape[];
}

export interface PageWire {
  messages: (Exclude<PageMessage, { t: 'data' }> | WireData)[];
  bytes: ArrayBuffer;
}

/** An event's keys in order, and which of them hold bytes (as offset and length on the wire). */
type WireShape = [id: number, keys: string[], bytes: number[]];

interface Shape {
  keys: string[];
  /** Per key: its value is a Uint8Array (two numbers on the wire). */
  bytes: boolean[];
}

/** Lays bytes one after another in a buffer sized for them all. */
class ByteWriter {
  private parts: Uint8Array[] = [];
  private size = 0;

  add(bytes: Uint8Array): number {
    const off = this.size;
    this.parts.push(bytes);
    this.size += bytes.byteLength;
    return off;
  }

  finish(): ArrayBuffer {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out.buffer;
  }
}

/** The worker's end: knows which event shapes the page has been told of. */
export class WorkerWireWriter {
  private readonly shapeIds = new Map<string, number>();

  pack(batch: WorkerBatch): { wire: WorkerWire; transfer: ArrayBuffer[] } {
    const bytes = new ByteWriter();
    const events: unknown[] = [];
    const shapes: WireShape[] = [];
    const messages = batch.messages.map((m): WireWorkerMessage => {
      if (m.t === 'data') return { t: 'data', conn: m.conn, at: m.at, ...this.ref(bytes, m.bytes) };
      if (m.t !== 'events') return m;
      for (const e of m.events) this.event(e, bytes, events, shapes);
      return { t: 'events', epoch: m.epoch, clock: m.clock, count: m.events.length };
    });
    const buffer = bytes.finish();
    const wire: WorkerWire = { messages, bytes: buffer, events, shapes };
    if (batch.ack !== undefined) wire.ack = batch.ack;
    return { wire, transfer: [buffer] };
  }

  private ref(bytes: ByteWriter, b: Uint8Array): { off: number; len: number } {
    return { off: bytes.add(b), len: b.byteLength };
  }

  private event(e: BrokerEvent, bytes: ByteWriter, out: unknown[], shapes: WireShape[]): void {
    const keys = Object.keys(e);
    const values = keys.map((k) => (e as unknown as Record<string, unknown>)[k]);
    const signature = keys.map((k, i) => (values[i] instanceof Uint8Array ? `${k}#` : k)).join();
    let id = this.shapeIds.get(signature);
    if (id === undefined) {
      id = this.shapeIds.size;
      this.shapeIds.set(signature, id);
      const byteKeys = values.flatMap((v, i) => (v instanceof Uint8Array ? [i] : []));
      shapes.push([id, keys, byteKeys]);
    }
    out.push(id);
    for (const v of values) {
      if (v instanceof Uint8Array) out.push(bytes.add(v), v.byteLength);
      else out.push(v);
    }
  }
}

/** The page's end: the shapes told so far, to read the events by. */
export class WorkerWireReader {
  private readonly shapes: Shape[] = [];

  unpack(wire: WorkerWire): WorkerBatch {
    for (const [id, keys, byteKeys] of wire.shapes) {
      this.shapes[id] = { keys, bytes: keys.map((_, i) => byteKeys.includes(i)) };
    }
    const buffer = wire.bytes;
    const flat = wire.events;
    let at = 0;
    const messages = wire.messages.map((m): WorkerMessage => {
      if (m.t === 'data')
        return { t: 'data', conn: m.conn, at: m.at, bytes: new Uint8Array(buffer, m.off, m.len) };
      if (m.t !== 'events') return m;
      const events = new Array<BrokerEvent>(m.count);
      for (let n = 0; n < m.count; n++) {
        const shape = this.shapes[flat[at++] as number]!;
        const e: Record<string, unknown> = {};
        const { keys, bytes } = shape;
        for (let i = 0; i < keys.length; i++) {
          if (bytes[i]) {
            e[keys[i]!] = new Uint8Array(buffer, flat[at] as number, flat[at + 1] as number);
            at += 2;
          } else {
            e[keys[i]!] = flat[at++];
          }
        }
        events[n] = e as unknown as BrokerEvent;
      }
      return { t: 'events', epoch: m.epoch, clock: m.clock, events };
    });
    const batch: WorkerBatch = { messages };
    if (wire.ack !== undefined) batch.ack = wire.ack;
    return batch;
  }
}

/** The page's messages of one turn, as one wire message. */
export function packPage(messages: readonly PageMessage[]): {
  wire: PageWire;
  transfer: ArrayBuffer[];
} {
  const bytes = new ByteWriter();
  const out = messages.map((m) =>
    m.t === 'data'
      ? { t: 'data' as const, conn: m.conn, off: bytes.add(m.bytes), len: m.bytes.byteLength }
      : m,
  );
  const buffer = bytes.finish();
  return { wire: { messages: out, bytes: buffer }, transfer: [buffer] };
}

export function unpackPage(wire: PageWire): PageMessage[] {
  return wire.messages.map((m) =>
    m.t === 'data'
      ? { t: 'data', conn: m.conn, bytes: new Uint8Array(wire.bytes, m.off, m.len) }
      : m,
  );
}
