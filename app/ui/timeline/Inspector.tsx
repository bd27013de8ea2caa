import { useEffect, useId, useMemo, useRef, type KeyboardEvent } from 'react';
import { eventBySeq, inspectEvent, type PacketView } from '../../timeline/inspect';
import type { AppState } from '../../store/appStore';
import { formatClock } from '../../format/time';
import { useApp, useAppStore } from '../StoreContext';
import { InspectorEmpty, NOTHING_SELECTED } from './InspectorEmpty';

export interface InspectorProps {
  /** The selected event's seq; null when nothing is selected. */
  seq: number | null;
  onSelect(seq: number): void;
  onClose(): void;
}

const selectLogSize = (s: AppState) => s.logSize;

/**
 * The inspector: for the event selected on the timeline, what it was, the rule it carried out,
 * the MQTT packet behind it (field by field and as bytes) and what followed from it.
 */
export function Inspector({ seq, onSelect, onClose }: InspectorProps) {
  const store = useAppStore();
  // The stage and the timeline may each show an inspector: their ids must differ.
  const uid = useId();
  // The log is outside React state: its size says when it grew (or was cleared by a reset).
  const logSize = useApp(selectLogSize);
  const found = useMemo(() => {
    if (seq === null || logSize === 0) return undefined;
    const log = store.log.all();
    const event = eventBySeq(log, seq);
    return event && { event, inspection: inspectEvent(event, log) };
  }, [seq, logSize, store]);

  // Following a link replaces the content under the focus: give the focus to the new title.
  const title = useRef<HTMLHeadingElement | null>(null);
  const followLink = useRef(false);
  useEffect(() => {
    if (!followLink.current) return;
    followLink.current = false;
    title.current?.focus();
  }, [found]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    onClose();
  };

  if (!found) {
    return (
      <InspectorEmpty
        text={seq === null ? NOTHING_SELECTED : `Event #${seq} is not in this run’s log.`}
      />
    );
  }

  const { event, inspection } = found;
  return (
    <aside
      className="inspector card"
      data-testid="inspector"
      aria-labelledby={`${uid}-title`}
      onKeyDown={onKeyDown}
    >
      <header className="card-head inspector-head">
        <h3 id={`${uid}-title`} ref={title} tabIndex={-1}>
          {inspection.title}
        </h3>
        <button
          type="button"
          className="link inspector-close"
          aria-label="Close the inspector"
          title="Close (Escape)"
          onClick={onClose}
        >
          ✕
        </button>
      </header>
      <p className="muted small inspector-when">
        {formatClock(event.at)} · event #{event.seq} · <code>{event.type}</code>
      </p>
      <p className="inspector-summary" data-testid="inspector-summary">
        {inspection.summary}
      </p>
      <Origin event={event} />

      {inspection.rule && (
        <p className="inspector-rule" data-testid="inspector-rule">
          <span className="pill inspector-rule-id">{inspection.rule.id}</span>{' '}
          {inspection.rule.text}
          {inspection.rule.numbering && (
            <span className="muted small inspector-rule-numbering">
              {' '}
              ({inspection.rule.numbering})
            </span>
          )}
          <span className="muted small inspector-rule-source"> (docs/behaviour.md)</span>
        </p>
      )}

      {inspection.packet && <Packet packet={inspection.packet} />}

      <section className="inspector-followed" aria-labelledby={`${uid}-followed`}>
        <h4 id={`${uid}-followed`}>What followed</h4>
        {inspection.followed.length === 0 ? (
          <p className="muted small">Nothing followed from it.</p>
        ) : (
          <ol>
            {inspection.followed.map((f) => (
              <li key={f.seq}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    followLink.current = true;
                    onSelect(f.seq);
                  }}
                >
                  <span className="time">{formatClock(f.at)}</span> {f.text}
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}

/** The packet as a table of fields and a hex dump with offsets. */
function Packet({ packet }: { packet: PacketView }) {
  const uid = useId();
  const heading = `${packet.cmd.toUpperCase()} ${packet.direction === 'in' ? 'received' : 'sent'} · ${packet.size} byte${packet.size === 1 ? '' : 's'}`;
  return (
    <section
      className="inspector-packet"
      aria-labelledby={`${uid}-packet`}
      data-testid="inspector-packet"
    >
      <h4 id={`${uid}-packet`}>{heading}</h4>
      <table className="inspector-fields">
        <tbody>
          {packet.fields.map((f, i) => (
            <tr key={`${i}:${f.name}`}>
              <th scope="row">
                <code>{f.name}</code>
              </th>
              <td>
                <code>{f.value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <pre className="inspector-hex" aria-label="The packet's bytes" data-testid="inspector-hex">
        {packet.hex
          .map((row, i) =>
            row.startsWith('…') ? row : `${(i * 16).toString(16).padStart(4, '0')}  ${row}`,
          )
          .join('\n')}
      </pre>
    </section>
  );
}

/**
 * How the lab knows an event of a remote broker: seen on the wire by a client, or concluded from
 * what the clients saw (the broker said neither). Events of the page's own broker have no origin.
 */
function Origin({ event }: { event: object }) {
  const origin = (event as { origin?: 'observed' | 'inferred' }).origin;
  if (!origin) return null;
  return (
    <p className="remote-note" data-testid="inspector-origin">
      {origin === 'observed' ? (
        <>
          <strong>Observed</strong>: one of the page’s clients saw this on the wire.
        </>
      ) : (
        <>
          <strong>Inferred</strong> from what the clients saw (for example, a message that arrived
          on resume had been stored); the remote broker itself does not say it.
        </>
      )}
    </p>
  );
}
