import {
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type MouseEvent,
  type PointerEvent,
} from 'react';
import { PROFILES, type Profile, type ProfileOverrides } from '../../broker';
import { selectActions, useApp } from '../StoreContext';
import { FIELDS, hint, readNumber, show, type Field } from './profileFields';

function parseChoice(field: Field, text: string): unknown {
  if (field.kind === 'bool') return text === 'true';
  if (field.key === 'maxQos') return Number(text);
  return text;
}

/**
 * Every figure of the profile, editable, in a modal dialog (Escape or a click outside closes
 * it; its buttons stay in sight, the fields scroll); Apply restarts the broker with them.
 */
export function ProfileEditor({ onClose }: { onClose: () => void }) {
  const setup = useApp((s) => s.setup);
  const { applySetup } = useApp(selectActions);
  const base: Profile = PROFILES[setup.profile];
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map((f) => [f.key, show(setup.overrides[f.key] ?? base[f.key])])),
  );
  const [seed, setSeed] = useState(String(setup.seed));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<string[]>([]);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  // Closed before it goes, so that focus can return to the button that opened it.
  const close = () => {
    dialog.current?.close();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const overrides: Record<string, unknown> = {};
    const wrong: Record<string, string> = {};
    for (const f of FIELDS) {
      const text = values[f.key] ?? '';
      let v: unknown;
      if (f.kind === 'number') {
        const read = readNumber(f.label, f.rule, text);
        if ('error' in read) {
          wrong[f.key] = read.error;
          continue;
        }
        v = read.value;
      } else v = parseChoice(f, text);
      if (v !== base[f.key]) overrides[f.key] = v;
    }
    if (!/^-?\d+$/.test(seed.trim())) wrong.seed = 'Random seed: a whole number';
    setFieldErrors(wrong);
    const first = Object.keys(wrong)[0];
    if (first) {
      dialog.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      setErrors([]);
      return;
    }
    const problems = applySetup({
      profile: setup.profile,
      overrides: overrides as ProfileOverrides,
      seed: Number(seed),
    });
    setErrors(problems);
    if (problems.length === 0) close();
  };

  // A click on the backdrop lands on the dialog itself: the form fills all of the box. Only a
  // press that also began there closes it: selecting a figure's text with a drag that ends
  // outside the box is not a click on the backdrop.
  const pressedOnBackdrop = useRef(false);
  const onPress = (e: PointerEvent<HTMLDialogElement>) => {
    pressedOnBackdrop.current = e.target === e.currentTarget;
  };
  const onBackdrop = (e: MouseEvent<HTMLDialogElement>) => {
    if (e.target === e.currentTarget && pressedOnBackdrop.current) close();
    pressedOnBackdrop.current = false;
  };

  return (
    <dialog
      ref={dialog}
      className="profile-editor"
      aria-labelledby="profile-editor-title"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      onPointerDown={onPress}
      onClick={onBackdrop}
    >
      <form onSubmit={submit} aria-label="Profile figures" noValidate>
        <h2 id="profile-editor-title">{base.label}: figures</h2>
        <div className="profile-editor-body">
          <div className="grid-form">
            {FIELDS.map((f) => {
              const error = fieldErrors[f.key];
              const describedBy = [
                f.kind === 'number' ? `unit-${f.key}` : '',
                error ? `error-${f.key}` : '',
              ]
                .filter(Boolean)
                .join(' ');
              return (
                <label key={f.key}>
                  <span>{f.label}</span>
                  {f.kind === 'number' ? (
                    <input
                      name={f.key}
                      value={values[f.key]}
                      inputMode="decimal"
                      onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                      aria-invalid={!!error}
                      aria-describedby={describedBy}
                    />
                  ) : (
                    <select
                      name={f.key}
                      value={values[f.key]}
                      onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                    >
                      {(f.kind === 'bool' ? ['true', 'false'] : f.choices).map((c) => (
                        <option key={c}>{c}</option>
                      ))}
                    </select>
                  )}
                  {f.kind === 'number' && (
                    <small id={`unit-${f.key}`} className="muted">
                      {hint(f.rule)}
                    </small>
                  )}
                  {error && (
                    <small id={`error-${f.key}`} className="field-error" role="alert">
                      {error}
                    </small>
                  )}
                </label>
              );
            })}
            <label>
              <span>Random seed (expiry delay)</span>
              <input
                name="seed"
                value={seed}
                inputMode="numeric"
                onChange={(e) => setSeed(e.target.value)}
                aria-invalid={!!fieldErrors.seed}
                aria-describedby={fieldErrors.seed ? 'error-seed' : undefined}
              />
              {fieldErrors.seed && (
                <small id="error-seed" className="field-error" role="alert">
                  {fieldErrors.seed}
                </small>
              )}
            </label>
          </div>
          {errors.length > 0 && (
            <ul className="field-error" role="alert">
              {errors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="profile-editor-foot">
          <p className="muted small">
            Applying restarts the broker: sessions and messages start afresh; clients stay.
          </p>
          <span className="profile-editor-buttons">
            <button type="submit" className="primary">
              Apply and restart
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </span>
        </div>
      </form>
    </dialog>
  );
}
