import { useState, type FormEvent } from 'react';
import { PROFILES, type Profile, type ProfileOverrides } from '../../broker';
import { FormButtons } from '../panels/FormButtons';
import { selectActions, useApp } from '../StoreContext';

type Field = {
  key: keyof ProfileOverrides;
  label: string;
  kind: 'number' | 'choice' | 'bool';
  choices?: string[];
  unit?: string;
};

const FIELDS: Field[] = [
  { key: 'sessionExpiryV3', label: 'Session expiry, 3.1.1', kind: 'number', unit: 's (∞ = never)' },
  {
    key: 'maxSessionExpiry',
    label: 'Maximum Session Expiry Interval, 5.0',
    kind: 'number',
    unit: 's',
  },
  { key: 'expiryJitter', label: 'Extra expiry delay, up to', kind: 'number', unit: 's' },
  { key: 'replayRate', label: 'Replay rate', kind: 'number', unit: 'msg/s (0 = unpaced)' },
  { key: 'queueLimit', label: 'Stored messages per session', kind: 'number' },
  { key: 'totalStoredLimit', label: 'Stored messages in all sessions', kind: 'number' },
  {
    key: 'queueOverflow',
    label: 'When the store is full',
    kind: 'choice',
    choices: ['drop-new', 'drop-oldest'],
  },
  { key: 'storeQos0', label: 'Store QoS 0 while away', kind: 'bool' },
  { key: 'inflightLimit', label: 'In flight per client', kind: 'number' },
  { key: 'maxQos', label: 'Maximum QoS', kind: 'choice', choices: ['1', '2'] },
  {
    key: 'liveDuringReplay',
    label: 'Live messages during replay',
    kind: 'choice',
    choices: ['at-once', 'behind'],
  },
  {
    key: 'resendAs',
    label: 'Unacknowledged messages resent as',
    kind: 'choice',
    choices: ['dup', 'fresh'],
  },
  { key: 'maxKeepAlive', label: 'Maximum keep-alive', kind: 'number', unit: 's' },
  {
    key: 'maxPacketSize',
    label: 'Maximum packet size (bounds the payload)',
    kind: 'number',
    unit: 'bytes',
  },
  { key: 'maxTopicLength', label: 'Longest topic', kind: 'number', unit: 'bytes' },
  { key: 'subscriptionLimit', label: 'Subscriptions per session', kind: 'number' },
  { key: 'retainedLimit', label: 'Retained messages', kind: 'number' },
  {
    key: 'topicAliasMaximum',
    label: 'Topic Alias Maximum (aliases a client may set)',
    kind: 'number',
    unit: '0 = none',
  },
  { key: 'assignTopicAliases', label: 'Give aliases to clients that accept them', kind: 'bool' },
  { key: 'sharedSubscriptions', label: 'Shared subscriptions ($share/…)', kind: 'bool' },
  {
    key: 'sharedSubscriptions311',
    label: '$share/… of 3.1.1 clients is shared (off: a literal filter, as in 3.1.1)',
    kind: 'bool',
  },
];

const show = (v: unknown) => (v === Number.POSITIVE_INFINITY ? '∞' : String(v));

function parse(field: Field, text: string): unknown {
  if (field.kind === 'bool') return text === 'true';
  if (field.key === 'maxQos') return Number(text);
  if (field.kind === 'choice') return text;
  const t = text.trim();
  if (t === '∞' || t.toLowerCase() === 'infinity' || t.toLowerCase() === 'never')
    return Number.POSITIVE_INFINITY;
  return t === '' ? Number.NaN : Number(t);
}

/** Every figure of the profile, editable; Apply restarts the broker with them. */
export function ProfileEditor({ onClose }: { onClose: () => void }) {
  const setup = useApp((s) => s.setup);
  const { applySetup } = useApp(selectActions);
  const base: Profile = PROFILES[setup.profile];
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map((f) => [f.key, show(setup.overrides[f.key] ?? base[f.key])])),
  );
  const [seed, setSeed] = useState(String(setup.seed));
  const [errors, setErrors] = useState<string[]>([]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const overrides: Record<string, unknown> = {};
    for (const f of FIELDS) {
      const v = parse(f, values[f.key] ?? '');
      if (v !== base[f.key]) overrides[f.key] = v;
    }
    const problems = applySetup({
      profile: setup.profile,
      overrides: overrides as ProfileOverrides,
      seed: Number(seed),
    });
    setErrors(problems);
    if (problems.length === 0) onClose();
  };

  return (
    <form className="profile-editor card" onSubmit={submit} aria-label="Profile figures">
      <h2>{base.label}: figures</h2>
      <div className="grid-form">
        {FIELDS.map((f) => (
          <label key={f.key}>
            <span>{f.label}</span>
            {f.kind === 'number' ? (
              <input
                value={values[f.key]}
                inputMode="decimal"
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                aria-describedby={f.unit ? `unit-${f.key}` : undefined}
              />
            ) : (
              <select
                value={values[f.key]}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              >
                {(f.kind === 'bool' ? ['true', 'false'] : f.choices!).map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            )}
            {f.unit && (
              <small id={`unit-${f.key}`} className="muted">
                {f.unit}
              </small>
            )}
          </label>
        ))}
        <label>
          <span>Random seed (expiry delay)</span>
          <input value={seed} inputMode="numeric" onChange={(e) => setSeed(e.target.value)} />
        </label>
      </div>
      {errors.length > 0 && (
        <ul className="field-error" role="alert">
          {errors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <p className="muted">
        Applying restarts the broker: sessions and messages start afresh; clients stay.
      </p>
      <FormButtons submit="Apply and restart" onCancel={onClose} />
    </form>
  );
}
