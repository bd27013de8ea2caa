import { LESSON_KEY, LINK_KEY } from './link';

/**
 * How an embed link shows what it opens: `#embed&lesson=01&autoplay&speed=10` (what it opens,
 * the lesson or the scenario, is read by `readFragment`).
 */
export interface EmbedRequest {
  /** Only the stage, the narration and the step controls (for an iframe in slides). */
  embed: boolean;
  /** Plays the scenario to its end at the clock's speed once it is open. */
  autoplay: boolean;
  /** The clock's speed for the autoplay, when given (1, 10, 60...). */
  speed?: number;
}

/** Reads how a location's fragment asks to show what it opens. */
export function embedInHash(hash: string): EmbedRequest {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const speed = Number(params.get('speed'));
  return {
    embed: params.has('embed'),
    autoplay: params.has('autoplay'),
    ...(Number.isFinite(speed) && speed > 0 ? { speed } : {}),
  };
}

/** Finds a lesson by id or number among `ids`; undefined when none matches. */
export function findLesson(ids: readonly string[], wanted: string): string | undefined {
  const w = wanted.trim().toLowerCase();
  if (!w) return undefined;
  const exact = ids.find((id) => id.toLowerCase() === w);
  if (exact) return exact;
  if (/^\d{1,2}$/.test(w)) return ids.find((id) => id.startsWith(w.padStart(2, '0') + '-'));
  return ids.find((id) => id.toLowerCase().replace(/^\d+-/, '') === w);
}

/** An embed link for a lesson or a packed scenario, relative to the page's address. */
export function embedLink(
  base: string,
  what: { lesson: string } | { packed: string },
  autoplay = false,
): string {
  const part = 'lesson' in what ? `${LESSON_KEY}=${what.lesson}` : `${LINK_KEY}=${what.packed}`;
  return `${base.replace(/#.*$/, '')}#embed&${part}${autoplay ? '&autoplay' : ''}`;
}
