import type { DropReason } from '../../broker';
import type { SessionView } from '../../store/brokerView';
import { formatClock, formatDuration, formatSeconds } from '../../format/time';
import { memo } from 'react';
import { sessionPresentLook } from './sessionPresent';
import { expiryWording, storedWording } from './wording';
import { sameSessionCard, type SessionCardProps } from './cardMemo';
import { StoredMessages } from './StoredMessages';

const STATUS_TEXT: Record<SessionView['status'], string> = {
  connected: 'connected',
  away: 'client away',
  expired: 'expired',
  discarded: 'discarded',
};

/**
 * One session on the broker: state, subscriptions, stored messages, replay and expiry. Against
 * a remote broker (`remote`), the session as its clients saw it: what is inferred says so, and
 * what only the broker knows (its store while the client is away, drops, the expiry) is not
 * shown as known.
 */
export const SessionCard = memo(function SessionCard({
  clientId,
  s,
  now,
  remote = false,
  cardRef,
}: SessionCardProps) {
  if (!s) return null;
  const ended = s.status === 'expired' || s.status === 'discarded';
  const label = clientId || '(empty id)';
  return (
    <article
      ref={cardRef}
      className={`card session status-${s.status}`}
      aria-label={`Session ${label}`}
      data-session={clientId}
    >
      <header className="card-head">
        <h3>{label}</h3>
        <span className={`pill pill-${s.status}`} data-testid="session-status">
          {STATUS_TEXT[s.status]}
        </span>
        <span className="pill pill-muted">{s.persistent ? 'persistent' : 'clean'}</span>
        <span className="pill pill-muted">MQTT {s.protocolVersion === 5 ? '5' : '3.1.1'}</span>
        {s.lastConnack && <ConnackPill connack={s.lastConnack} />}
        {remote && (
          <span
            className="pill pill-inferred"
            title="Seen by its clients: the CONNACKs, the subscriptions granted, what arrived. The store and the replay are inferred from what arrived on resume."
          >
            observed · inferred
          </span>
        )}
      </header>

      {ended ? (
        <p className="ended" data-testid="session-ended">
          {s.status === 'expired' ? 'Expired' : 'Discarded'} at {formatClock(s.endedAt ?? 0)}:{' '}
          {s.discardedMessages ?? 0} stored message{s.discardedMessages === 1 ? '' : 's'} thrown
          away, subscriptions gone.
        </p>
      ) : (
        <>
          <Subscriptions s={s} />
          {s.takeovers.length > 0 && (
            <p className="takeover small" data-testid="takeover">
              Taken over {s.takeovers.length === 1 ? 'once' : `${s.takeovers.length} times`}, last
              at {formatClock(s.takeovers.at(-1)!.at)}: connection #{s.takeovers.at(-1)!.oldConnId}{' '}
              was closed and #{s.takeovers.at(-1)!.newConnId} has the session.
            </p>
          )}
          {remote ? <RemoteExpiry s={s} /> : <Expiry s={s} now={now} />}
          <Replay s={s} now={now} remote={remote} />
        </>
      )}
      <div className="store-head">
        <strong>Stored</strong> <StoredCount s={s} remote={remote} />
        {remote ? null : <Dropped dropped={s.dropped} />}
      </div>
      <StoredMessages s={s} />
    </article>
  );
}, sameSessionCard);

function StoredCount({ s, remote }: { s: SessionView; remote: boolean }) {
  const w = storedWording(s, remote);
  if (w.count === undefined) {
    return (
      <>
        <span className="muted small" data-testid="stored-unknown">
          {w.detail}
        </span>
        {w.unacknowledged && (
          <span className="small" data-testid="stored-unacknowledged">
            <br />
            {w.unacknowledged}
          </span>
        )}
      </>
    );
  }
  return (
    <>
      <span data-testid="stored-count">{w.count}</span>
      <span className="muted small">{w.detail}</span>
    </>
  );
}

function ConnackPill({ connack }: { connack: NonNullable<SessionView['lastConnack']> }) {
  const look = sessionPresentLook(connack.sessionPresent, connack.lost);
  return (
    <span
      className={`pill ${look.className}`}
      data-testid="session-present"
      title={`Last CONNACK at ${formatClock(connack.at)}: ${look.meaning}`}
    >
      CONNACK sessionPresent={connack.sessionPresent ? 1 : 0}
      {connack.lost && ': session lost'}
    </span>
  );
}

function Subscriptions({ s }: { s: SessionView }) {
  return (
    <p className="subs" data-testid="subscriptions">
      <span className="muted">Subscriptions:</span>{' '}
      {s.subscriptions.length === 0 ? (
        <span className="muted">none</span>
      ) : (
        s.subscriptions.map((x) => (
          <code key={x.filter} className="sub">
            {x.filter} <span className="muted">QoS {x.qos}</span>
          </code>
        ))
      )}
    </p>
  );
}

function Expiry({ s, now }: { s: SessionView; now: number }) {
  if (s.status === 'connected') {
    return (
      <p className="expiry muted small">
        Expiry:{' '}
        {!s.persistent
          ? 'ends with the connection'
          : s.expiry === null
            ? 'never: kept for as long as the broker runs'
            : `${formatSeconds(s.expiry)} after the connection ends`}
      </p>
    );
  }
  if (!s.expiresAt)
    return <p className="expiry small">Kept while away: this profile never expires it.</p>;
  const { countdown, when } = expiryWording(s.expiresAt, now);
  return (
    <p className="expiry" data-testid="expiry">
      Expires <strong>{countdown}</strong> <span className="muted small">({when})</span>
    </p>
  );
}

/**
 * A remote broker's expiry: what the client asked for and the CONNACK granted; whether the
 * session is still there while the client is away only the next CONNACK says.
 */
function RemoteExpiry({ s }: { s: SessionView }) {
  const asked = !s.persistent
    ? 'ends with the connection (the client asked for a clean session)'
    : s.protocolVersion === 5
      ? s.expiry === null
        ? 'never, as the CONNACK granted'
        : `${formatSeconds(s.expiry)} after the connection ends, as the CONNACK granted`
      : 'a 3.1.1 broker does not say when it ends a session';
  return (
    <p className="expiry small" data-testid="expiry">
      Expiry: {asked}.
      {s.status === 'away' && (
        <>
          {' '}
          <strong>Kept while away?</strong> Only the next CONNACK says (sessionPresent).
        </>
      )}
    </p>
  );
}

function Replay({ s, now, remote }: { s: SessionView; now: number; remote: boolean }) {
  const r = s.replay;
  if (!r) return null;
  const done = r.finishedAt !== undefined;
  const elapsed = (done ? r.finishedAt! : now) - r.startedAt;
  const pace =
    r.sent > 1 && r.lastAt > r.startedAt
      ? ((r.sent - 1) * 1000) / (r.lastAt - r.startedAt)
      : undefined;
  const pct = r.backlog ? Math.min(100, Math.round((r.sent / r.backlog) * 100)) : 100;
  return (
    <div className="replay" data-testid="replay">
      <div className="row">
        <span>
          Replay {done ? 'finished' : 'in progress'}
          {remote && ' (inferred)'}: <strong>{r.sent}</strong> of {r.backlog}
        </span>
        <span className="muted small">
          {remote
            ? 'the stored messages that arrived on resume'
            : r.rate > 0
              ? `limit ${r.rate} msg/s`
              : 'unpaced'}
          {pace !== undefined ? ` · measured ${pace.toFixed(1)} msg/s` : ''} ·{' '}
          {formatDuration(elapsed)}
        </span>
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={r.backlog}
        aria-valuenow={r.sent}
        aria-label="Replay progress"
      >
        <div className="bar-fill" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

const DROP_TEXT: Record<DropReason, string> = {
  'qos0-while-away': 'QoS 0 while away',
  'queue-full': 'store full',
  'oldest-evicted': 'oldest evicted',
  expired: 'expired',
  'no-subscriber': 'no subscriber',
  'not-authorized': 'not authorized',
  'session-expired': 'session expired',
  'session-discarded': 'session discarded',
  'too-large-for-client': 'too large for client',
  'rejected-by-client': 'rejected by client',
  'encode-failed': 'could not be encoded',
  'broker-store-full': 'broker store full',
};

function Dropped({ dropped }: { dropped: SessionView['dropped'] }) {
  const items = Object.entries(dropped) as [DropReason, number][];
  if (items.length === 0) return null;
  return (
    <span className="dropped small" data-testid="dropped">
      {' · dropped: '}
      {items.map(([reason, n]) => `${n} ${DROP_TEXT[reason]}`).join(', ')}
    </span>
  );
}
