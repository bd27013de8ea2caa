/** The inspector with nothing to show (nothing selected, or the event is not in the log). */
export function InspectorEmpty({ text }: { text: string }) {
  return (
    <aside className="inspector card" data-testid="inspector" aria-label="Inspector">
      <p className="muted inspector-empty">{text}</p>
    </aside>
  );
}

export const NOTHING_SELECTED = 'Click a mark or a message on the timeline to inspect it.';
