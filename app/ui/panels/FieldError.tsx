/** The message next to a field whose value can't be used. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <small id={id} className="field-error" role="alert">
      {message}
    </small>
  ) : null;
}
