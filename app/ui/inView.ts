/**
 * Whether an element is on screen (or within a margin of it), for the canvases that draw from an
 * animation-frame loop, and for the cards: what is scrolled out of view is not drawn (a card is
 * brought up to date less often), and is at once when it comes back. Where IntersectionObserver is missing (a test's DOM), everything counts as seen.
 */
export interface InView {
  readonly seen: boolean;
  disconnect(): void;
}

/** Pixels around the viewport that count as in view: a canvas about to scroll in is ready. */
const MARGIN_PX = 200;

export function watchInView(el: Element, onChange: (seen: boolean) => void): InView {
  if (typeof IntersectionObserver === 'undefined') return { seen: true, disconnect: () => {} };
  const state = {
    seen: true,
    disconnect: () => observer.disconnect(),
  };
  const observer = new IntersectionObserver(
    (entries) => {
      const entry = entries[entries.length - 1];
      if (!entry) return;
      if (entry.isIntersecting === state.seen) return;
      state.seen = entry.isIntersecting;
      onChange(state.seen);
    },
    { rootMargin: `${MARGIN_PX}px` },
  );
  observer.observe(el);
  return state;
}
