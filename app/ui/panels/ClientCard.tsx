import { memo, useEffect, useRef, useState } from 'react';
import type { ClientView } from '../../store/clientsView';
import type { ClientAt } from '../../store/travel';
import { selectActions, useApp } from '../StoreContext';
import { useLaggedOffscreen } from '../useLaggedOffscreen';
import { toInt } from './AddClientForm';
import { sessionPresentLook } from './sessionPresent';
import { PublishForm } from './PublishForm';
import { ReceivedList } from './ReceivedList';
import { SubscribeForm } from './SubscribeForm';

// The forms depend on their props alone: a card re-rendered for what the client received (every
// frame of a burst) leaves them be.
const SubscribeFormMemo = memo(SubscribeForm);
const PublishFormMemo = memo(PublishForm);

interface ClientCardProps {
  clientId: string;
  /** While travelling in time: every client id as it was then. */
  past?: Map<string, ClientAt>;
}

/**
 * One client: its connection controls, subscribe and publish forms, and what it received.
 * Scrolled out of view, it is brought up to date twice a second (a burst to fifty clients
 * rendered every card at every flush).
 */
export function ClientCard({ clientId, past }: ClientCardProps) {
  const live = useApp((s) => s.clients[clientId]);
  const [cardRef, shown] = useLaggedOffscreen(live);
  return <ClientCardBody clientId={clientId} past={past} live={shown} cardRef={cardRef} />;
}

const ClientCardBody = memo(function ClientCardBody({
  clientId,
  past,
  live,
  cardRef,
}: ClientCardProps & {
  live: ClientView | undefined;
  cardRef: (el: Element | null) => void;
}) {
  const actions = useApp(selectActions);
  const [sei, setSei] = useState('');
  const connectButton = useRef<HTMLButtonElement>(null);
  const disconnectButton = useRef<HTMLButtonElement>(null);
  const dropButtons = useRef<HTMLButtonElement[]>([]);
  const liveStatus = live?.status;
  // The connection buttons stay focusable while they cannot be used (aria-disabled), so that
  // focus is not dropped to the page when the one pressed turns off; once the other of the
  // pair can be used, focus moves to it: Connect → Disconnect, Disconnect or Drop → Connect.
  useEffect(() => {
    const focused = document.activeElement;
    if (!focused) return;
    if (liveStatus === 'connected' && focused === connectButton.current) {
      disconnectButton.current?.focus();
    } else if (
      liveStatus === 'offline' &&
      (focused === disconnectButton.current ||
        dropButtons.current.includes(focused as HTMLButtonElement))
    ) {
      connectButton.current?.focus();
    }
  }, [liveStatus]);
  if (!live) return null;
  const then = past
    ? (past.get(live.config.clientId) ?? { status: 'offline' as const, received: [] })
    : undefined;
  // In the past nothing can be done: the controls are shown, disabled.
  const view = then
    ? {
        ...live,
        status: then.status,
        sessionPresent: then.sessionPresent,
        sessionLost: then.sessionLost,
        received: then.received,
        receivedCount: then.received.length,
        held: 0,
      }
    : live;
  const frozen = then !== undefined;
  const { config, status } = view;
  const v5 = config.protocolVersion === 5;
  const online = status === 'connected' && !frozen;
  const label = view.name;
  const idLabel = config.clientId === '' ? '(empty id)' : config.clientId;

  return (
    <article
      ref={cardRef}
      className="card client"
      aria-label={`Client ${label}`}
      data-client={clientId}
    >
      <header className="card-head client-head">
        <h3>{label}</h3>
        {/* The pills wrap among themselves; twin and remove stay on the first line. */}
        <span className="card-pills">
          <span className={`pill pill-${status}`} data-testid="client-status">
            {status}
          </span>
          {label !== idLabel && <span className="pill pill-muted">client id {idLabel}</span>}
          <span className="pill pill-muted">{v5 ? 'MQTT 5' : 'MQTT 3.1.1'}</span>
          <span className="pill pill-muted">
            {config.clean
              ? v5
                ? 'Clean Start=1'
                : 'cleanSession=1'
              : v5
                ? `Clean Start=0, SEI ${config.sessionExpiry}s`
                : 'cleanSession=0'}
          </span>
          {view.sessionPresent !== undefined && (
            <SessionPresentPill present={view.sessionPresent} lost={view.sessionLost === true} />
          )}
        </span>
        <span className="card-actions">
          <button
            type="button"
            className="link twin"
            onClick={() => actions.addTwin(clientId)}
            title="Add another client with the same client id, as a second device would: connecting it takes the session over"
          >
            twin
          </button>
          <button
            type="button"
            className="link remove"
            onClick={() => actions.removeClient(clientId)}
            aria-label={`Remove client ${label}`}
          >
            remove
          </button>
        </span>
      </header>

      <div className="row wrap actions">
        <button
          ref={connectButton}
          type="button"
          className="primary"
          aria-disabled={status !== 'offline' || frozen}
          onClick={() => status === 'offline' && !frozen && actions.connect(clientId)}
        >
          Connect
        </button>
        <button
          ref={disconnectButton}
          type="button"
          aria-disabled={!online}
          onClick={() =>
            online && actions.disconnect(clientId, v5 && sei !== '' ? toInt(sei) : undefined)
          }
        >
          Disconnect
        </button>
        {v5 && (
          <label className="inline small">
            SEI on DISCONNECT
            <input
              value={sei}
              onChange={(e) => setSei(e.target.value)}
              size={5}
              placeholder="same"
              aria-label="Session Expiry Interval sent with DISCONNECT"
            />
          </label>
        )}
        <button
          ref={(el) => {
            if (el) dropButtons.current[0] = el;
          }}
          type="button"
          aria-disabled={!online}
          onClick={() => online && actions.drop(clientId, 'notice')}
          title="Cut the network: the broker notices at once and sends the Will"
        >
          Drop
        </button>
        <button
          ref={(el) => {
            if (el) dropButtons.current[1] = el;
          }}
          type="button"
          aria-disabled={!online}
          onClick={() => online && actions.drop(clientId, 'silent')}
          title="Cut the network silently: the broker notices only at 1.5 × keep-alive"
        >
          Drop silently
        </button>
      </div>

      {view.error && (
        <p className="field-error" role="alert">
          {view.error}
        </p>
      )}
      <SubscribeFormMemo clientId={clientId} online={online} v5={v5} />
      <PublishFormMemo clientId={clientId} online={online} v5={v5} />

      <div className="row wrap acks">
        <label className="check">
          <input
            type="checkbox"
            disabled={frozen}
            checked={view.holding}
            onChange={(e) => actions.setHoldAcks(clientId, e.target.checked)}
          />
          <span>Hold acknowledgements</span>
        </label>
        <span className="muted" data-testid="held-count">
          {view.held} held
        </span>
        <button
          type="button"
          disabled={view.held === 0 || frozen}
          onClick={() => actions.release(clientId, 1)}
        >
          Release one
        </button>
        <button
          type="button"
          disabled={view.held === 0 || frozen}
          onClick={() => actions.release(clientId)}
        >
          Release all
        </button>
      </div>

      <ReceivedList clientId={clientId} received={view.received} count={view.receivedCount} />
    </article>
  );
});

/** The last CONNACK's sessionPresent: green when resumed, amber when a session was lost. */
function SessionPresentPill({ present, lost }: { present: boolean; lost: boolean }) {
  const look = sessionPresentLook(present, lost);
  return (
    <span
      className={`pill ${look.className}`}
      data-testid="client-session-present"
      title={`Last CONNACK: ${look.meaning}`}
    >
      sessionPresent={present ? 1 : 0}
      {lost && ': session lost'}
    </span>
  );
}
