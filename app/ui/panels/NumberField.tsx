import { FieldError } from './FieldError';

/** A labelled number typed as text, with its message beside it when it can't be used. */
export function NumberField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
  /** Id of the message element (aria-describedby). */
  errorId: string;
  size: number;
  placeholder?: string;
}) {
  return (
    <label>
      <span>{props.label}</span>
      <input
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        inputMode="numeric"
        size={props.size}
        {...(props.placeholder ? { placeholder: props.placeholder } : {})}
        aria-invalid={!!props.error}
        aria-describedby={props.errorId}
      />
      <FieldError id={props.errorId} message={props.error} />
    </label>
  );
}
