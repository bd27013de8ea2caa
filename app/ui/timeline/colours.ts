/**
 * Colours for clients, shared by the timeline's lanes and the charts. Mid-dark hues that read
 * on white and stay clear of the marks' meanings (red: dropped, purple: sent again).
 */
export const LANE_PALETTE = [
  '#2f6db5', // blue
  '#d9730d', // orange
  '#0f8b8d', // teal
  '#c2417e', // magenta
  '#5b8c2a', // green
  '#8c564b', // brown
  '#56697d', // slate
  '#a88116', // ochre
] as const;

/**
 * A client's colour: the same id always gets the same colour, in every view and every run,
 * without any shared state. Ids that differ only in a last letter or number (A, B, C;
 * sensor-1, sensor-2) get neighbouring colours of `LANE_PALETTE`, so a handful of them never
 * share one; the rest of the id is hashed to pick where they start.
 */
export function laneColour(clientId: string): string {
  let colour = cache.get(clientId);
  if (colour === undefined) cache.set(clientId, (colour = pick(clientId)));
  return colour;
}

/** Drawing asks for a colour per lane per frame: each id is worked out once. */
const cache = new Map<string, string>();

function pick(clientId: string): string {
  const [, stem = '', last = ''] = /^(.*?)(\d{1,6}|[^\d]?)$/su.exec(clientId) ?? [];
  const ordinal = /^\d/.test(last) ? Number(last) : (last.codePointAt(0) ?? 0);
  return LANE_PALETTE[(hash(stem) + ordinal) % LANE_PALETTE.length]!;
}

/** FNV-1a with a murmur3 finaliser: a well-spread unsigned 32-bit hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
