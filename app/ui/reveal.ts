/**
 * Brings a result that appeared below the fold into view, under the sticky top bar, and moves
 * focus to it (its heading, say: `tabIndex={-1}`), so that a keyboard or screen-reader user is
 * taken to what the button they pressed produced. Smooth unless the person asked for reduced
 * motion. `block` is what should be seen whole, when it fits; `target` gets the focus.
 */
export function reveal(block: HTMLElement, target: HTMLElement = block): void {
  const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const covered = stickyTop();
  const box = block.getBoundingClientRect();
  const inView = box.top >= covered && box.bottom <= window.innerHeight;
  if (!inView) {
    window.scrollTo({
      top: window.scrollY + box.top - covered - 8,
      behavior: reduce ? 'instant' : 'smooth',
    });
  }
  // The scroll above (smooth or not) is the only one: focusing must not jump there at once.
  target.focus({ preventScroll: true });
}

/** How much of the top of the window the sticky top bar covers, in pixels. */
function stickyTop(): number {
  const bar = document.querySelector<HTMLElement>('header.topbar');
  if (!bar) return 0;
  const position = getComputedStyle(bar).position;
  if (position !== 'sticky' && position !== 'fixed') return 0;
  return Math.max(0, bar.getBoundingClientRect().bottom);
}
