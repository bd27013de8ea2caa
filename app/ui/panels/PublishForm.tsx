import { useState, type FormEvent } from 'react';
import type { FieldErrors } from '../../clients/clientConfig';
import type { PayloadFormat } from '../../store/payload';
import { selectActions, useApp } from '../StoreContext';
import { toInt } from './AddClientForm';
import { FieldError } from './FieldError';
import { QosSelect } from './QosSelect';

/** Publish one message or a burst of N at a rate (in simulated time). */
export function PublishForm({
  clientId,
  online,
  v5,
}: {
  clientId: string;
  online: boolean;
  v5: boolean;
}) {
  const { publish, burst } = useApp(selectActions);
  const [topic, setTopic] = useState('t/x');
  const [payload, setPayload] = useState('m');
  const [format, setFormat] = useState<PayloadFormat>('text');
  const [qos, setQos] = useState<0 | 1 | 2>(1);
  const [retain, setRetain] = useState(false);
  const [expiry, setExpiry] = useState('0');
  const [count, setCount] = useState('30');
  const [rate, setRate] = useState('0');
  const [errors, setErrors] = useState<FieldErrors>({});
  const id = (f: string) => `err-${f}-${clientId}`;
  const request = () => ({
    topic,
    payload,
    format,
    qos,
    retain,
    messageExpiry: v5 ? toInt(expiry) : 0,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(publish(clientId, request()));
  };
  const sendBurst = () => setErrors(burst(clientId, request(), toInt(count), Number(rate)));

  return (
    <form className="pub-form" onSubmit={submit} aria-label={`Publish ${clientId}`}>
      <div className="row wrap">
        <label>
          <span>Topic</span>
          <input
            value={topic}
            onChange={(e) => setTopic(e.target.value)}
            aria-label="Publish topic"
            aria-invalid={!!errors.topic}
            aria-describedby={id('topic')}
          />
          <FieldError id={id('topic')} message={errors.topic} />
        </label>
        <label className="grow">
          <span>Payload</span>
          <input
            value={payload}
            onChange={(e) => setPayload(e.target.value)}
            aria-label="Payload"
            aria-invalid={!!errors.payload}
            aria-describedby={id('payload')}
          />
          <FieldError id={id('payload')} message={errors.payload} />
        </label>
        <label>
          <span>As</span>
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value as PayloadFormat)}
            aria-label="Payload format"
          >
            <option value="text">text</option>
            <option value="json">JSON</option>
          </select>
        </label>
        <label>
          <span>QoS</span>
          <QosSelect value={qos} onChange={setQos} label="Publish QoS" />
        </label>
        <label className="check">
          <input type="checkbox" checked={retain} onChange={(e) => setRetain(e.target.checked)} />
          <span>retain</span>
        </label>
        {v5 && (
          <label>
            <span>Expiry (s)</span>
            <input
              value={expiry}
              onChange={(e) => setExpiry(e.target.value)}
              size={5}
              aria-label="Message expiry"
              aria-invalid={!!errors.messageExpiry}
              aria-describedby={id('expiry')}
            />
            <FieldError id={id('expiry')} message={errors.messageExpiry} />
          </label>
        )}
        <button type="submit" disabled={!online}>
          Publish
        </button>
      </div>
      <div className="row wrap">
        <label>
          <span>Burst of</span>
          <input
            value={count}
            onChange={(e) => setCount(e.target.value)}
            size={5}
            aria-label="Burst count"
            aria-invalid={!!errors.count}
            aria-describedby={id('count')}
          />
          <FieldError id={id('count')} message={errors.count} />
        </label>
        <label>
          <span>at (msg/s, 0 = at once)</span>
          <input
            value={rate}
            onChange={(e) => setRate(e.target.value)}
            size={5}
            aria-label="Burst rate"
            aria-invalid={!!errors.rate}
            aria-describedby={id('rate')}
          />
          <FieldError id={id('rate')} message={errors.rate} />
        </label>
        <button
          type="button"
          disabled={!online}
          onClick={sendBurst}
          title="Payloads are numbered: m0, m1, … ({i} marks where the number goes)"
        >
          Publish burst
        </button>
        <FieldError id={id('form')} message={errors.form} />
      </div>
    </form>
  );
}
