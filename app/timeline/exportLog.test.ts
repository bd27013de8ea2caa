import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrokerEvent } from '../broker';
import { publishMany, returnA } from '../broker/rules/fixtures';
import { harness } from '../testkit/harness';
import { simTime } from '../broker/time';
import {
  downloadBlob,
  downloadText,
  EVENT_LOG_FORMAT,
  eventLogJson,
  fromBase64,
  readEventLogJson,
  toBase64,
} from './exportLog';

const META = {
  profile: 'aws',
  overrides: { replayRate: 5, queueLimit: 20 },
  seed: 42,
  exportedAt: '2026-01-02T03:04:05.000Z',
};

/** A run of the seed's story with packets traced: every kind of byte field is in its log. */
function run(): BrokerEvent[] {
  const h = harness({ profile: 'aws', seed: 42, tracePackets: true });
  const a = h.client();
  a.connect({ clientId: 'A', clean: false, keepalive: 60 });
  a.subscribe('t/#', 1);
  a.disconnect();
  const b = h.client();
  b.connect({ clientId: 'B', keepalive: 60 });
  publishMany(b, 3);
  b.publish('t/bin', Uint8Array.from([0, 255, 128, 10]), 1);
  h.clock.advance(1000);
  returnA(h);
  h.clock.advance(5000);
  return h.events;
}

describe('eventLogJson', () => {
  const log = run();
  const text = eventLogJson(log, META);

  it('is JSON with the format header, the setup and the count', () => {
    const file = JSON.parse(text);
    expect(file).toMatchObject({
      format: 'mqtt-session-lab/events@1',
      profile: 'aws',
      overrides: { queueLimit: 20, replayRate: 5 },
      seed: 42,
      exportedAt: META.exportedAt,
      binary: 'base64',
      count: log.length,
    });
    expect(file.format).toBe(EVENT_LOG_FORMAT);
    expect(file.events).toHaveLength(log.length);
    expect(Object.keys(file).at(0)).toBe('format');
  });

  it('writes byte fields as base64 that decodes to the same bytes', () => {
    const file = JSON.parse(text);
    let checked = 0;
    log.forEach((e, i) => {
      const exported = file.events[i];
      expect(exported.seq).toBe(e.seq);
      expect(exported.type).toBe(e.type);
      if (e.type === 'message.published') {
        expect(typeof exported.payload).toBe('string');
        expect(fromBase64(exported.payload)).toEqual(new Uint8Array(e.payload));
        checked++;
      }
      if (e.type === 'packet.in' || e.type === 'packet.out') {
        expect(fromBase64(exported.bytes)).toEqual(new Uint8Array(e.bytes));
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(20);
    const binary = file.events.find(
      (e: { type: string; topic?: string }) =>
        e.type === 'message.published' && e.topic === 't/bin',
    );
    expect(binary.payload).toBe('AP+ACg==');
  });

  it('reads back to the same events (round trip)', () => {
    const { meta, events } = readEventLogJson(text);
    expect(meta).toEqual({ ...META, overrides: { queueLimit: 20, replayRate: 5 } });
    expect(events).toHaveLength(log.length);
    events.forEach((e, i) => {
      const original = log[i]!;
      const normal = JSON.parse(JSON.stringify(original)) as Record<string, unknown>;
      if ('payload' in original) normal.payload = new Uint8Array(original.payload);
      if ('bytes' in original) normal.bytes = new Uint8Array(original.bytes);
      expect({ ...e }).toEqual(normal);
    });
  });

  it('keeps a stable key order: seq, at, type, then the rest alphabetically', () => {
    const again = eventLogJson(log, { ...META, overrides: { queueLimit: 20, replayRate: 5 } });
    expect(again).toBe(text);
    const file = JSON.parse(text);
    const connect = file.events.find((e: { type: string }) => e.type === 'connect.received');
    expect(Object.keys(connect)).toEqual([
      'seq',
      'at',
      'type',
      'clean',
      'clientId',
      'connId',
      'keepalive',
      'protocolVersion',
      'sessionExpiry',
    ]);
    // One event per line, so a diff of two exports reads event by event.
    expect(text.split('\n').filter((l) => l.startsWith('    {"seq":'))).toHaveLength(log.length);
  });

  it('an empty log is a valid file', () => {
    const file = JSON.parse(eventLogJson([], META));
    expect(file).toMatchObject({ format: EVENT_LOG_FORMAT, count: 0, events: [] });
  });

  it('refuses text that is not an event log', () => {
    expect(() => readEventLogJson('{"format":"other"}')).toThrow(/not an event log/);
    expect(() => readEventLogJson(`{"format":"${EVENT_LOG_FORMAT}"}`)).toThrow(/no events/);
  });

  it('base64 of large and empty byte arrays', () => {
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff);
    expect(fromBase64(toBase64(big))).toEqual(big);
    expect(toBase64(new Uint8Array(0))).toBe('');
    expect(toBase64(new TextEncoder().encode('m3'))).toBe('bTM=');
  });

  it('a Uint8Array view into a larger buffer exports only its own bytes', () => {
    const buffer = Uint8Array.from([9, 9, 1, 2, 3, 9]);
    const event = {
      type: 'packet.out',
      connId: 1,
      cmd: 'pingresp',
      bytes: buffer.subarray(2, 5),
      seq: 1,
      at: simTime(0),
    } as BrokerEvent;
    const file = JSON.parse(eventLogJson([event], META));
    expect(fromBase64(file.events[0].bytes)).toEqual(Uint8Array.from([1, 2, 3]));
  });
});

describe('downloadBlob / downloadText', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('clicks a hidden anchor with the file name, then revokes the URL later', async () => {
    vi.useFakeTimers();
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    const body = new Set<unknown>();
    const anchor = {
      href: '',
      download: '',
      rel: '',
      style: { display: '' },
      click() {
        clicked.push({ href: this.href, download: this.download, attached: body.has(this) });
      },
      remove() {
        body.delete(this);
      },
    };
    vi.stubGlobal('document', {
      createElement: (tag: string) => {
        expect(tag).toBe('a');
        return anchor;
      },
      body: { appendChild: (x: unknown) => body.add(x) },
    });
    const revoked: string[] = [];
    let blob: Blob | undefined;
    vi.stubGlobal('URL', {
      createObjectURL: (b: Blob) => {
        blob = b;
        return 'blob:1';
      },
      revokeObjectURL: (u: string) => revoked.push(u),
    });

    downloadText('log.json', '{"a":1}', 'application/json');
    expect(clicked).toEqual([{ href: 'blob:1', download: 'log.json', attached: true }]);
    expect(body.size).toBe(0);
    expect(blob?.type).toBe('application/json');
    expect(await blob?.text()).toBe('{"a":1}');
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(revoked).toEqual(['blob:1']);

    downloadBlob('t.png', new Blob([Uint8Array.from([1])], { type: 'image/png' }));
    expect(clicked.at(-1)).toMatchObject({ download: 't.png' });
  });
});
