import { useState, type ReactNode } from 'react';
import { FieldError } from './FieldError';

/**
 * The MQTT 5 options of a form, folded away until wanted; it opens by itself when a field in
 * it has an error, so the message next to the field is seen.
 */
export function V5Options({ hasError, children }: { hasError: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  // Adjusted while rendering (not in an effect): an error appearing opens the fold.
  const [hadError, setHadError] = useState(hasError);
  if (hasError !== hadError) {
    setHadError(hasError);
    if (hasError) setOpen(true);
  }
  return (
    <details className="v5-options" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>MQTT 5 options</summary>
      <div className="row wrap">{children}</div>
    </details>
  );
}

/** User Properties as `key=value` lines, with the message for a line that is not one. */
export function UserPropertiesField({
  id,
  value,
  onChange,
  error,
  label,
}: {
  id: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
  label: string;
}) {
  return (
    <label>
      <span>User Properties (key=value lines)</span>
      <textarea
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-label={label}
        rows={2}
        cols={18}
        spellCheck={false}
        aria-invalid={!!error}
        aria-describedby={id}
      />
      <FieldError id={id} message={error} />
    </label>
  );
}
