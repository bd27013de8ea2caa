/**
 * Byte surgery on encoded packets: the fixed header taken apart and put back, markers found
 * and replaced. The generators plant markers in strings and properties so that a mutation can
 * hit a field without a parser of its own.
 */
import { varint } from '../rawClient';

/** Planted in every string field: four ASCII bytes a UTF-8 mutation can overwrite in place. */
export const STRING_MARKER = 'ZQZQ';
const STRING_MARKER_BYTES = [0x5a, 0x51, 0x5a, 0x51];

/**
 * Planted as a packet's only MQTT 5 property, `userProperties: { PQ: 'PQ' }`: its encoding with
 * the property length before it, so the whole property block can be swapped for another.
 */
export const PROPERTY_MARKER = { PQ: 'PQ' } as const;
const PROPERTY_BLOCK = [0x09, 0x26, 0x00, 0x02, 0x50, 0x51, 0x00, 0x02, 0x50, 0x51];

/**
 * Four-byte replacements for a planted string: malformed UTF-8 [MQTT-1.5.3-1], U+0000
 * [MQTT-1.5.3-2], non-characters, and wildcards or empty levels for topics.
 */
export const HOSTILE_STRINGS: readonly (readonly number[])[] = [
  [0xed, 0xa0, 0x80, 0x41], // a UTF-16 surrogate, U+D800
  [0xc0, 0x80, 0x41, 0x41], // an over-long U+0000
  [0xf8, 0x88, 0x80, 0x80], // a five-byte form
  [0xff, 0xfe, 0x41, 0x41], // bytes never valid in UTF-8
  [0x00, 0x41, 0x41, 0x41], // U+0000
  [0x41, 0xc3, 0x28, 0x41], // a lead byte without its continuation
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0x80, 0x41, 0x41, 0x41], // a lone continuation byte
  [0xef, 0xbf, 0xbf, 0x41], // U+FFFF, a non-character
  [0xc2, 0x9f, 0x41, 0x41], // U+009F, a control character
  [0x2b, 0x2f, 0x23, 0x41], // '+/#A': wildcards
  [0x2f, 0x2f, 0x2f, 0x2f], // '////': empty levels
];

/** A packet as fixed-header byte, Remaining Length bytes (undefined: the true length) and body. */
export interface Parts {
  first: number;
  length?: number[];
  body: number[];
}

/** Takes apart a well-formed packet (one that mqtt-packet generated). */
export function split(bytes: Uint8Array): Parts {
  let at = 1;
  while (at < bytes.length && (bytes[at]! & 0x80) !== 0) at++;
  return { first: bytes[0] ?? 0, body: [...bytes.subarray(at + 1)] };
}

export function join(p: Parts): Uint8Array {
  return Uint8Array.from([p.first, ...(p.length ?? varint(p.body.length)), ...p.body]);
}

/** Where `needle` occurs in `hay`, each index once. */
function occurrences(hay: readonly number[], needle: readonly number[]): number[] {
  const found: number[] = [];
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    found.push(i);
  }
  return found;
}

/** Overwrites the n-th planted string (n modulo their count) with a hostile sequence. */
export function replaceString(body: number[], n: number, replacement: readonly number[]): void {
  const at = occurrences(body, STRING_MARKER_BYTES);
  if (at.length === 0) return;
  body.splice(at[n % at.length]!, replacement.length, ...replacement);
}

/** One property as written: its id, then whatever bytes (well-typed or not). */
export interface RawProperty {
  id: number;
  value: number[];
}

/**
 * Replaces the planted property block with `props`, its declared length off by `lengthDelta`
 * (0: the true length). Returns false when the packet has no planted block.
 */
export function replaceProperties(
  body: number[],
  props: RawProperty[],
  lengthDelta: number,
): boolean {
  const at = occurrences(body, PROPERTY_BLOCK)[0];
  if (at === undefined) return false;
  const content = props.flatMap((p) => [p.id, ...p.value]);
  const declared = Math.max(0, content.length + lengthDelta);
  body.splice(at, PROPERTY_BLOCK.length, ...varint(declared), ...content);
  return true;
}

export const u16 = (n: number): number[] => [(n >>> 8) & 0xff, n & 0xff];
export const u32 = (n: number): number[] => [
  (n >>> 24) & 0xff,
  (n >>> 16) & 0xff,
  (n >>> 8) & 0xff,
  n & 0xff,
];
/** A length-prefixed string or binary field. */
export const lengthPrefixed = (bytes: readonly number[]): number[] => [
  ...u16(bytes.length),
  ...bytes,
];
