import type { MouseEvent } from 'react';

const TARGETS = [
  ['scenario', 'Skip to the scenario'],
  ['timeline', 'Skip to the timeline'],
  ['clients', 'Skip to the clients'],
  ['sessions', 'Skip to the sessions'],
] as const;

/**
 * Past the stage, straight to a panel: the keyboard's way into the details. The address's
 * fragment carries shared links, so a skip moves focus itself instead of changing it.
 */
export function SkipLinks() {
  const skip = (e: MouseEvent<HTMLAnchorElement>, id: string) => {
    const target = document.getElementById(id);
    if (!target) return;
    e.preventDefault();
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'start' });
  };
  return (
    <nav className="skip-links" aria-label="Skip links">
      {TARGETS.map(([id, text]) => (
        <a key={id} className="skip-link" href={`#${id}`} onClick={(e) => skip(e, id)}>
          {text}
        </a>
      ))}
    </nav>
  );
}
