/** What one check found: what is shown, and, for a measured pace, the figure behind it. */
export interface Finding {
  value: string;
  /** Messages per second of a paced replay (undefined: unpaced). */
  rate?: number;
}

/** The MQTT 5 Session Expiry Interval the checks ask for, seconds. */
export const V5_EXPIRY_S = 3;
/** How long past an expiry a check comes back (a broker checks expiries every second or so). */
export const EXPIRY_MARGIN_S = 2.5;

/** The checks of `npm run check-broker`, in the order the table shows them. */
export const ROWS = [
  { id: 'first-connect', title: 'first connect (cleanSession=0): sessionPresent' },
  { id: 'resume', title: 'resume: sessionPresent' },
  { id: 'qos1-stored', title: 'QoS 1 published while away' },
  { id: 'qos0-stored', title: 'QoS 0 published while away' },
  { id: 'replay-rate', title: 'replay of the stored messages' },
  { id: 'subscriptions', title: 'subscriptions on resume (not sent again)' },
  { id: 'resend', title: 'unacknowledged QoS 1 on resume' },
  { id: 'inflight', title: 'QoS 1 in flight to one client (acks held)' },
  { id: 'expiry-before', title: '3.1.1 session at half the expiry', needs: 'expiry' },
  {
    id: 'expiry-after',
    title: `3.1.1 session ${EXPIRY_MARGIN_S} s after the expiry`,
    needs: 'expiry',
  },
  { id: 'expiry-discards', title: 'what the expiry discards', needs: 'expiry' },
  { id: 'clean-session', title: 'cleanSession=1, then a persistent reconnect' },
  { id: 'v5-no-expiry', title: 'MQTT 5 Clean Start=0, no Session Expiry' },
  {
    id: 'v5-expiry-before',
    title: `MQTT 5 Session Expiry ${V5_EXPIRY_S} s, back after ${V5_EXPIRY_S / 2} s`,
  },
  {
    id: 'v5-expiry-after',
    title: `MQTT 5 Session Expiry ${V5_EXPIRY_S} s, back after ${V5_EXPIRY_S + EXPIRY_MARGIN_S} s`,
  },
  { id: 'v5-disconnect-expiry', title: 'MQTT 5 Session Expiry 300 → 0 on DISCONNECT' },
  { id: 'across-versions', title: '3.1.1 session, resumed by MQTT 5' },
  { id: 'takeover-will', title: 'Will of a persistent session taken over' },
  { id: 'queue-full', title: 'store full (queue + 5 QoS 1 while away)', needs: 'queue' },
] as const satisfies readonly { id: string; title: string; needs?: 'expiry' | 'queue' }[];

export type RowId = (typeof ROWS)[number]['id'];

export type Findings = Partial<Record<RowId, Finding>>;

/** A replay slower than this is paced (AWS IoT Core: 10 per second); faster is not. */
export const PACED_BELOW = 40;

/** Two paced replays match within this share of the faster one. */
const RATE_TOLERANCE = 0.3;

/** Whether two findings of a row say the same about the broker. */
export function sameFinding(a: Finding, b: Finding): boolean {
  if (a.rate !== undefined && b.rate !== undefined)
    return Math.abs(a.rate - b.rate) <= RATE_TOLERANCE * Math.max(a.rate, b.rate);
  return a.value === b.value;
}
