import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import {
  PROFILE_NAMES,
  ProfileError,
  resolveProfile,
  topicFilterError,
  type ProfileName,
  type ProfileOverrides,
} from '../broker';
import { FIGURE_FLAGS, figureHelp, FigureValueError, readFigure } from './figureFlags';
import type { HostOptions } from './host';
import { SLOW_CONSUMER_BYTES } from './peer';

/** What the command line asks for: run a broker, print the help, or stop with a message. */
export type CliResult =
  | { kind: 'run'; options: HostOptions }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string };

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 1883;
export const DEFAULT_PROFILE: ProfileName = 'aws';
export const DEFAULT_SEED = 1;

type FlagSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

/** The flags that are not profile figures. */
const OWN_FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'ws-port': { type: 'string' },
  profile: { type: 'string' },
  'session-expiry': { type: 'string' },
  'deny-subscribe': { type: 'string', multiple: true },
  'deny-publish': { type: 'string', multiple: true },
  seed: { type: 'string' },
  'max-buffered': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, FlagSpec>;

/** Every flag: the host's own, and one per profile figure (figureFlags.ts). */
const FLAGS: Record<string, FlagSpec> = {
  ...OWN_FLAGS,
  ...Object.fromEntries(FIGURE_FLAGS.map((f) => [f.flag, { type: 'string' } as const])),
};

export const HELP = `Usage: npm run broker -- [flags]

Runs the MQTT Session Lab broker (MQTT 3.1.1 and 5.0) in real time, outside the browser.

  --host ADDR              address to listen on (default ${DEFAULT_HOST})
  --port N                 MQTT over TCP (default ${DEFAULT_PORT}; 0 picks a free port)
  --ws-port N              MQTT over WebSocket at ws://ADDR:N/mqtt (off unless given)
  --profile NAME           ${PROFILE_NAMES.join(' | ')} (default ${DEFAULT_PROFILE})
  --session-expiry S       both --session-expiry-311 and --max-session-expiry (either, given
                           too, wins); 'never' for no expiry

Every figure of the profile (each one given replaces the profile's own):
${figureHelp()}

  --deny-subscribe FILTER  refuse subscriptions matching FILTER (repeatable)
  --deny-publish FILTER    refuse publishes to topics matching FILTER (repeatable)
  --max-buffered BYTES     bytes waiting for a client that does not read before its
                           connection is cut (default ${SLOW_CONSUMER_BYTES})
  --seed N                 seed of the expiry jitter (default ${DEFAULT_SEED}): same seed, same draws
  -h, --help               show this help

Flags not given keep the profile's figures. Examples:
  npm run broker
  npm run broker -- --port 1884 --ws-port 8080 --profile standard
  npm run broker -- --session-expiry 60 --expiry-jitter 0 --replay-rate 2
`;

class FlagError extends Error {}

/** A flag's value as its figure, or a FlagError naming the flag. */
function figure(flag: (typeof FIGURE_FLAGS)[number], raw: string) {
  try {
    return readFigure(flag, raw);
  } catch (e) {
    if (e instanceof FigureValueError) return fail(flag.flag, e.message);
    throw e;
  }
}

const fail = (flag: string, message: string): never => {
  throw new FlagError(`--${flag}: ${message}`);
};

function integer(flag: string, raw: string, min: number, max: number, what: string): number {
  if (!/^\d+$/.test(raw)) fail(flag, `'${raw}' is not ${what}`);
  const n = Number(raw);
  if (n < min || n > max) fail(flag, `${raw} is out of range (${min} to ${max})`);
  return n;
}

const port = (flag: string, raw: string) =>
  integer(flag, raw, 0, 65_535, 'a port number (an integer from 0 to 65535)');

function seconds(flag: string, raw: string, never: boolean): number {
  if (never && /^(never|infinity)$/i.test(raw)) return Number.POSITIVE_INFINITY;
  const what = never ? "a whole number of seconds or 'never'" : 'a whole number of seconds';
  return integer(flag, raw, 0, 4_294_967_295, what);
}

function hostAddress(raw: string): string {
  const hostname =
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
  if (isIP(raw) === 0 && !hostname.test(raw))
    fail('host', `'${raw}' is not an IP address or host name`);
  return raw;
}

function filter(flag: string, raw: string): string {
  const error = topicFilterError(raw);
  if (error) fail(flag, `'${raw}': ${error}`);
  return raw;
}

/**
 * Reads the broker's flags. Pure: it neither prints nor exits, so that a test can check every
 * message; main.ts prints and sets the exit code.
 */
export function parseCli(argv: readonly string[]): CliResult {
  try {
    return parse(argv);
  } catch (e) {
    if (e instanceof FlagError || e instanceof ProfileError)
      return { kind: 'error', message: e.message };
    throw e;
  }
}

function parse(argv: readonly string[]): CliResult {
  const { tokens } = parseArgs({
    args: [...argv],
    options: FLAGS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const single = new Map<string, string>();
  const denySubscribe: string[] = [];
  const denyPublish: string[] = [];
  let help = false;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      throw new FlagError(`unexpected argument '${token.value}' (flags start with --)`);
    }
    if (token.kind !== 'option') continue;
    const name = token.name as string;
    if (!Object.hasOwn(FLAGS, name)) throw new FlagError(`unknown flag ${token.rawName}`);
    if (name === 'help') {
      if (token.value !== undefined) fail('help', 'takes no value');
      help = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('--'))) {
      fail(name, 'needs a value');
    }
    if (value === '') fail(name, 'needs a value');
    if (name === 'deny-subscribe') denySubscribe.push(filter(name, value!));
    else if (name === 'deny-publish') denyPublish.push(filter(name, value!));
    else if (single.has(name)) fail(name, 'given more than once');
    else single.set(name, value!);
  }
  if (help) return { kind: 'help', text: HELP };

  const raw = (name: string) => single.get(name);
  const profileName = raw('profile') ?? DEFAULT_PROFILE;
  if (!(PROFILE_NAMES as readonly string[]).includes(profileName)) {
    fail('profile', `'${profileName}' is not a profile (${PROFILE_NAMES.join(', ')})`);
  }
  const overrides: ProfileOverrides = {};
  const expiry = raw('session-expiry');
  if (expiry !== undefined) {
    overrides.sessionExpiryV3 = seconds('session-expiry', expiry, true);
    overrides.maxSessionExpiry = overrides.sessionExpiryV3;
  }
  // Each figure given, after --session-expiry so that the figure's own flag wins.
  for (const f of FIGURE_FLAGS) {
    const value = raw(f.flag);
    if (value !== undefined) Object.assign(overrides, { [f.key]: figure(f, value) });
  }
  const tcpPort = port('port', raw('port') ?? String(DEFAULT_PORT));
  const wsRaw = raw('ws-port');
  const wsPort = wsRaw === undefined ? undefined : port('ws-port', wsRaw);
  if (wsPort !== undefined && wsPort !== 0 && wsPort === tcpPort) {
    fail('ws-port', `${wsPort} is already the TCP port (--port)`);
  }
  const seedRaw = raw('seed');
  const seed =
    seedRaw === undefined ? DEFAULT_SEED : integer('seed', seedRaw, 0, 4_294_967_295, 'an integer');
  const bufferedRaw = raw('max-buffered');
  const maxBuffered =
    bufferedRaw === undefined
      ? undefined
      : integer('max-buffered', bufferedRaw, 1024, Number.MAX_SAFE_INTEGER, 'a number of bytes');
  const profile = profileName as ProfileName;
  // The core checks the figures once more; a refusal names the figure.
  resolveProfile(profile, overrides);
  return {
    kind: 'run',
    options: {
      host: hostAddress(raw('host') ?? DEFAULT_HOST),
      port: tcpPort,
      ...(wsPort === undefined ? {} : { wsPort }),
      profile,
      overrides,
      seed,
      access: { denySubscribe, denyPublish },
      ...(maxBuffered === undefined ? {} : { maxBuffered }),
    },
  };
}
