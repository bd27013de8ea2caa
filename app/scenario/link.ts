import { parseScenario, type ScenarioResult } from './validate';

export { LINK_KEY, scenarioInHash } from './linkHash';

/**
 * A scenario's text packed for a URL fragment: deflated, then base64url. The fragment never
 * reaches a server, so a static host serves the page and the scenario stays in the browser.
 */
export async function packScenario(text: string): Promise<string> {
  const deflated = await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  return toBase64Url(deflated);
}

/** Reads a shared link's fragment; every failure is a problem with a message, never a throw. */
export async function unpackScenario(packed: string): Promise<ScenarioResult> {
  const damaged = (why: string): ScenarioResult => ({
    ok: false,
    problems: [{ line: 1, path: '', message: `the link is damaged (${why})` }],
  });
  const bytes = fromBase64Url(packed);
  if (!bytes) return damaged('not base64url');
  let text: string;
  try {
    const inflated = await pipe(bytes, new DecompressionStream('deflate-raw'));
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return damaged('its data does not unpack');
  }
  return parseScenario(text);
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
