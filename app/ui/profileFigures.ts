import { PROFILE_NAMES, PROFILES, type Profile } from '../broker';
import { formatSeconds } from '../format/time';

/** The settings a profile fixes, as short text for a table cell. */
export interface ProfileFigures {
  readonly name: string;
  readonly label: string;
  readonly sessionExpiry: string;
  readonly replayRate: string;
  readonly storedPerSession: string;
  readonly qos0WhileAway: string;
  readonly inFlightPerClient: string;
  readonly qos2: string;
  readonly liveDuringReplay: string;
}

/** Column order and headings for the profiles table. */
export const profileColumns = [
  ['sessionExpiry', 'Session expiry'],
  ['replayRate', 'Replay rate'],
  ['storedPerSession', 'Stored per session'],
  ['qos0WhileAway', 'QoS 0 stored while away'],
  ['inFlightPerClient', 'In flight per client'],
  ['qos2', 'QoS\u00a02'],
  ['liveDuringReplay', 'Live messages during replay'],
] as const satisfies readonly (readonly [keyof ProfileFigures, string])[];

const limit = (n: number) => (Number.isFinite(n) ? String(n) : 'unbounded');

/** The figures of one profile, as the broker runs them, formatted for the table. */
export function describeProfile(p: Profile): ProfileFigures {
  const extra = p.expiryJitter > 0 ? ` (+0–${formatSeconds(p.expiryJitter)})` : '';
  const v3 = `${formatSeconds(p.sessionExpiryV3)}${extra}`;
  const v5 = Number.isFinite(p.maxSessionExpiry)
    ? `from SEI, at most ${formatSeconds(p.maxSessionExpiry)}`
    : 'from SEI';
  const overflow = p.queueOverflow === 'drop-new' ? 'new ones dropped' : 'oldest dropped';
  return {
    name: p.name,
    label: p.label,
    sessionExpiry: `${v3} (3.1.1); ${v5} (5)`,
    replayRate: p.replayRate > 0 ? `${p.replayRate} msg/s` : 'unthrottled',
    storedPerSession: Number.isFinite(p.queueLimit) ? `${p.queueLimit}, ${overflow}` : 'unbounded',
    qos0WhileAway: p.storeQos0 ? 'yes' : 'no',
    inFlightPerClient: `${limit(p.inflightLimit)}, and the client's Receive Maximum`,
    qos2: p.maxQos === 2 ? 'yes' : 'no',
    liveDuringReplay:
      p.liveDuringReplay === 'at-once' ? 'at once (may overtake)' : 'behind the backlog',
  };
}

export const profileFigures: readonly ProfileFigures[] = PROFILE_NAMES.map((n) =>
  describeProfile(PROFILES[n]),
);
