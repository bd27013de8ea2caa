import { displayUrl } from '../url';
import type { RemoteMode } from './remoteMode';

/** The address's query parameters that choose a remote broker. */
export const BROKER_PARAM = 'broker';
export const PREFIX_PARAM = 'prefix';
/** What the form suggests before every client id: short, and says whose sessions they are. */
export const DEFAULT_PREFIX = 'lab-';
/** Longest prefix taken (a client id is at most 128 characters in the page, 23 promised by 3.1.1). */
export const MAX_PREFIX = 64;

/** A host name or IPv4 address as a browser writes it (lower case, IDN as punycode). */
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/;

/** Hosts a browser counts as this machine, where an https page may still open ws://. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3})$/;

/** What the address says of the broker: none (the in-page one), a remote one, or a bad one. */
export type BrokerChoice =
  { kind: 'in-page' } | { kind: 'remote'; mode: RemoteMode } | { kind: 'bad'; problem: string };

/**
 * What is wrong with a broker URL for the page, or undefined when it can be used. A browser
 * reaches a broker only over WebSocket; credentials go in the page's fields, never in the URL
 * (the address is kept in the browser's history).
 */
export function pageBrokerUrlError(
  url: string,
  /** The page's own scheme: a page served over https may open wss:// only (ws:// to loopback). */
  pageProtocol: string | undefined = globalThis.location?.protocol,
): string | undefined {
  const text = url.trim();
  if (text === '')
    return 'enter the broker’s WebSocket URL, for example wss://broker.example:8884/mqtt';
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return `“${text}” is not a URL (for example ws://127.0.0.1:8080/mqtt)`;
  }
  if (u.protocol === 'mqtt:' || u.protocol === 'mqtts:' || u.protocol === 'tcp:')
    return `a browser reaches a broker only over WebSocket: use its ws:// or wss:// listener (often on port 8080, 8083, 8084 or 443, path /mqtt), not ${u.protocol}//`;
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:')
    return `“${u.protocol}//” is not a WebSocket URL: it must start with ws:// or wss://`;
  if (!u.hostname) return `“${text}” names no host`;
  if (u.username || u.password)
    return 'leave the user name and password out of the URL (the address is kept in the browser’s history): the page asks for them, and keeps them in this tab’s memory only';
  if (u.hash) return 'a broker URL has no fragment (#…)';
  if (u.hostname.startsWith('['))
    return 'an IPv6 address cannot be named in the page’s Content-Security-Policy: use a host name';
  // The host goes into the page's Content-Security-Policy as it is: a URL may carry `*`, `;` or
  // quotes in a host, which would widen the policy (`ws://*`) or add a directive to it.
  if (pageProtocol === 'https:' && u.protocol === 'ws:' && !LOOPBACK.test(u.hostname))
    return 'this page is served over https, and a browser lets it open only wss:// connections (ws:// only to this machine): use the broker’s TLS WebSocket listener';
  if (!HOST_NAME.test(u.hostname))
    return `“${u.hostname}” is not a host name the page can allow: letters, digits, dots and hyphens only`;
  return undefined;
}

/** What is wrong with a client id prefix, or undefined. */
export function prefixError(prefix: string): string | undefined {
  if (prefix.length > MAX_PREFIX) return `at most ${MAX_PREFIX} characters`;
  if (/[#+/]/.test(prefix) || [...prefix].some((ch) => ch.charCodeAt(0) < 0x20))
    return 'no control characters, and none of # + / (they would look like topic wildcards in a policy)';
  return undefined;
}

/** Reads the broker the address chooses (`?broker=ws…&prefix=…`). */
export function readBrokerChoice(search: string): BrokerChoice {
  const params = new URLSearchParams(search);
  const url = params.get(BROKER_PARAM);
  if (url === null) return { kind: 'in-page' };
  const problem = pageBrokerUrlError(url);
  if (problem) return { kind: 'bad', problem: `the address’s broker: ${problem}` };
  const prefix = params.get(PREFIX_PARAM) ?? DEFAULT_PREFIX;
  const bad = prefixError(prefix);
  if (bad) return { kind: 'bad', problem: `the address’s client id prefix: ${bad}` };
  const u = new URL(url.trim());
  return {
    kind: 'remote',
    mode: {
      url: u.toString(),
      label: displayUrl(u.toString()),
      origin: u.origin,
      idPrefix: prefix,
      credentials: {},
    },
  };
}

/** The page's address with this broker chosen (or none: the in-page broker), fragment kept. */
export function addressFor(
  current: string,
  broker: { url: string; prefix: string } | undefined,
): string {
  const u = new URL(current);
  u.searchParams.delete(BROKER_PARAM);
  u.searchParams.delete(PREFIX_PARAM);
  if (broker) {
    u.searchParams.set(BROKER_PARAM, broker.url.trim());
    u.searchParams.set(PREFIX_PARAM, broker.prefix);
  }
  return u.toString();
}

/**
 * The `connect-src` the page narrows itself to: nothing, or the chosen broker's origin alone.
 * The built page's own policy allows `ws: wss:` (a meta policy cannot be loosened later, only
 * narrowed by a second one); this second policy is set before anything connects.
 */
export function connectPolicy(choice: BrokerChoice): string {
  return choice.kind === 'remote' ? `connect-src ${choice.mode.origin}` : "connect-src 'none'";
}

/**
 * Adds the narrowing policy to the page, when the page has a policy of its own (the built
 * site; the dev server has none, and needs its own WebSocket).
 */
export function narrowConnections(doc: Document, choice: BrokerChoice): void {
  if (!doc.querySelector('meta[http-equiv="Content-Security-Policy"]')) return;
  const meta = doc.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = connectPolicy(choice);
  doc.head.appendChild(meta);
}
