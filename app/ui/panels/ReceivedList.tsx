import { memo, useLayoutEffect, useRef, useState } from 'react';
import { formatClock } from '../../format/time';
import type { ReceivedMessage } from '../../clients/clientTypes';

/**
 * Up to this many rows are all in the page (the list shows ten at a time); past it, only those in
 * view are (see VirtualRows): fifty clients in a burst each held a hundred rows in the page.
 */
const ALL_ROWS_UP_TO = 40;
/** A row's height in the long list, in CSS pixels (`.messages.virtual > .message`). */
const ROW_PX = 22;
/** The long list's height: the short list's most (`.messages`: 14rem). */
const VIEW_PX = 224;
/** Rows kept in the page above and below those in view, so a scroll shows no gap. */
const OVERSCAN = 8;

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
  // The number in the list of the first message kept (older ones are counted, not kept).
  const first = count - received.length + 1;
  return (
    <details className="received" open={count > 0}>
      <summary>
        Received <strong data-testid="received-count">{count}</strong>
        {count > received.length && (
          <span className="muted"> (the last {received.length.toLocaleString('en')} kept)</span>
        )}
      </summary>
      {received.length <= ALL_ROWS_UP_TO ? (
        <ol
          className="messages"
          aria-label={`Messages received by ${clientId}`}
          // It scrolls: a Tab stop, so that the keyboard can scroll it too.
          tabIndex={0}
          start={first}
        >
          {received.map((m, i) => (
            <Row key={first + i} m={m} />
          ))}
        </ol>
      ) : (
        <VirtualRows clientId={clientId} received={received} first={first} />
      )}
    </details>
  );
}

/**
 * A long list with only the rows in view in the page (and a few around them), each of one
 * height: ten thousand messages cost the page what twenty do. It is laid out from the bottom
 * (a column in reverse, newest first in the page), so it stays on the newest as they come with
 * no script reading or setting its scroll; scrolled up, it keeps the rows in view where they are.
 */
function VirtualRows({
  clientId,
  received,
  first,
}: {
  clientId: string;
  received: readonly ReceivedMessage[];
  first: number;
}) {
  const box = useRef<HTMLOListElement | null>(null);
  // How far from the newest the view is scrolled, in pixels (0: on the newest).
  const [back, setBack] = useState(0);
  const n = received.length;
  // Counted from the first ever received: once the list keeps only the last 10,000, its length
  // stays the same while messages still arrive.
  const total = first + n;
  const seen = useRef(total);
  useLayoutEffect(() => {
    const added = total - seen.current;
    seen.current = total;
    const el = box.current;
    // Scrolled back, new rows below would move the ones in view: move the view with them.
    if (el && back > 0 && added > 0) el.scrollTop -= added * ROW_PX;
  }, [total, back]);
  const onScroll = () => {
    const el = box.current;
    if (el) setBack(Math.max(0, -el.scrollTop));
  };
  // Rows counted from the newest (0) back.
  const from = Math.max(0, Math.floor(back / ROW_PX) - OVERSCAN);
  const to = Math.min(n, Math.ceil((back + VIEW_PX) / ROW_PX) + OVERSCAN);
  const rows = [];
  for (let k = from; k < to; k++) {
    const i = n - 1 - k;
    // At the newest, keyed by place: as messages come in, each row's element stays and shows
    // another message, instead of every row being made and removed per render. Scrolled back
    // to read, keyed by message: a row (and text selected in it) keeps its message.
    rows.push(<Row key={back > 0 ? `m${first + i}` : k} m={received[i]!} n={first + i} />);
  }
  return (
    <ol
      ref={box}
      className="messages virtual"
      aria-label={`Messages received by ${clientId}, newest first`}
      style={{ height: VIEW_PX }}
      // It scrolls: a Tab stop, so that the keyboard can scroll it too.
      tabIndex={0}
      onScroll={onScroll}
    >
      <li aria-hidden="true" className="spacer" style={{ height: from * ROW_PX }} />
      {rows}
      <li aria-hidden="true" className="spacer" style={{ height: (n - to) * ROW_PX }} />
    </ol>
  );
}

/**
 * One message. A message is the same object from the update that brought it on, so a row is not
 * rendered again when its list is (every flush of a burst, for the rows that came in).
 */
const Row = memo(function Row({ m, n }: { m: ReceivedMessage; n?: number }) {
  // One text node per span: a list holds up to forty rows, fifty clients 2,000.
  return (
    <li className="message" data-testid="received-message" data-at={m.at}>
      {n !== undefined && <span className="n">{`${n}.`}</span>}
      <span className="time">{formatClock(m.at)}</span>
      <code className="topic">{m.topic}</code>
      <span className="payload">{m.payload}</span>
      <span className={`flag qos${m.qos}`}>{`QoS ${m.qos}`}</span>
      {m.dup && <span className="flag dup">DUP</span>}
      {m.retain && <span className="flag retain">retain</span>}
      <MessageProperties m={m} />
    </li>
  );
});

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
