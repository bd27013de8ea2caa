import { useState, type FormEvent } from 'react';
import {
  parseUserProperties,
  suggestedClient,
  validateClientConfig,
  type ClientConfig,
  type FieldErrors,
} from '../../clients/clientConfig';
import { selectActions, useApp, useAppStore } from '../StoreContext';
import type { QoS } from '../../broker';
import { FieldError } from './FieldError';
import { NumberField } from './NumberField';
import { QosSelect } from './QosSelect';
import { UserPropertiesField, V5Options } from './V5Options';

const V5_FIELDS = ['topicAliasMaximum', 'receiveMaximum', 'maximumPacketSize', 'userProperties'];

/** Adds a client: id, protocol, clean flag, Session Expiry, keep-alive and an optional Will. */
export function AddClientForm() {
  const prefix = useAppStore().remote?.idPrefix;
  const order = useApp((s) => s.clientOrder);
  const { addClient } = useApp(selectActions);
  const [clientId, setClientId] = useState<string | null>(null);
  const [version, setVersion] = useState<4 | 5>(4);
  // null: as suggested (B, the publisher, clean; others persistent) until the box is changed.
  const [cleanChoice, setClean] = useState<boolean | null>(null);
  const [sei, setSei] = useState('3600');
  const [keepalive, setKeepalive] = useState('60');
  const [withWill, setWithWill] = useState(false);
  const [will, setWill] = useState({
    topic: 'status/offline',
    payload: 'gone',
    qos: 1 as QoS,
    retain: false,
    delay: '0',
  });
  const [v5, setV5] = useState({ tam: '0', rm: '', mps: '', user: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const suggestion = suggestedClient(order);
  const id = clientId ?? suggestion.clientId;
  const clean = cleanChoice ?? suggestion.clean;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = version === 5 ? parseUserProperties(v5.user) : [];
    const userProperties = Array.isArray(parsed) ? parsed : [];
    const config: ClientConfig = {
      clientId: id,
      protocolVersion: version,
      clean,
      sessionExpiry: version === 5 ? toInt(sei) : 0,
      keepalive: toInt(keepalive),
      ...(version === 5
        ? {
            topicAliasMaximum: toInt(v5.tam.trim() || '0'),
            ...(v5.rm.trim() ? { receiveMaximum: toInt(v5.rm) } : {}),
            ...(v5.mps.trim() ? { maximumPacketSize: toInt(v5.mps) } : {}),
            ...(userProperties.length ? { userProperties } : {}),
          }
        : {}),
      ...(withWill
        ? {
            will: {
              topic: will.topic,
              payload: will.payload,
              qos: will.qos,
              retain: will.retain,
              delay: version === 5 ? toInt(will.delay) : 0,
            },
          }
        : {}),
    };
    if (!Array.isArray(parsed)) {
      // Nothing is added; the other fields are still checked, so every message shows at once.
      setErrors({ ...validateClientConfig(config, new Set()), userProperties: parsed.error });
      return;
    }
    const result = addClient(config);
    setErrors(result);
    if (Object.keys(result).length === 0) {
      setClientId(null);
      setClean(null);
    }
  };

  return (
    <form className="card add-client" onSubmit={submit} aria-label="Add a client">
      <div className="row wrap">
        <label>
          <span>Client id</span>
          <input
            value={id}
            onChange={(e) => setClientId(e.target.value)}
            aria-invalid={!!errors.clientId}
            aria-describedby="err-clientId"
            size={10}
          />
          {prefix !== undefined && id !== '' && (
            <span className="small muted" data-testid="id-sent">
              sent as <code>{prefix + id}</code>
            </span>
          )}
          <FieldError id="err-clientId" message={errors.clientId} />
        </label>
        <label>
          <span>MQTT</span>
          <select
            value={version}
            onChange={(e) => setVersion(Number(e.target.value) as 4 | 5)}
            aria-label="MQTT version"
          >
            <option value={4}>3.1.1</option>
            <option value={5}>5.0</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={clean} onChange={(e) => setClean(e.target.checked)} />
          <span>{version === 5 ? 'Clean Start' : 'cleanSession'}</span>
        </label>
        {version === 5 && (
          <label>
            <span>Session Expiry (s)</span>
            <input
              value={sei}
              onChange={(e) => setSei(e.target.value)}
              inputMode="numeric"
              size={7}
              aria-invalid={!!errors.sessionExpiry}
              aria-describedby="err-sei"
            />
            <FieldError id="err-sei" message={errors.sessionExpiry} />
          </label>
        )}
        <label>
          <span>Keep-alive (s)</span>
          <input
            value={keepalive}
            onChange={(e) => setKeepalive(e.target.value)}
            inputMode="numeric"
            size={5}
            aria-invalid={!!errors.keepalive}
            aria-describedby="err-keepalive"
          />
          <FieldError id="err-keepalive" message={errors.keepalive} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={withWill}
            onChange={(e) => setWithWill(e.target.checked)}
          />
          <span>Will</span>
        </label>
        <button type="submit" className="primary">
          Add client
        </button>
      </div>
      {version === 5 && (
        <V5Options hasError={V5_FIELDS.some((f) => errors[f])}>
          <NumberField
            label="Topic Alias Maximum"
            value={v5.tam}
            onChange={(tam) => setV5({ ...v5, tam })}
            error={errors.topicAliasMaximum}
            errorId="err-tam"
            size={5}
          />
          <NumberField
            label="Receive Maximum"
            value={v5.rm}
            onChange={(rm) => setV5({ ...v5, rm })}
            error={errors.receiveMaximum}
            errorId="err-rm"
            size={5}
            placeholder="65535"
          />
          <NumberField
            label="Maximum Packet Size (bytes)"
            value={v5.mps}
            onChange={(mps) => setV5({ ...v5, mps })}
            error={errors.maximumPacketSize}
            errorId="err-mps"
            size={9}
            placeholder="no limit"
          />
          <UserPropertiesField
            id="err-connect-user"
            label="CONNECT User Properties"
            value={v5.user}
            onChange={(user) => setV5({ ...v5, user })}
            error={errors.userProperties}
          />
        </V5Options>
      )}
      {withWill && (
        <fieldset className="row wrap will">
          <legend>Will message</legend>
          <label>
            <span>Topic</span>
            <input
              value={will.topic}
              onChange={(e) => setWill({ ...will, topic: e.target.value })}
              aria-label="Will topic"
              aria-invalid={!!errors.willTopic}
              aria-describedby="err-willTopic"
            />
            <FieldError id="err-willTopic" message={errors.willTopic} />
          </label>
          <label>
            <span>Payload</span>
            <input
              value={will.payload}
              onChange={(e) => setWill({ ...will, payload: e.target.value })}
              aria-label="Will payload"
            />
          </label>
          <label>
            <span>QoS</span>
            <QosSelect
              value={will.qos}
              onChange={(qos) => setWill({ ...will, qos })}
              label="Will QoS"
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={will.retain}
              onChange={(e) => setWill({ ...will, retain: e.target.checked })}
            />
            <span>retain</span>
          </label>
          {version === 5 && (
            <label>
              <span>Delay (s)</span>
              <input
                value={will.delay}
                onChange={(e) => setWill({ ...will, delay: e.target.value })}
                aria-label="Will delay"
                size={5}
                aria-invalid={!!errors.willDelay}
                aria-describedby="err-willDelay"
              />
              <FieldError id="err-willDelay" message={errors.willDelay} />
            </label>
          )}
        </fieldset>
      )}
    </form>
  );
}

/** A whole number from a field, NaN when it isn't one (the validator says why). */
export function toInt(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}
