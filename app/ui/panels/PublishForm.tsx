import { useState, type FormEvent } from 'react';
import { parseUserProperties, type FieldErrors } from '../../clients/clientConfig';
import type { PayloadFormat } from '../../store/payload';
import { selectActions, useApp } from '../StoreContext';
import { toInt } from './AddClientForm';
import { FieldError } from './FieldError';
import { QosSelect } from './QosSelect';
import { UserPropertiesField, V5Options } from './V5Options';

const V5_FIELDS = [
  'responseTopic',
  'correlationData',
  'contentType',
  'userProperties',
  'topicAlias',
];

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
  const [props, setProps] = useState({
    responseTopic: '',
    correlationData: '',
    contentType: '',
    utf8: false,
    user: '',
    alias: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const id = (f: string) => `err-${f}-${clientId}`;
  /** The request, or the message for User Properties that are not key=value lines. */
  const request = () => {
    const userProperties = v5 ? parseUserProperties(props.user) : [];
    if (!Array.isArray(userProperties)) return { userProperties: userProperties.error };
    return {
      topic,
      payload,
      format,
      qos,
      retain,
      messageExpiry: v5 ? toInt(expiry) : 0,
      ...(v5
        ? {
            responseTopic: props.responseTopic,
            correlationData: props.correlationData,
            contentType: props.contentType,
            payloadUtf8: props.utf8,
            userProperties,
            ...(props.alias.trim() ? { topicAlias: toInt(props.alias) } : {}),
          }
        : {}),
    };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = request();
    setErrors('topic' in r ? publish(clientId, r) : r);
  };
  const sendBurst = () => {
    const r = request();
    setErrors('topic' in r ? burst(clientId, r, toInt(count), Number(rate)) : r);
  };

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
      {v5 && (
        <V5Options hasError={V5_FIELDS.some((f) => errors[f])}>
          <label>
            <span>Response Topic</span>
            <input
              value={props.responseTopic}
              onChange={(e) => setProps({ ...props, responseTopic: e.target.value })}
              size={10}
              aria-invalid={!!errors.responseTopic}
              aria-describedby={id('responseTopic')}
            />
            <FieldError id={id('responseTopic')} message={errors.responseTopic} />
          </label>
          <label>
            <span>Correlation Data</span>
            <input
              value={props.correlationData}
              onChange={(e) => setProps({ ...props, correlationData: e.target.value })}
              size={8}
              aria-invalid={!!errors.correlationData}
              aria-describedby={id('correlationData')}
            />
            <FieldError id={id('correlationData')} message={errors.correlationData} />
          </label>
          <label>
            <span>Content Type</span>
            <input
              value={props.contentType}
              onChange={(e) => setProps({ ...props, contentType: e.target.value })}
              size={10}
              aria-invalid={!!errors.contentType}
              aria-describedby={id('contentType')}
            />
            <FieldError id={id('contentType')} message={errors.contentType} />
          </label>
          <label title="Alias 1 to the broker's Topic Alias Maximum; sent alone once it stands for the topic">
            <span>Topic Alias</span>
            <input
              value={props.alias}
              onChange={(e) => setProps({ ...props, alias: e.target.value })}
              inputMode="numeric"
              size={4}
              placeholder="none"
              aria-invalid={!!errors.topicAlias}
              aria-describedby={id('topicAlias')}
            />
            <FieldError id={id('topicAlias')} message={errors.topicAlias} />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={props.utf8}
              onChange={(e) => setProps({ ...props, utf8: e.target.checked })}
            />
            <span>Payload is UTF-8</span>
          </label>
          <UserPropertiesField
            id={id('userProperties')}
            label="PUBLISH User Properties"
            value={props.user}
            onChange={(user) => setProps({ ...props, user })}
            error={errors.userProperties}
          />
        </V5Options>
      )}
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
