import { useState, type FormEvent, type InputHTMLAttributes } from 'react';
import {
  addressFor,
  DEFAULT_PREFIX,
  pageBrokerUrlError,
  prefixError,
} from '../../remote/page/choice';
import { setCredentials, type RemoteMode } from '../../remote/page/remoteMode';
import { FormButtons } from '../panels/FormButtons';
import { useScenario } from '../scenario/ScenarioContext';
import { selectActions, useApp, useAppStore } from '../StoreContext';

/**
 * The remote broker the address chose, with its credentials, a check, a new run and the way
 * back. With the in-page broker, the profile's choice offers a remote one (ProfileBar).
 */
export function BrokerBar() {
  const remote = useAppStore().remote;
  return remote ? <RemoteBar remote={remote} /> : null;
}

/**
 * The form that chooses a remote broker. Choosing one reloads the page with the broker in its
 * address, so that the page's Content-Security-Policy allows that broker and nothing else
 * before anything connects; a bad URL is said here and changes nothing.
 */
export function RemoteForm({ onClose, current }: { onClose(): void; current?: RemoteMode }) {
  const [url, setUrl] = useState(current?.url ?? '');
  const [prefix, setPrefix] = useState(current?.idPrefix ?? DEFAULT_PREFIX);
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = pageBrokerUrlError(url);
    const bad = problem ?? prefixError(prefix);
    if (bad) {
      setError(problem ? bad : `Client id prefix: ${bad}`);
      return;
    }
    location.assign(addressFor(location.href, { url, prefix }));
  };
  return (
    <form className="card remote-form" onSubmit={submit} aria-label="Choose a remote broker">
      <h2>Point the page’s clients at a remote broker</h2>
      <p className="small muted">
        Any broker with an MQTT over WebSocket listener: mosquitto, EMQX, HiveMQ, AWS IoT Core, or{' '}
        <code>npm run broker -- --ws-port 8080</code>. The page reloads and may then connect to that
        broker and nowhere else; nothing is sent until a client connects. The lab shows what its
        clients see: what only the broker knows (its store while a client is away, what it drops,
        when a session expires) is inferred or not shown.
      </p>
      <div className="grid-form">
        <TextField
          label="WebSocket URL"
          value={url}
          onChange={setUrl}
          placeholder="wss://broker.example:8884/mqtt"
          aria-invalid={error !== undefined}
        />
        <TextField label="Client id prefix" value={prefix} onChange={setPrefix} />
      </div>
      <p className="small muted">
        The prefix goes before every client id the page sends (a scenario’s also get a tag of their
        own run), so that on a shared broker your sessions meet no one else’s. A user name and
        password, if the broker wants them, are asked for after the reload and kept in this tab’s
        memory only.
      </p>
      {error && (
        <p className="field-error" role="alert" data-testid="remote-form-error">
          {error}
        </p>
      )}
      <FormButtons submit="Use this broker" onCancel={onClose} />
    </form>
  );
}

/** The remote broker in use: where, the credentials, a new run, and the way back. */
function RemoteBar({ remote }: { remote: RemoteMode }) {
  const { reset } = useApp(selectActions);
  const running = useScenario((s) => s.busy);
  const [panel, setPanel] = useState<'credentials' | 'other' | undefined>();
  const toggle = (p: 'credentials' | 'other') => setPanel((v) => (v === p ? undefined : p));
  return (
    <section className="brokerbar" aria-label="Remote broker">
      <span className="remote-label" data-testid="remote-broker" title={remote.label}>
        <span className="label">remote broker</span> {remote.label}
      </span>
      <button
        type="button"
        onClick={() => toggle('credentials')}
        aria-expanded={panel === 'credentials'}
      >
        Credentials
      </button>
      <button type="button" onClick={openCheck}>
        Check this broker
      </button>
      <button
        type="button"
        onClick={reset}
        disabled={running}
        title="Close the page's connections and start a new run (the remote broker keeps what it keeps)"
      >
        New run
      </button>
      <button type="button" onClick={() => toggle('other')} aria-expanded={panel === 'other'}>
        Other broker…
      </button>
      <a className="button-link" href={addressFor(location.href, undefined)}>
        In-page broker
      </a>
      {panel === 'credentials' && (
        <Credentials remote={remote} onClose={() => setPanel(undefined)} />
      )}
      {panel === 'other' && <RemoteForm current={remote} onClose={() => setPanel(undefined)} />}
    </section>
  );
}

/**
 * Opens the check's panel (it is folded away, off the first screen) and brings it into view.
 * Not a `#check-broker` link: the fragment is where a scenario link travels, and a fragment
 * that is not one is reported as a bad link.
 */
function openCheck() {
  const details = document.getElementById('check-broker');
  if (!(details instanceof HTMLDetailsElement)) return;
  details.open = true;
  details.scrollIntoView({ block: 'start' });
  details.querySelector('summary')?.focus();
}

/**
 * The user name and password: kept in this tab's memory (the remote mode's object), never in
 * the address or in storage; each CONNECT from now on carries them.
 */
function Credentials({ remote, onClose }: { remote: RemoteMode; onClose(): void }) {
  const [username, setUsername] = useState(remote.credentials.username ?? '');
  const [password, setPassword] = useState(remote.credentials.password ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCredentials(remote, username, password);
    onClose();
  };
  return (
    <form className="card remote-form" onSubmit={submit} aria-label="Credentials">
      <h2>Credentials for {remote.label}</h2>
      <div className="grid-form">
        <TextField label="User name" value={username} onChange={setUsername} />
        <TextField label="Password" value={password} onChange={setPassword} type="password" />
      </div>
      <p className="small muted">
        Kept in this tab’s memory only (not in the address, not in the browser’s storage): a reload
        forgets them. Every CONNECT from now on carries them; a client already connected keeps the
        ones it connected with.
      </p>
      <FormButtons submit="Use them" onCancel={onClose} />
    </form>
  );
}

/** A labelled text field of these forms: no spelling marks, nothing for the browser to keep. */
function TextField({
  label,
  onChange,
  ...input
}: { label: string; value: string; onChange(value: string): void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'onChange' | 'value'
>) {
  return (
    <label>
      <span>{label}</span>
      <input
        {...input}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        autoComplete="off"
      />
    </label>
  );
}
