import type { BrokerEvent, ProtocolVersion } from '../broker';
import { createDecoder } from '../broker/codec';
import { CONNACK_V3, RC, type Packet } from '../broker/packets';
import { hex2, plural, textPreview } from './text';

/** A packet as the inspector shows it: decoded field by field, and as bytes. */
export interface PacketView {
  direction: 'in' | 'out';
  cmd: string;
  fields: { name: string; value: string }[];
  /** Rows of 16 bytes, `xx xx …`; a last row says how many bytes were left out, if any. */
  hex: string[];
  size: number;
}

// EventOf<'packet.in'> is never: packet.in and packet.out are one member of the union.
export type PacketEvent = Extract<BrokerEvent, { type: 'packet.in' | 'packet.out' }>;

/** Whether an event is a traced packet. */
export const isPacket = (e: BrokerEvent): e is PacketEvent =>
  e.type === 'packet.in' || e.type === 'packet.out';

/** Hex rows shown at most (4 KiB); a huge payload does not need all of its bytes on screen. */
const HEX_ROWS_MAX = 256;
const PAYLOAD_TEXT_MAX = 200;

/** Decodes traced packets with the codec, at the protocol version of their connection. */
export class PacketDecoder {
  private readonly versions = new Map<number, ProtocolVersion>();
  private readonly decoded = new Map<number, Packet | Error>();

  decode(log: readonly BrokerEvent[], index: number): Packet | Error {
    const p = log[index] as PacketEvent;
    let result = this.decoded.get(p.seq);
    if (!result) {
      result = decodePacket(p.bytes, this.versionOf(log, index, p.connId));
      this.decoded.set(p.seq, result);
    }
    return result;
  }

  /** From the connection's connect.received; 4 until there is one (the CONNECT says its own). */
  private versionOf(log: readonly BrokerEvent[], index: number, connId: number): ProtocolVersion {
    const known = this.versions.get(connId);
    if (known) return known;
    for (let i = index; i >= 0; i--) {
      const x = log[i]!;
      if (x.type === 'connect.received' && x.connId === connId) {
        const version = x.protocolVersion as ProtocolVersion;
        this.versions.set(connId, version);
        return version;
      }
      if (x.type === 'connection.opened' && x.connId === connId) break;
    }
    return 4;
  }
}

function decodePacket(bytes: Uint8Array, version: ProtocolVersion): Packet | Error {
  let packet: Packet | undefined;
  let error: Error | undefined;
  createDecoder(
    (p) => {
      packet ??= p;
    },
    (e) => {
      error ??= e;
    },
    version,
  ).push(bytes);
  return packet ?? error ?? new Error('the bytes hold no complete packet');
}

// ---------------------------------------------------------------------------------------------
// A packet, field by field

const FIELD_ORDER = [
  'topic',
  'messageId',
  'sessionPresent',
  'returnCode',
  'reasonCode',
  'protocolId',
  'protocolVersion',
  'clientId',
  'clean',
  'keepalive',
  'username',
  'password',
  'will',
  'subscriptions',
  'granted',
  'unsubscriptions',
  'payload',
  'properties',
];
const FIELD_SKIP = new Set(['cmd', 'dup', 'qos', 'retain', 'length']);
const FIELD_NAMES: Record<string, string> = { messageId: 'packetId', length: 'remainingLength' };

const RC_NAMES = new Map<number, string>(
  Object.entries(RC).map(([name, code]) => [code, name.replace(/[A-Z]/g, (c) => ` ${c}`)]),
);
const CONNACK_V3_NAMES = new Map<number, string>(
  Object.entries(CONNACK_V3).map(([name, code]) => [code, name.replace(/[A-Z]/g, (c) => ` ${c}`)]),
);

/**
 * The fields of a decoded packet, in the order a reader wants them; nested ones dotted.
 * `aliasTopic` is the topic an alias-only PUBLISH stands for (from the connection's earlier
 * packets), shown right after its empty topic.
 */
export function packetFields(
  packet: Packet,
  aliasTopic?: AliasTopic,
): { name: string; value: string }[] {
  const fields: { name: string; value: string }[] = [];
  const record = packet as unknown as Record<string, unknown>;
  fields.push({ name: 'cmd', value: packet.cmd.toUpperCase() });
  if (packet.cmd === 'publish') {
    fields.push({ name: 'dup', value: String(packet.dup ?? false) });
    fields.push({ name: 'qos', value: String(packet.qos ?? 0) });
    fields.push({ name: 'retain', value: String(packet.retain ?? false) });
  }
  if (typeof record.length === 'number')
    fields.push({ name: 'remainingLength', value: String(record.length) });
  const keys = [
    ...FIELD_ORDER.filter((k) => k in record),
    ...Object.keys(record).filter((k) => !FIELD_ORDER.includes(k) && !FIELD_SKIP.has(k)),
  ];
  for (const key of keys) {
    const value = record[key];
    if (key === 'returnCode' && typeof value === 'number') {
      fields.push({ name: key, value: codeText(value, CONNACK_V3_NAMES) });
    } else if (key === 'reasonCode' && typeof value === 'number') {
      fields.push({ name: key, value: codeText(value, RC_NAMES) });
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      propertyFields(value as Record<string, unknown>, fields);
    } else if (key === 'topic' && aliasTopic) {
      flatten(key, value, fields);
      fields.push({
        name: `topic (alias ${aliasTopic.alias})`,
        value:
          aliasTopic.topic ??
          'not set: no earlier PUBLISH on this connection gave the alias a topic',
      });
    } else if (key === 'password' && value != null) {
      const size = value instanceof Uint8Array ? value.byteLength : String(value).length;
      fields.push({ name: key, value: `•••• (${plural(size, 'byte')})` });
    } else {
      flatten(FIELD_NAMES[key] ?? key, value, fields);
    }
  }
  return fields;
}

/** The topic a Topic Alias stood for when an alias-only PUBLISH was sent. */
export interface AliasTopic {
  alias: number;
  /** Undefined when no earlier PUBLISH of the connection set it. */
  topic?: string;
}

/**
 * MQTT 5 properties one by one: Correlation Data as hex (it is binary), each User Property on
 * its own line (a key may repeat), the rest as they are.
 */
function propertyFields(
  props: Record<string, unknown>,
  out: { name: string; value: string }[],
): void {
  for (const [key, value] of Object.entries(props)) {
    const name = `properties.${key}`;
    if (key === 'correlationData' && value instanceof Uint8Array) {
      const text = value.byteLength ? textPreview(value, PAYLOAD_TEXT_MAX) : undefined;
      const shown = Array.from(value.subarray(0, 32), byteHex).join(' ');
      out.push({
        name,
        value:
          value.byteLength === 0
            ? '(empty)'
            : `hex ${shown}${value.byteLength > 32 ? ' …' : ''}${text ? ` (“${text}”)` : ''}`,
      });
      out.push({ name: `${name}Length`, value: String(value.byteLength) });
    } else if (key === 'userProperties' && typeof value === 'object' && value !== null) {
      let i = 0;
      for (const [k, v] of Object.entries(value)) {
        for (const one of Array.isArray(v) ? v : [v]) {
          out.push({ name: `${name}[${i++}]`, value: `${k} = ${String(one)}` });
        }
      }
    } else {
      flatten(name, value, out);
    }
  }
}

function codeText(code: number, names: Map<number, string>): string {
  const name = names.get(code);
  return name ? `${hex2(code)} (${name.toLowerCase()})` : hex2(code);
}

function flatten(name: string, value: unknown, out: { name: string; value: string }[]): void {
  if (value === null || value === undefined) return;
  if (value instanceof Uint8Array) {
    out.push({ name, value: bytesText(value) });
    out.push({ name: `${name}Length`, value: String(value.byteLength) });
    return;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      out.push({ name, value: value.map(String).join(', ') });
      return;
    }
    value.forEach((v, i) => flatten(`${name}[${i}]`, v, out));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(`${name}.${k}`, v, out);
    return;
  }
  out.push({ name, value: String(value) });
}

/** Bytes as text when they are printable UTF-8 (truncated), else as hex. */
function bytesText(bytes: Uint8Array, max = PAYLOAD_TEXT_MAX): string {
  if (bytes.byteLength === 0) return '(empty)';
  const text = textPreview(bytes, max);
  if (text !== undefined) return text;
  const shown = Array.from(bytes.subarray(0, 32), byteHex).join(' ');
  return `hex ${shown}${bytes.byteLength > 32 ? ' …' : ''}`;
}

const byteHex = (b: number) => b.toString(16).padStart(2, '0');

/** Rows of 16 bytes as `xx xx …`; past `maxRows`, one last row says how many bytes are left out. */
export function hexRows(bytes: Uint8Array, maxRows = HEX_ROWS_MAX): string[] {
  const rows: string[] = [];
  for (let at = 0; at < bytes.byteLength && rows.length < maxRows; at += 16) {
    rows.push(Array.from(bytes.subarray(at, at + 16), byteHex).join(' '));
  }
  const left = bytes.byteLength - maxRows * 16;
  if (left > 0) rows.push(`… ${plural(left, 'more byte')}`);
  return rows;
}

/** The inspector's view of a traced packet: its fields, or why they could not be decoded. */
export function packetView(
  p: PacketEvent,
  decoded: Packet | Error,
  aliasTopic?: AliasTopic,
): PacketView {
  return {
    direction: p.type === 'packet.in' ? 'in' : 'out',
    cmd: p.cmd,
    fields:
      decoded instanceof Error
        ? [
            { name: 'cmd', value: p.cmd.toUpperCase() },
            { name: 'error', value: `cannot decode: ${decoded.message}` },
          ]
        : packetFields(decoded, aliasTopic),
    hex: hexRows(p.bytes),
    size: p.bytes.byteLength,
  };
}

/**
 * For an alias-only PUBLISH (empty topic, Topic Alias set), the topic the alias stood for: the
 * latest earlier PUBLISH in the same direction of the same connection that carried both. Each
 * direction of a connection has its own alias map [MQTT-3.3.2-10], [MQTT-3.3.2-11].
 */
export function aliasTopicAt(
  log: readonly BrokerEvent[],
  index: number,
  decoder: PacketDecoder,
): AliasTopic | undefined {
  const p = log[index] as PacketEvent;
  const packet = decoder.decode(log, index);
  if (packet instanceof Error || packet.cmd !== 'publish') return undefined;
  const alias = packet.properties?.topicAlias;
  if (alias === undefined || packet.topic !== '') return undefined;
  for (let i = index - 1; i >= 0; i--) {
    const x = log[i]!;
    if (x.type === 'connection.opened' && x.connId === p.connId) break;
    if (x.type !== p.type || x.connId !== p.connId || x.cmd !== 'publish') continue;
    const earlier = decoder.decode(log, i);
    if (earlier instanceof Error || earlier.cmd !== 'publish') continue;
    if (earlier.topic !== '' && earlier.properties?.topicAlias === alias) {
      return { alias, topic: earlier.topic };
    }
  }
  return { alias };
}
