import type { ProfileOverrides } from '../../broker';

/** A figure typed as a number: what it counts, what it accepts, what 0 and ∞ mean. */
export interface NumberRule {
  /** What it counts, in words (`seconds`, `msg/s`) and, shorter, beside the field (`s`). */
  unit: string;
  short?: string;
  min: number;
  max?: number;
  whole?: boolean;
  /** What 0 means, when it means something else than none of the unit. */
  zero?: string;
  /** What ∞ means, when the figure takes it. */
  infinity?: string;
}

export type Field = {
  key: keyof ProfileOverrides;
  label: string;
} & (
  { kind: 'number'; rule: NumberRule } | { kind: 'choice'; choices: string[] } | { kind: 'bool' }
);

const MQTT_MAX_PACKET = 268_435_455;

/** Every figure of a profile the editor shows, in order. */
export const FIELDS: Field[] = [
  {
    key: 'sessionExpiryV3',
    label: 'Session expiry, 3.1.1',
    kind: 'number',
    rule: { unit: 'seconds', short: 's', min: 0, infinity: 'never' },
  },
  {
    key: 'maxSessionExpiry',
    label: 'Maximum Session Expiry Interval, 5.0',
    kind: 'number',
    rule: { unit: 'seconds', short: 's', min: 0, infinity: 'no maximum' },
  },
  {
    key: 'expiryJitter',
    label: 'Extra expiry delay, up to',
    kind: 'number',
    rule: { unit: 'seconds', short: 's', min: 0, zero: 'none' },
  },
  {
    key: 'replayRate',
    label: 'Replay rate',
    kind: 'number',
    rule: { unit: 'msg/s', min: 0, zero: 'unpaced' },
  },
  {
    key: 'queueLimit',
    label: 'Stored messages per session',
    kind: 'number',
    rule: { unit: 'messages', min: 0, whole: true, infinity: 'no limit' },
  },
  {
    key: 'totalStoredLimit',
    label: 'Stored messages in all sessions',
    kind: 'number',
    rule: { unit: 'messages', min: 0, whole: true, infinity: 'no limit' },
  },
  {
    key: 'queueOverflow',
    label: 'When the store is full',
    kind: 'choice',
    choices: ['drop-new', 'drop-oldest'],
  },
  { key: 'storeQos0', label: 'Store QoS 0 while away', kind: 'bool' },
  {
    key: 'inflightLimit',
    label: 'In flight per client',
    kind: 'number',
    rule: { unit: 'messages', min: 1, whole: true, infinity: 'no limit' },
  },
  {
    key: 'receiveMaximum',
    label: 'Receive Maximum (QoS 2 from one client, unacknowledged)',
    kind: 'number',
    rule: { unit: 'messages', min: 1, max: 65_535, whole: true },
  },
  { key: 'maxQos', label: 'Maximum QoS', kind: 'choice', choices: ['1', '2'] },
  {
    key: 'liveDuringReplay',
    label: 'Live messages during replay',
    kind: 'choice',
    choices: ['at-once', 'behind'],
  },
  {
    key: 'resendAs',
    label: 'Unacknowledged messages resent as',
    kind: 'choice',
    choices: ['dup', 'fresh'],
  },
  {
    key: 'sessionsAcrossVersions',
    label: 'A session survives a reconnect with the other MQTT version',
    kind: 'bool',
  },
  {
    key: 'willOnTakeover',
    label: 'Will of a connection taken over',
    kind: 'choice',
    choices: ['always', 'if-session-ends'],
  },
  {
    key: 'maxKeepAlive',
    label: 'Maximum keep-alive',
    kind: 'number',
    rule: { unit: 'seconds', short: 's', min: 1, max: 65_535, whole: true },
  },
  {
    key: 'connectTimeout',
    label: 'Time to send CONNECT',
    kind: 'number',
    rule: { unit: 'seconds', short: 's', min: 1, infinity: 'no limit' },
  },
  {
    key: 'maxPacketSize',
    label: 'Maximum packet size (bounds the payload)',
    kind: 'number',
    rule: { unit: 'bytes', min: 1, max: MQTT_MAX_PACKET, whole: true },
  },
  {
    key: 'maxTopicLength',
    label: 'Longest topic',
    kind: 'number',
    rule: { unit: 'bytes', min: 1, max: 65_535, whole: true },
  },
  {
    key: 'subscriptionLimit',
    label: 'Subscriptions per session',
    kind: 'number',
    rule: { unit: 'subscriptions', min: 1, whole: true, infinity: 'no limit' },
  },
  {
    key: 'retainedLimit',
    label: 'Retained messages',
    kind: 'number',
    rule: { unit: 'messages', min: 0, whole: true, infinity: 'no limit' },
  },
  {
    key: 'topicAliasMaximum',
    label: 'Topic Alias Maximum (aliases a client may set)',
    kind: 'number',
    rule: { unit: 'aliases', min: 0, max: 65_535, whole: true, zero: 'none' },
  },
  { key: 'assignTopicAliases', label: 'Give aliases to clients that accept them', kind: 'bool' },
  { key: 'sharedSubscriptions', label: 'Shared subscriptions ($share/…)', kind: 'bool' },
  {
    key: 'sharedSubscriptions311',
    label: '$share/… of 3.1.1 clients is shared (off: a literal filter, as in 3.1.1)',
    kind: 'bool',
  },
];

/** What 0 and ∞ mean for a figure, as the hint and the error both say it. */
function meanings(rule: NumberRule): string[] {
  return [
    ...(rule.zero ? [`0 = ${rule.zero}`] : []),
    ...(rule.infinity ? [`∞ = ${rule.infinity}`] : []),
  ];
}

/** The hint beside a number field: its unit and what 0 and ∞ mean (`s (∞ = never)`). */
export function hint(rule: NumberRule): string {
  const m = meanings(rule);
  return [rule.short ?? rule.unit, ...(m.length ? [`(${m.join(', ')})`] : [])].join(' ');
}

/** The figure as the field shows it: ∞ for Infinity. */
export const show = (v: unknown) => (v === Number.POSITIVE_INFINITY ? '∞' : String(v));

/**
 * Reads a number field: its value, or the message saying what it takes, in the words of its
 * hint (the same meanings of 0 and ∞).
 */
export function readNumber(
  label: string,
  rule: NumberRule,
  text: string,
): { value: number } | { error: string } {
  const t = text.trim().toLowerCase();
  const infinite = t === '∞' || t === 'infinity' || t === 'never';
  const value = infinite ? Number.POSITIVE_INFINITY : t === '' ? Number.NaN : Number(t);
  const ok = infinite
    ? rule.infinity !== undefined
    : Number.isFinite(value) &&
      value >= rule.min &&
      (rule.max === undefined || value <= rule.max) &&
      (!rule.whole || Number.isInteger(value));
  if (ok) return { value };
  const range = rule.max === undefined ? `${rule.min} or more` : `${rule.min} to ${rule.max}`;
  const m = meanings(rule);
  return {
    error: `${label}: ${rule.whole ? 'a whole number' : 'a number'} of ${rule.unit}, ${range}${m.length ? ` (${m.join(', ')})` : ''}`,
  };
}
