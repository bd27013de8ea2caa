import { useEffect } from 'react';
import { isTyping } from './typing';

/**
 * From one client's card to the next from the keyboard (outside fields): "]" focuses the next
 * card's Connect button, "[" the previous one's; from outside the cards, "]" goes to the first
 * and "[" to the last. A card holds some twenty controls, so Tab alone is a long way round.
 */
export function useClientKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '[' && e.key !== ']') return;
      // AltGr (Ctrl+Alt on Windows) types [ and ] on many keyboards: that is still the key.
      if (e.metaKey || e.ctrlKey !== e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (isTyping(target)) return;
      const cards = [...document.querySelectorAll<HTMLElement>('article.card.client')];
      if (cards.length === 0) return;
      const at = target ? cards.findIndex((c) => c.contains(target)) : -1;
      const next =
        e.key === ']'
          ? at < 0
            ? 0
            : Math.min(at + 1, cards.length - 1)
          : at < 0
            ? cards.length - 1
            : Math.max(at - 1, 0);
      const button = cards[next]!.querySelector<HTMLElement>('.actions button');
      if (!button) return;
      e.preventDefault();
      button.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
