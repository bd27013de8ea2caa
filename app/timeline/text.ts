import type { LimitName } from '../broker';

/** Short forms the inspector's prose and its packet view share. */

/** A client id as prose names it; the empty id must still show. */
export const who = (clientId: string) => (clientId === '' ? '(empty id)' : clientId);
/** A message by its broker-wide id. */
export const msg = (id: number) => `m#${id}`;
/** `1 byte`, `2 bytes`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** A byte as `0x8E`: reason codes, CONNACK codes. */
export const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;
/** A Session Expiry Interval in seconds; 0xFFFFFFFF means it never expires. */
export const seiSeconds = (sei: number) => (sei === 0xffffffff ? Number.POSITIVE_INFINITY : sei);

/** What each of the broker's bounds is called in prose. */
export const LIMIT_LABEL: Record<LimitName, string> = {
  'packet-size': 'packet size',
  'client-packet-size': 'packet size the client allows',
  'topic-length': 'topic length',
  subscriptions: 'subscriptions per session',
  'session-store': 'stored messages per session',
  'broker-store': 'stored messages in all sessions',
  retained: 'retained messages',
};

const decoderUtf8 = new TextDecoder('utf-8');

/**
 * The first `max` characters of the bytes as text, with … when cut; undefined when they are
 * not printable UTF-8. Only the head of a large payload is decoded.
 */
export function textPreview(bytes: Uint8Array, max: number): string | undefined {
  const head = bytes.subarray(0, max * 4);
  let text = decoderUtf8.decode(head);
  // A cut through a multi-byte character leaves one replacement character at the end.
  if (head.byteLength < bytes.byteLength) text = text.replace(/\uFFFD$/, '');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\uFFFD]/.test(text)) return undefined;
  const cut = text.length > max || head.byteLength < bytes.byteLength;
  return cut ? `${text.slice(0, max)}…` : text;
}

/** A payload quoted for one line of prose. */
export function quote(bytes: Uint8Array, max: number): string {
  const text = textPreview(bytes, max);
  if (text === undefined) return `${plural(bytes.byteLength, 'byte')} of binary`;
  return `“${text}”`;
}
