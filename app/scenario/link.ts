import type { ScenarioResult } from './fileForm';

/** The fragment key a shared scenario travels under: `#scenario=…`. */
export const LINK_KEY = 'scenario';

/** The fragment key of a built-in lesson: `#lesson=01` (an embed link's usual form). */
export const LESSON_KEY = 'lesson';

/**
 * A scenario's text packed for a URL fragment: deflated, then base64url. The fragment never
 * reaches a server, so a static host serves the page and the scenario stays in the browser.
 */
export async function packScenario(text: string): Promise<string> {
  const deflated = await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  return toBase64Url(deflated);
}

/**
 * Reads a shared link's fragment; every failure is a problem with a message, never a throw.
 * A link has no lines, so its problems name none: only the field, or what is wrong with the link.
 */
export async function unpackScenario(packed: string): Promise<ScenarioResult> {
  const damaged = (why: string): ScenarioResult => ({
    ok: false,
    problems: [{ path: '', message: `the link is damaged: ${why}` }],
  });
  const bytes = fromBase64Url(packed);
  if (!bytes) {
    return damaged(
      'the part after #scenario= holds characters a scenario link never has (it has only letters, digits, - and _)',
    );
  }
  let text: string;
  try {
    const inflated = await pipe(bytes, new DecompressionStream('deflate-raw'));
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return damaged(
      'the scenario packed in it does not unpack (was the link cut short when copied?)',
    );
  }
  // The validator loads with the first link or file opened, not with the page.
  const { parseScenario } = await import('./validate');
  const result = parseScenario(text);
  if (result.ok) return result;
  return {
    ok: false,
    problems: result.problems.map((p) => ({ path: p.path, message: p.message })),
  };
}

/** The page's own query parameters: a shared link keeps these and no others. */
const PAGE_PARAMS = new Set(['broker', 'prefix', 'debug']);

/**
 * The address a shared link starts from: the page's without its fragment, and with the broker
 * URL's own query left out (`dropped` says one was): a presigned URL's signature or session
 * token must not travel with a link; whoever opens it adds their own. A presigned URL pasted
 * into the address unencoded spreads its query over the page's (`&X-Amz-Signature=…`): any
 * parameter that is not the page's own goes too.
 */
export function sharedBase(href: string): { base: string; dropped: boolean } {
  const url = new URL(href);
  const broker = url.searchParams.get('broker');
  const at = broker === null ? -1 : broker.search(/[?#]/);
  const strays = [...url.searchParams.keys()].filter((k) => !PAGE_PARAMS.has(k));
  if (at < 0 && strays.length === 0) return { base: href.replace(/#.*$/, ''), dropped: false };
  if (broker !== null && at >= 0) url.searchParams.set('broker', broker.slice(0, at));
  for (const k of strays) url.searchParams.delete(k);
  url.hash = '';
  return { base: url.href, dropped: true };
}

/** What a page address's fragment asks for. */
export type Fragment =
  | { kind: 'none' }
  | { kind: 'scenario'; packed: string }
  /** A built-in lesson, by its id or number (`#lesson=01`, as an embed link names one). */
  | { kind: 'lesson'; name: string }
  /** A fragment that is not a scenario link, or one with nothing in it: `why` says which. */
  | { kind: 'not-a-scenario'; why: string };

/** Reads a location's fragment: nothing, a packed scenario, or something that is not one. */
export function readFragment(hash: string): Fragment {
  const body = hash.replace(/^#/, '');
  if (body === '') return { kind: 'none' };
  const params = new URLSearchParams(body);
  const packed = params.get(LINK_KEY);
  const lesson = params.get(LESSON_KEY);
  if (packed === null && lesson !== null) return { kind: 'lesson', name: lesson };
  if (packed === null && params.has('embed')) {
    return {
      kind: 'not-a-scenario',
      why: `the embed link names no lesson and no scenario (add ${LESSON_KEY}=01 for a built-in lesson, or ${LINK_KEY}= and a packed scenario)`,
    };
  }
  if (packed === null) {
    const shown = hash.length > 40 ? `${hash.slice(0, 40)}…` : hash;
    return {
      kind: 'not-a-scenario',
      why: `the address ends in ${shown}, which is not a scenario link (a scenario link ends in #${LINK_KEY}= and the packed scenario)`,
    };
  }
  if (packed === '') {
    return {
      kind: 'not-a-scenario',
      why: `the link has nothing after #${LINK_KEY}= (was it cut short when copied?)`,
    };
  }
  return { kind: 'scenario', packed };
}

/** Unpacked output is capped: a small link must not unpack into gigabytes. */
const MAX_UNPACKED = 2_000_000;

async function pipe(input: Uint8Array, transform: GenericTransformStream): Promise<Uint8Array> {
  const stream = new Blob([input as BlobPart]).stream().pipeThrough(transform);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_UNPACKED) {
      await reader.cancel();
      throw new Error('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length === 0) return undefined;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
