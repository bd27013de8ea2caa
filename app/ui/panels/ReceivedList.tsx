import { formatClock } from '../../format/time';
import type { ReceivedMessage } from '../../clients/clientTypes';

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
        // It scrolls: a Tab stop, so that the keyboard can scroll it too.
        tabIndex={0}
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
            <MessageProperties m={m} />
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The MQTT 5 properties a message came with, as short labelled items. */
function MessageProperties({ m }: { m: ReceivedMessage }) {
  const items: [string, string][] = [];
  if (m.responseTopic) items.push(['response', m.responseTopic]);
  if (m.correlationData) items.push(['correlation', m.correlationData]);
  if (m.contentType) items.push(['type', m.contentType]);
  for (const [k, v] of m.userProperties ?? []) items.push(['user', `${k}=${v}`]);
  if (m.subscriptionIds?.length) items.push(['sub id', m.subscriptionIds.join(', ')]);
  if (items.length === 0) return null;
  return (
    <span className="message-props" data-testid="received-props">
      {items.map(([name, value], i) => (
        <span key={i} className="message-prop">
          <span className="muted">{name}</span> <code>{value}</code>
        </span>
      ))}
    </span>
  );
}
