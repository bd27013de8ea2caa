import { topicMatches, type StoreReason } from '../broker';
import type { Arrival, ConnView, DeriveOptions, Derivation } from './derive';

/** A replay with nothing new for this long is taken as over. */
export const REPLAY_QUIET_MS = 1000;

/**
 * What the broker must have stored, concluded from what arrived on resume: on a connection
 * whose CONNACK said sessionPresent=1, every message that was published before that CONNACK
 * (or sent before and not acknowledged) and arrives on it came from the session's store. From
 * those arrivals: `message.stored` (when it was stored: its publication, or the end of the
 * connection it was in flight on), the replay's start, pace and end, and the counts of
 * `session.resumed`. All of them are marked inferred.
 */
export function inferSessions(d: Derivation, options: DeriveOptions): void {
  const quietMs = options.quietMs ?? REPLAY_QUIET_MS;
  for (const c of d.conns) {
    if (!c.connack?.sessionPresent || c.connack.code !== 0) continue;
    const connackAt = c.connack.at;
    const backlog = c.arrivals.filter((a) => a.resend || publishedBefore(d, a, connackAt));
    const fresh = backlog.filter((a) => !a.resend);
    if (c.resumed) {
      c.resumed.stored = fresh.length;
      c.resumed.inflight = backlog.length - fresh.length;
    }
    if (backlog.length === 0) continue;
    const awaySince = d.previous(c)?.closedAt;
    const stored = backlog
      .map((a) => ({ a, ...whenStored(d, a, awaySince) }))
      .sort((x, y) => x.at - y.at);
    stored.forEach(({ a, at, reason }, i) =>
      d.sink.emit(
        { type: 'message.stored', msgId: a.msgId, clientId: c.clientId, reason, queued: i + 1 },
        at,
        'inferred',
      ),
    );
    for (const a of fresh) if (a.event.type === 'message.sent') a.event.replay = true;
    const first = backlog[0]!.at;
    const last = backlog.at(-1)!.at;
    const n = backlog.length;
    const rate = n > 1 && last > first ? ((n - 1) * 1000) / (last - first) : 0;
    d.sink.emit(
      {
        type: 'replay.started',
        clientId: c.clientId,
        backlog: n,
        ratePerSecond: Math.round(rate * 10) / 10,
      },
      first,
      'inferred',
      true,
    );
    const over =
      c.closedAt !== undefined ||
      options.now - last >= quietMs ||
      fresh.length >= expectedBacklog(d, c, awaySince);
    if (over) {
      d.sink.emit(
        { type: 'replay.finished', clientId: c.clientId, sent: n, durationMs: last - first },
        last,
        'inferred',
      );
    }
  }
}

function publishedBefore(d: Derivation, a: Arrival, at: number): boolean {
  const m = d.book.all.get(a.msgId);
  return m !== undefined && m.seenPublished && m.at < at;
}

function whenStored(
  d: Derivation,
  a: Arrival,
  awaySince: number | undefined,
): { at: number; reason: StoreReason } {
  const publishedAt = d.book.all.get(a.msgId)?.at ?? a.at;
  if (awaySince === undefined) return { at: publishedAt, reason: 'client-away' };
  if (publishedAt >= awaySince) return { at: publishedAt, reason: 'client-away' };
  return { at: awaySince, reason: a.resend ? 'unacknowledged' : 'inflight-full' };
}

/**
 * How many QoS 1 and 2 messages the run published while the client was away on topics its
 * session subscribed to: when that many have arrived, the replay is over (a broker may store
 * fewer; then the quiet time ends it).
 */
function expectedBacklog(d: Derivation, c: ConnView, awaySince: number | undefined): number {
  if (awaySince === undefined) return Infinity;
  const filters = c.subscriptionsAtConnack;
  let n = 0;
  for (const m of d.book.all.values()) {
    if (!m.seenPublished || m.qos === 0 || m.at < awaySince || m.at >= c.connack!.at) continue;
    if (filters.some((f) => topicMatches(f, m.topic))) n++;
  }
  return n === 0 ? Infinity : n;
}
