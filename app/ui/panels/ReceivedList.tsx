import { formatClock } from '../format';
import type { ReceivedMessage } from '../../clients/sessionClient';

const SHOWN = 100;

/** What the client received, newest last, with QoS, DUP and retain flags. */
export function ReceivedList({
  clientId,
  received,
  count,
}: {
  clientId: string;
  received: readonly ReceivedMessage[];
  count: number;
}) {
  const shown = received.slice(-SHOWN);
  return (
    <details className="received" open={count > 0}>
      <summary>
        Received <strong data-testid="received-count">{count}</strong>
        {count > shown.length && <span className="muted"> (last {shown.length} shown)</span>}
      </summary>
      <ol
        className="messages"
        aria-label={`Messages received by ${clientId}`}
        start={count - shown.length + 1}
      >
        {shown.map((m, i) => (
          <li
            key={count - shown.length + i}
            className="message"
            data-testid="received-message"
            data-at={m.at}
          >
            <span className="time">{formatClock(m.at)}</span>
            <code className="topic">{m.topic}</code>
            <span className="payload">{m.payload}</span>
            <span className={`flag qos${m.qos}`}>QoS {m.qos}</span>
            {m.dup && <span className="flag dup">DUP</span>}
            {m.retain && <span className="flag retain">retain</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}
