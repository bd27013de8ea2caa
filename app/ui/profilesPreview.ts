/**
 * Display figures for the broker profiles, copied from the profile table in
 * shared/docs/behaviour.md. Only the landing page reads them: once the broker core ships its
 * own profiles (app/broker), the page should render those instead and this file can go.
 */

/** The settings a profile fixes, as short text for a table cell. */
export interface ProfilePreview {
  /** Profile id, as used in scenarios and the URL. */
  readonly name: string;
  /** The broker or standard the profile imitates. */
  readonly label: string;
  readonly sessionExpiry: string;
  readonly replayRate: string;
  readonly storedPerSession: string;
  readonly qos0WhileAway: string;
  readonly inFlightPerClient: string;
  readonly qos2: string;
  readonly liveDuringReplay: string;
}

/** Column order and headings for the preview table. */
export const profileColumns = [
  ['sessionExpiry', 'Session expiry'],
  ['replayRate', 'Replay rate'],
  ['storedPerSession', 'Stored per session'],
  ['qos0WhileAway', 'QoS 0 stored while away'],
  ['inFlightPerClient', 'In flight per client'],
  ['qos2', 'QoS\u00a02'],
  ['liveDuringReplay', 'Live messages during replay'],
] as const satisfies readonly (readonly [keyof ProfilePreview, string])[];

export const profilesPreview: readonly ProfilePreview[] = [
  {
    name: 'aws',
    label: 'AWS IoT Core',
    sessionExpiry: '1 h (+0–30 min), up to 7 d',
    replayRate: '10 msg/s',
    storedPerSession: 'account limit (1000 here)',
    qos0WhileAway: 'no',
    inFlightPerClient: '100',
    qos2: 'no',
    liveDuringReplay: 'at once (may overtake)',
  },
  {
    // The MQTT 3.1.1 and MQTT 5 standard profiles differ only where the protocol does.
    name: 'standard',
    label: 'MQTT 3.1.1 / 5 standard',
    sessionExpiry: 'never (3.1.1); from SEI (5)',
    replayRate: 'unthrottled',
    storedPerSession: 'unbounded',
    qos0WhileAway: 'no',
    inFlightPerClient: 'unbounded (3.1.1); Receive Maximum (5)',
    qos2: 'yes',
    liveDuringReplay: 'behind the backlog',
  },
  {
    name: 'mosquitto',
    label: 'Mosquitto 2 defaults',
    sessionExpiry: 'never (v3)',
    replayRate: 'unthrottled',
    storedPerSession: '1000, new ones dropped',
    qos0WhileAway: 'no',
    inFlightPerClient: '20',
    qos2: 'yes',
    liveDuringReplay: 'behind the backlog',
  },
  {
    name: 'emqx',
    label: 'EMQX 5 defaults',
    sessionExpiry: '2 h',
    replayRate: 'unthrottled',
    storedPerSession: '1000, oldest dropped',
    qos0WhileAway: 'yes',
    inFlightPerClient: '32',
    qos2: 'yes',
    liveDuringReplay: 'behind the backlog',
  },
];
