import { useCallback, useMemo } from 'react';
import { useApp, useAppStore } from '../StoreContext';
import { useBrokerView } from '../useBrokerView';
import { LimitsNotice } from './LimitsNotice';
import { sameSessionCard, type SessionCardProps } from './cardMemo';
import { SessionCard } from './SessionCard';
import { useLaggedOffscreen } from '../useLaggedOffscreen';

/** The broker's side: every session it holds, connected or not. */
export function SessionsPanel() {
  const { view, now } = useBrokerView();
  const { order, totals } = view;
  const profile = useApp((s) => s.setup.profile);
  const remote = useAppStore().remote !== undefined;
  return (
    <section id="sessions" tabIndex={-1} className="panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">
        Broker sessions{' '}
        <span className="muted small">
          {remote ? '(as the remote broker’s clients saw them)' : `(${profile} profile)`}
        </span>
      </h2>
      {remote && (
        <p className="remote-note" data-testid="remote-sessions-note">
          A remote broker does not show its sessions: these are what its clients saw (each CONNACK
          and its sessionPresent, the subscriptions granted, what arrived, with DUP) and what
          follows from it, marked <em>inferred</em>: a message that arrives on resume was stored.
          What only the broker knows is not shown: its store while a client is away, what it dropped
          and why, when a session expired.
        </p>
      )}
      <p className="totals muted small" data-testid="totals">
        {totals.published} published · {totals.sent} sent · {totals.acknowledged} acknowledged ·{' '}
        {remote ? 'dropped: the broker’s to know' : `${totals.dropped} dropped`}
      </p>
      <LimitsNotice limits={view.limits} />
      {order.length === 0 && <p className="muted">No sessions yet: connect a client.</p>}
      <div className="cards">
        {order.map((id) => (
          <SessionCardSlot key={id} clientId={id} s={view.sessions[id]} now={now} remote={remote} />
        ))}
      </div>
    </section>
  );
}

/**
 * A session's card, brought up to date twice a second while scrolled out of view (the session
 * and the clock it shows held together), at once when seen.
 */
function SessionCardSlot({ clientId, s, now, remote }: SessionCardProps) {
  const pair = useMemo(() => ({ s, now }), [s, now]);
  // One comparison per card, not a new one at every render (it is the lag's effect's input).
  const same = useCallback(
    (a: typeof pair, b: typeof pair) =>
      sameSessionCard({ clientId, remote, ...a }, { clientId, remote, ...b }),
    [clientId, remote],
  );
  const [cardRef, shown] = useLaggedOffscreen(pair, same);
  return (
    <SessionCard
      clientId={clientId}
      remote={remote}
      s={shown.s}
      now={shown.now}
      cardRef={cardRef}
    />
  );
}
