/**
 * Past this many tokens in the air (a burst), the stage is drawn at most every BUSY_FRAME_MS:
 * tokens move as smoothly to the eye at 30 frames a second, and every other frame goes to
 * taking the burst in. A handful of tokens (a lesson's step) keeps every frame.
 */
export const BUSY_TOKENS = 24;
export const BUSY_FRAME_MS = 32;

/**
 * Whether the stage is drawn in the animation frame at `wall`: when something in it changed,
 * or while tokens fly, at every frame, or in a burst every BUSY_FRAME_MS. `lastDraw` is when
 * it last drew (wall ms), `drewTokens` how many tokens that frame had: the frame after the last
 * one lands is drawn too, or a stack would hang short of its queue. Nothing changed and nothing
 * flying: it is not drawn.
 */
export function stageDue(
  dirty: boolean,
  tokens: number,
  wall: number,
  lastDraw: number,
  drewTokens = 0,
): boolean {
  if (tokens === 0) return dirty || drewTokens > 0;
  if (tokens <= BUSY_TOKENS) return true;
  // A frame a little early (vsync jitter) still counts: 30 a second, not 20.
  return wall - lastDraw >= BUSY_FRAME_MS - 4;
}
