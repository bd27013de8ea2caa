import { useMemo, useState } from 'react';
import { BROKER_LANE } from '../../timeline/draw';
import { lastMessages } from '../../timeline/lastMessages';
import type { Lane, TimelineModel } from '../../timeline/model';
import { formatClock, formatDuration } from '../../format/time';
import { selectActions, useApp } from '../StoreContext';

/**
 * The timeline in words, for screen readers and for anyone who wants the figures: per lane,
 * its spans, marks and the most its store held. A canvas alone says nothing to assistive tech.
 */
export function TimelineText(props: { model: TimelineModel; sync(): number }) {
  // Closed, it shows nothing: it is not built (nor rebuilt on every frame of a burst) until opened.
  const [open, setOpen] = useState(false);
  return (
    <details className="timeline-text" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>The timeline as text</summary>
      {open && <TimelineTextBody {...props} />}
    </details>
  );
}

function TimelineTextBody({ model, sync }: { model: TimelineModel; sync(): number }) {
  const logSize = useApp((s) => s.logSize);
  const { select } = useApp(selectActions);
  const lanes = useMemo(() => {
    sync();
    return [...model.lanes.values()].map(describeLane);
    // logSize is the signal that the model has more to read.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, logSize]);
  const messages = useMemo(
    () => lastMessages(model, MESSAGES_LISTED),
    // As above: the model is read again when the log grows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [model, logSize],
  );
  return (
    <>
      <ul>
        {lanes.map((l) => (
          <li key={l.id} data-testid="lane-text" data-lane={l.id}>
            <strong>{l.id === BROKER_LANE ? 'broker' : l.id}</strong>
            {l.id !== l.clientId && ` (client id ${l.clientId || '(empty id)'})`}:{' '}
            {l.spans || 'no connection yet'}.{' '}
            <span data-testid="lane-store">Store peak {l.peak}</span>
            {l.marks.length > 0 && (
              <ul>
                {l.marks.map((m) => (
                  <li key={m.seq} data-testid="mark-text" data-at={m.at} data-kind={m.kind}>
                    <button type="button" className="link" onClick={() => select(m.seq)}>
                      {formatClock(m.at)} {m.label}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {messages.length > 0 && (
        <>
          <h3 className="timeline-text-head">Last {messages.length} messages</h3>
          <ul>
            {messages.map(({ p, sent }) => (
              <li key={p.msgId} data-testid="message-text" data-msg={p.msgId}>
                <button type="button" className="link" onClick={() => select(p.seq)}>
                  {formatClock(p.at)} m#{p.msgId} published by {p.publisher} on {p.topic}
                </button>
                {sent.map((d, i) => (
                  <span key={i}>
                    {' · '}
                    <button type="button" className="link" onClick={() => select(d.sentSeq!)}>
                      sent to {d.clientId}
                      {d.resent ? ' again' : ''}
                    </button>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Messages listed: enough to reach a recent one without the canvas. */
const MESSAGES_LISTED = 20;

function describeLane(lane: Lane) {
  const spans = lane.spans
    .map(
      (s) =>
        `${s.kind === 'connected' ? 'connected' : 'away'} from ${formatClock(s.from)}${
          s.to === null ? '' : ` for ${formatDuration(s.to - s.from)}`
        }`,
    )
    .join(', ');
  return {
    id: lane.id,
    clientId: lane.clientId,
    spans,
    peak: lane.storePeak,
    marks: lane.marks.slice(-40),
  };
}
