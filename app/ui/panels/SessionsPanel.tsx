import { useApp } from '../StoreContext';
import { useBrokerView } from '../useBrokerView';
import { LimitsNotice } from './LimitsNotice';
import { SessionCard } from './SessionCard';

/** The broker's side: every session it holds, connected or not. */
export function SessionsPanel() {
  const { view, now } = useBrokerView();
  const { order, totals } = view;
  const profile = useApp((s) => s.setup.profile);
  return (
    <section id="sessions" tabIndex={-1} className="panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">
        Broker sessions <span className="muted small">({profile} profile)</span>
      </h2>
      <p className="totals muted small" data-testid="totals">
        {totals.published} published · {totals.sent} sent · {totals.acknowledged} acknowledged ·{' '}
        {totals.dropped} dropped
      </p>
      <LimitsNotice limits={view.limits} />
      {order.length === 0 && <p className="muted">No sessions yet: connect a client.</p>}
      <div className="cards">
        {order.map((id) => (
          <SessionCard key={id} clientId={id} s={view.sessions[id]} now={now} />
        ))}
      </div>
    </section>
  );
}
