/** Fields where a key is text, not a shortcut: text inputs, text areas, selects, editables. */
const TYPING = 'input:not([type=checkbox]):not([type=radio]), textarea, select, [contenteditable]';

/**
 * Whether a key pressed on `target` is typed into a field (so no page shortcut takes it).
 * `also` adds selectors that keep their keys too (a canvas's own arrows).
 */
export function isTyping(target: EventTarget | null, also = ''): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest(also ? `${TYPING}, ${also}` : TYPING) !== null;
}
