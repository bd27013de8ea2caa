/**
 * The check of one fuzz case, without a test framework (the unit suite and `npm run fuzz`
 * share it): feed the bytes to one connection beside the bystanders, then list whatever is
 * wrong. An empty list is a pass.
 */
import type { BrokerEvent, CloseReason } from '../../broker/events';
import type { ProfileName } from '../../broker/profiles';
import type { SessionSnapshot } from '../../broker/snapshot';
import { bystanderProblems, bystanderSessions, createWorld } from '../bystanders';
import { RawClient, toHex, type Version } from '../rawClient';
import { caseBytes, chunk, type FuzzCase } from './cases';

/** How the hostile connection ended up: closed (and why), or still open. */
export type Outcome = CloseReason | 'open';

export interface CaseResult {
  outcome: Outcome;
  /** The connection got a CONNACK: at least its CONNECT was valid. */
  connected: boolean;
  problems: string[];
}

interface Run {
  outcome: Outcome;
  connected: boolean;
  problems: string[];
  /** Everything observable from the connection's bytes, to compare two chunkings. */
  trace: string;
}

/** Runs a case twice, in one piece and in its chunks: both must pass and agree. */
export function checkCase(c: FuzzCase): CaseResult {
  const bytes = caseBytes(c);
  const whole = feed(c.profile, c.version, [bytes]);
  const chunks = chunk(bytes, c.cuts);
  const problems = [...whole.problems];
  if (chunks.length > 1) {
    const cut = feed(c.profile, c.version, chunks);
    problems.push(...cut.problems.map((p) => `in ${chunks.length} chunks: ${p}`));
    if (cut.trace !== whole.trace) {
      problems.push(
        `${chunks.length} chunks gave another outcome than one piece:\n  whole ${whole.trace}\n  chunked ${cut.trace}`,
      );
    }
  }
  return { outcome: whole.outcome, connected: whole.connected, problems };
}

/** Feeds the chunks to a fresh connection beside fresh bystanders and checks everything. */
export function feed(profile: ProfileName, version: Version, chunks: Uint8Array[]): Run {
  const w = createWorld(profile);
  const { h } = w;
  const problems: string[] = [];
  const raw = new RawClient(h.broker, version);
  const from = h.events.length;
  for (const bytes of chunks) {
    if (raw.closed) break;
    try {
      raw.send(bytes);
    } catch (e) {
      problems.push(`receive threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      break;
    }
  }
  const events = h.events.slice(from);
  const connected = raw.received.some(
    (p) => p.cmd === 'connack' && (p.returnCode ?? p.reasonCode ?? 0) === 0,
  );
  const outcome = judge(events, raw, problems);
  const trace = JSON.stringify({ events, received: raw.received, closed: raw.closed }, bytesAsHex);

  problems.push(...shapeProblems(events, 'event'), ...sessionProblems(w.h.broker.sessions()));
  if (JSON.stringify(bystanderSessions(w)) !== JSON.stringify(w.before)) {
    problems.push(`bystander sessions changed: ${JSON.stringify(bystanderSessions(w))}`);
  }
  // Time passes: a connection still waiting for CONNECT must be closed by the CONNECT timeout.
  const waiting = !raw.closed && !raw.received.some((p) => p.cmd === 'connack');
  const closesBefore = h.of('connection.closed').length;
  h.clock.advance(h.broker.profile.connectTimeout * 1000 + 1);
  if (waiting) {
    const late = h.of('connection.closed').slice(closesBefore);
    if (
      !raw.closed ||
      !late.some((e) => e.connId === raw.connId && e.reason === 'connect-timeout')
    ) {
      problems.push('a connection without CONNECT outlived the CONNECT timeout');
    }
  }
  problems.push(...sessionProblems(w.h.broker.sessions()));
  if (!raw.closed) {
    try {
      raw.cut();
    } catch (e) {
      problems.push(`closed threw: ${String(e)}`);
    }
  }
  problems.push(...bystanderProblems(w));
  return { outcome, connected, problems, trace };
}

/** Arrays the event union and the session snapshots do have; any other is a value out of type. */
const ARRAY_KEYS: ReadonlySet<string> = new Set(['subscriptions', 'messages']);

/**
 * Values that break the types the events and snapshots promise: NaN, or an array where a
 * number or string is due (mqtt-packet turns a property given twice into an array).
 */
export function shapeProblems(value: unknown, where: string): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, path: string, key: string): void => {
    if (typeof v === 'number' && Number.isNaN(v)) problems.push(`${path}: NaN`);
    else if (Array.isArray(v)) {
      if (!ARRAY_KEYS.has(key) && path !== where)
        problems.push(`${path}: an array, ${JSON.stringify(v)}`);
      v.forEach((x, i) => walk(x, `${path}[${i}]`, key));
    } else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, k);
    }
  };
  walk(value, where, '');
  return problems;
}

/** Every session is connected or kept for later: a session that is neither is a leak. */
function sessionProblems(sessions: SessionSnapshot[]): string[] {
  return [
    ...shapeProblems(sessions, 'session'),
    ...sessions
      .filter((s) => !s.connected && !s.persistent)
      .map(
        (s) => `session ${s.clientId} is neither connected nor persistent: ${JSON.stringify(s)}`,
      ),
  ];
}

/** Buffers and plain Uint8Arrays (the parser gives either) as hex, so equal bytes compare equal. */
function bytesAsHex(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Uint8Array ? toHex(raw) : value;
}

/** What the connection's events say happened to it; inconsistencies go to `problems`. */
function judge(events: BrokerEvent[], raw: RawClient, problems: string[]): Outcome {
  const errors = events.filter((e) => e.type === 'protocol.error' && e.connId === raw.connId);
  const closes = events.filter(
    (e): e is Extract<BrokerEvent, { type: 'connection.closed' }> => e.type === 'connection.closed',
  );
  const mine = closes.filter((e) => e.connId === raw.connId);
  const others = closes.filter((e) => e.connId !== raw.connId);
  if (others.length) problems.push(`other connections closed: ${JSON.stringify(others)}`);
  if (mine.length > 1) problems.push(`closed ${mine.length} times`);
  if (errors.length > 1) problems.push(`${errors.length} protocol.error events`);
  const reason = mine[0]?.reason;
  if (errors.length && reason !== 'protocol-error') {
    problems.push(`protocol.error, then closed for ${String(reason)}`);
  }
  if (reason === 'protocol-error' && !errors.length)
    problems.push('closed for a protocol error nobody reported');
  if (raw.closed !== (reason !== undefined)) {
    problems.push(
      `transport ${raw.closed ? 'ended' : 'open'} but the close event says ${String(reason)}`,
    );
  }
  const internal = events.filter((e) => e.type === 'broker.error');
  if (internal.length) problems.push(`broker.error: ${internal.map((e) => e.message).join('; ')}`);
  return reason ?? 'open';
}
