import type { BrokerEvent } from '../broker';

/** The name and version of the exported event log's format. */
export const EVENT_LOG_FORMAT = 'mqtt-session-lab/events@1';

export interface EventLogMeta {
  profile: string;
  overrides: object;
  seed: number;
  exportedAt: string;
}

/** An event as exported: byte fields (`payload`, `bytes`) are base64 strings. */
export type ExportedEvent = Record<string, unknown> & { seq: number; at: number; type: string };

export interface EventLogFile extends EventLogMeta {
  format: typeof EVENT_LOG_FORMAT;
  /** How the byte fields of events are written. */
  binary: 'base64';
  count: number;
  events: ExportedEvent[];
}

/** Keys that lead each event, in this order; the rest follow alphabetically. */
const LEADING = ['seq', 'at', 'type'];

/**
 * The whole event log as JSON: a header (format, profile, overrides, seed, export time), then
 * one event per line. Byte fields are base64 strings and keys come in a stable order, so two
 * exports of the same run are the same text (but for `exportedAt`).
 */
export function eventLogJson(log: readonly BrokerEvent[], meta: EventLogMeta): string {
  const header = {
    format: EVENT_LOG_FORMAT,
    profile: meta.profile,
    overrides: sortKeys(meta.overrides),
    seed: meta.seed,
    exportedAt: meta.exportedAt,
    binary: 'base64',
    count: log.length,
  };
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  if (log.length === 0) return `${head},\n  "events": []\n}\n`;
  const lines = log.map((e) => `    ${JSON.stringify(exportEvent(e))}`);
  return `${head},\n  "events": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

function exportEvent(e: BrokerEvent): ExportedEvent {
  const record = e as unknown as Record<string, unknown>;
  const keys = [
    ...LEADING.filter((k) => k in record),
    ...Object.keys(record)
      .filter((k) => !LEADING.includes(k))
      .sort(),
  ];
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = record[k];
    if (v !== undefined) out[k] = v instanceof Uint8Array ? toBase64(v) : sortKeys(v);
  }
  return out as ExportedEvent;
}

/** Plain objects with their keys sorted, all the way down. */
function sortKeys(value: unknown): unknown {
  if (value instanceof Uint8Array) return toBase64(value);
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort())
    out[k] = sortKeys((value as Record<string, unknown>)[k]);
  return out;
}

/**
 * Reads an exported log back: the header checked, byte fields (`payload`, `bytes`) decoded
 * to Uint8Array again. Throws with a message a person can act on when the text is not one.
 */
export function readEventLogJson(text: string): { meta: EventLogMeta; events: BrokerEvent[] } {
  const file = JSON.parse(text) as Partial<EventLogFile>;
  if (file.format !== EVENT_LOG_FORMAT) {
    throw new Error(`not an event log of this playground (format ${String(file.format)})`);
  }
  if (!Array.isArray(file.events)) throw new Error('the event log has no events');
  const events = file.events.map((e) => {
    const event: Record<string, unknown> = { ...e };
    for (const key of BYTE_FIELDS) {
      if (typeof event[key] === 'string') event[key] = fromBase64(event[key]);
    }
    return event as unknown as BrokerEvent;
  });
  return {
    meta: {
      profile: String(file.profile),
      overrides: file.overrides ?? {},
      seed: Number(file.seed),
      exportedAt: String(file.exportedAt),
    },
    events,
  };
}

/** The fields of BrokerEvent that hold bytes. */
const BYTE_FIELDS = ['payload', 'bytes'] as const;

const CHUNK = 0x8000;

/** Standard base64 (with padding) of bytes; btoa takes a binary string, built in chunks. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.byteLength; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Saves text as a file through the browser's download. */
export function downloadText(filename: string, text: string, mime: string): void {
  downloadBlob(filename, new Blob([text], { type: mime }));
}

/**
 * Saves a blob as a file: an object URL on a temporary anchor with `download`, clicked. The
 * URL is revoked a little later, not at once: some browsers read it after `click` returns
 * (FileSaver.js waits 40 s for the same reason).
 */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

const REVOKE_AFTER_MS = 40_000;
