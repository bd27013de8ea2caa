import { memo } from 'react';
import { newestEntries, type SessionView, type StoredEntry } from '../../store/brokerView';
import { formatClock } from '../../format/time';

const SHOWN = 40;

const STATE_TEXT: Record<StoredEntry['state'], string> = {
  stored: 'stored',
  'in-flight': 'in flight',
  'sent-again': 'sent again',
  delivered: 'delivered',
  acknowledged: 'acknowledged',
  expired: 'expired',
  dropped: 'dropped',
};

/**
 * The session's messages one by one, each with its state; a long list shows the newest (the
 * counts above it say how many wait and how many are in flight): taken from the end of the
 * session's arrivals, so ten thousand stored cost what the forty shown cost.
 */
export function StoredMessages({ s }: { s: SessionView }) {
  const total = s.entries.size;
  if (total === 0) return <p className="muted small">Nothing stored.</p>;
  const shown = newestEntries(s, SHOWN);
  return (
    <>
      {total > shown.length && (
        <p className="muted small">{(total - shown.length).toLocaleString('en')} older not shown</p>
      )}
      {/* It scrolls: a Tab stop, so that the keyboard can scroll it too. */}
      <ol className="entries" aria-label="Stored messages" tabIndex={0}>
        {/* Keyed by place, not by message: in a burst the newest forty change at every render,
            and each chip's element then shows another message instead of being made anew. */}
        {shown.map((e, i) => (
          <Entry key={i} e={e} />
        ))}
      </ol>
    </>
  );
}

/**
 * One message: an entry the fold did not change is the same object, so it is not rendered again
 * when the session's card is (every flush of a burst, for the entries that came in).
 */
const Entry = memo(function Entry({ e }: { e: StoredEntry }) {
  return (
    <li
      className={`entry entry-${e.state}`}
      data-testid="stored-entry"
      data-state={e.state}
      title={`#${e.msgId} ${e.topic} QoS ${e.qos}${e.packetId ? `, packet id ${e.packetId}` : ''}${e.reason ? `, ${e.reason}` : ''} at ${formatClock(e.at)}`}
    >
      {/* One text node each: a card holds 40 of these, fifty cards 2,000. */}
      <span className="entry-id">{`#${e.msgId}`}</span>
      <span className="entry-state">{STATE_TEXT[e.state]}</span>
    </li>
  );
});
