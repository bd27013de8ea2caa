/** A form's closing row: the button that applies it, and Cancel. */
export function FormButtons({ submit, onCancel }: { submit: string; onCancel(): void }) {
  return (
    <div className="row">
      <button type="submit" className="primary">
        {submit}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
