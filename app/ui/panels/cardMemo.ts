import type { SessionView } from '../../store/brokerView';

/**
 * Whether a session's card shows the clock: a countdown to its expiry while its client is away,
 * or the time a replay in progress has taken.
 */
export function showsClock(
  s: Pick<SessionView, 'status' | 'expiresAt' | 'replay'>,
  remote: boolean,
): boolean {
  if (s.status === 'expired' || s.status === 'discarded') return false;
  const countdown = !remote && s.status === 'away' && s.expiresAt !== undefined;
  return countdown || (s.replay !== undefined && s.replay.finishedAt === undefined);
}

export interface SessionCardProps {
  clientId: string;
  s: SessionView | undefined;
  now: number;
  remote?: boolean;
  /** The card's element, for the slot that tells whether it is in view. */
  cardRef?: (el: Element | null) => void;
}

/**
 * Whether a session card would show the same as before (React.memo's test). The fold gives a
 * session it did not touch the same object, so a card is rendered again when its session
 * changed, or when the clock moved and the card shows it: not for every card ten times a
 * second while the clock runs, nor for every card whenever one session changed.
 */
export function sameSessionCard(a: SessionCardProps, b: SessionCardProps): boolean {
  if (a.clientId !== b.clientId || a.s !== b.s || a.remote !== b.remote) return false;
  return a.now === b.now || b.s === undefined || !showsClock(b.s, b.remote === true);
}
