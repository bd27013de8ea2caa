import { useState, type FormEvent } from 'react';
import { isInt } from '../../clients/clientConfig';
import { selectActions, useApp } from '../StoreContext';
import { toInt } from './AddClientForm';
import { FieldError } from './FieldError';
import { QosSelect } from './QosSelect';

/** Subscribe or unsubscribe one filter; MQTT 5 options for 5.0 clients. */
export function SubscribeForm({
  clientId,
  online,
  v5,
}: {
  clientId: string;
  online: boolean;
  v5: boolean;
}) {
  const { subscribe, unsubscribe } = useApp(selectActions);
  const [filter, setFilter] = useState('t/#');
  const [qos, setQos] = useState<0 | 1 | 2>(1);
  const [nl, setNl] = useState(false);
  const [rap, setRap] = useState(false);
  const [rh, setRh] = useState<0 | 1 | 2>(0);
  const [subId, setSubId] = useState('');
  const [error, setError] = useState<string>();
  const [subIdError, setSubIdError] = useState<string>();
  const errId = `err-sub-${clientId}`;
  const subIdErrId = `err-subid-${clientId}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const id = v5 && subId.trim() ? toInt(subId) : undefined;
    // [MQTT-3.8.2.1.2] A Subscription Identifier of 0 is a Protocol Error.
    if (id !== undefined && !isInt(id, 1, 268_435_455)) {
      setSubIdError('a whole number, 1 to 268435455 (blank for none)');
      return;
    }
    setSubIdError(undefined);
    setError(
      await subscribe(clientId, filter, {
        qos,
        noLocal: nl,
        retainAsPublished: rap,
        retainHandling: rh,
        ...(id !== undefined ? { subscriptionIdentifier: id } : {}),
      }),
    );
  };

  return (
    <form className="row wrap sub-form" onSubmit={submit} aria-label={`Subscribe ${clientId}`}>
      <label>
        <span>Filter</span>
        <input
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Topic filter"
          aria-invalid={!!error}
          aria-describedby={errId}
        />
        <FieldError id={errId} message={error} />
      </label>
      <label>
        <span>QoS</span>
        <QosSelect value={qos} onChange={setQos} label="Subscription QoS" />
      </label>
      {v5 && (
        <>
          <label className="check">
            <input type="checkbox" checked={nl} onChange={(e) => setNl(e.target.checked)} />
            <span>No Local</span>
          </label>
          <label className="check">
            <input type="checkbox" checked={rap} onChange={(e) => setRap(e.target.checked)} />
            <span>Retain As Published</span>
          </label>
          <label>
            <span>Retain Handling</span>
            <select
              value={rh}
              onChange={(e) => setRh(Number(e.target.value) as 0 | 1 | 2)}
              aria-label="Retain Handling"
            >
              <option value={0}>0 send</option>
              <option value={1}>1 if new</option>
              <option value={2}>2 never</option>
            </select>
          </label>
          <label>
            <span>Subscription Id</span>
            <input
              value={subId}
              onChange={(e) => setSubId(e.target.value)}
              inputMode="numeric"
              size={4}
              placeholder="none"
              aria-label="Subscription Identifier"
              aria-invalid={!!subIdError}
              aria-describedby={subIdErrId}
            />
            <FieldError id={subIdErrId} message={subIdError} />
          </label>
        </>
      )}
      <button type="submit" disabled={!online}>
        Subscribe
      </button>
      <button type="button" disabled={!online} onClick={() => unsubscribe(clientId, filter)}>
        Unsubscribe
      </button>
    </form>
  );
}
