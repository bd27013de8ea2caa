import type { Profile, ProfileOverrides } from '../broker';

/** A profile figure's key: every field of a profile but its name and label. */
export type FigureKey = keyof ProfileOverrides;

/** How a flag's value is read. */
type Reading =
  /** A whole number in [min, max]; `none` is the word for Infinity ('never', 'unlimited'). */
  | { kind: 'whole'; min: number; max: number; what: string; none?: 'never' | 'unlimited' }
  /** A number ≥ 0 with decimals allowed. */
  | { kind: 'rate'; what: string }
  /** One of a few words (numbers written as words too: maxQos 1 or 2). */
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'bool' };

/** One figure as a command-line flag: its name, the value it takes, and what it sets. */
export type FigureFlag = Reading & {
  key: FigureKey;
  flag: string;
  /** The value in the help: `S`, `N`, `BYTES`, `drop-new|drop-oldest`. */
  arg: string;
  help: string;
};

const U32 = 4_294_967_295;
const ANY = Number.MAX_SAFE_INTEGER;
/** The largest packet MQTT can carry (Remaining Length 268,435,455). */
const MQTT_MAX_PACKET = 268_435_455;

type Whole = Extract<Reading, { kind: 'whole' }>;
const seconds = (min: number, max: number, never = false): Whole => ({
  kind: 'whole',
  min,
  max,
  what: never ? "a whole number of seconds or 'never'" : 'a whole number of seconds',
  ...(never ? { none: 'never' as const } : {}),
});
const count = (min: number, what: string, unlimited = true, max = ANY): Whole => ({
  kind: 'whole',
  min,
  max,
  what: unlimited ? `${what} or 'unlimited'` : what,
  ...(unlimited ? { none: 'unlimited' as const } : {}),
});
const bool = { kind: 'bool' } as const;
const TF = 'true|false';

/**
 * Every profile figure as a flag of `npm run broker`: the one table the parser, the help and
 * the README's flag table follow (a test checks that it names every figure of a profile, and
 * the README every flag). In the order of the profile editor's groups: expiry, the store and
 * the replay, what is sent and how, bounds, MQTT 5 features.
 */
export const FIGURE_FLAGS: readonly FigureFlag[] = [
  {
    key: 'sessionExpiryV3',
    flag: 'session-expiry-311',
    arg: 'S',
    help: "seconds a 3.1.1 persistent session (cleanSession=0) outlives its connection; 'never' for no expiry",
    ...seconds(0, U32, true),
  },
  {
    key: 'maxSessionExpiry',
    flag: 'max-session-expiry',
    arg: 'S',
    help: "cap on an MQTT 5 client's Session Expiry Interval (a lowered one is returned in CONNACK); 'never' for none",
    ...seconds(0, U32, true),
  },
  {
    key: 'expiryJitter',
    flag: 'expiry-jitter',
    arg: 'S',
    help: 'upper bound of the extra delay drawn for every expiry (AWS: 1800; 0 for none)',
    ...seconds(0, U32),
  },
  {
    key: 'replayRate',
    flag: 'replay-rate',
    arg: 'N',
    help: 'stored messages sent per second on resume (0 = unpaced)',
    kind: 'rate',
    what: 'a number of messages per second',
  },
  {
    key: 'queueLimit',
    flag: 'queue-limit',
    arg: 'N',
    help: "messages stored per session ('unlimited' for no limit)",
    ...count(0, 'a number of messages'),
  },
  {
    key: 'queueOverflow',
    flag: 'queue-overflow',
    arg: 'drop-new|drop-oldest',
    help: 'which message a full store gives up',
    kind: 'choice',
    choices: ['drop-new', 'drop-oldest'],
  },
  {
    key: 'totalStoredLimit',
    flag: 'total-stored-limit',
    arg: 'N',
    help: "messages stored in all sessions together ('unlimited' for no limit)",
    ...count(0, 'a number of messages'),
  },
  {
    key: 'storeQos0',
    flag: 'store-qos0',
    arg: TF,
    help: 'whether QoS 0 messages are stored for a client that is away',
    ...bool,
  },
  {
    key: 'liveDuringReplay',
    flag: 'live-during-replay',
    arg: 'at-once|behind',
    help: 'live messages while a backlog drains: sent at once (may overtake) or queued behind it',
    kind: 'choice',
    choices: ['at-once', 'behind'],
  },
  {
    key: 'resendAs',
    flag: 'resend-as',
    arg: 'dup|fresh',
    help: 'an unacknowledged message sent again on resume: DUP=1 with its packet id, or as a new send',
    kind: 'choice',
    choices: ['dup', 'fresh'],
  },
  {
    key: 'sessionsAcrossVersions',
    flag: 'sessions-across-versions',
    arg: TF,
    help: 'whether a stored session survives a reconnect with the other protocol version',
    ...bool,
  },
  {
    key: 'willOnTakeover',
    flag: 'will-on-takeover',
    arg: 'always|if-session-ends',
    help: "a taken-over connection's Will: always published, or only if its session ends with it (mosquitto)",
    kind: 'choice',
    choices: ['always', 'if-session-ends'],
  },
  {
    key: 'inflightLimit',
    flag: 'inflight-limit',
    arg: 'N',
    help: "unacknowledged QoS 1/2 messages in flight to one client ('unlimited'; the client's Receive Maximum bounds it too)",
    ...count(1, 'a number of messages'),
  },
  {
    key: 'receiveMaximum',
    flag: 'receive-maximum',
    arg: 'N',
    help: "the broker's Receive Maximum: unacknowledged QoS 2 publishes it takes from one client (1-65535)",
    ...count(1, 'a number of messages', false, 65_535),
  },
  {
    key: 'maxQos',
    flag: 'max-qos',
    arg: '1|2',
    help: 'the highest QoS the broker grants and takes',
    kind: 'choice',
    choices: ['1', '2'],
  },
  {
    key: 'maxKeepAlive',
    flag: 'max-keepalive',
    arg: 'S',
    help: 'largest keep-alive accepted, in seconds (1-65535); a larger one, or 0, is lowered to it',
    ...count(1, 'a number of seconds', false, 65_535),
  },
  {
    key: 'connectTimeout',
    flag: 'connect-timeout',
    arg: 'S',
    help: 'seconds a new connection has to send CONNECT before it is closed (1-3600)',
    ...count(1, 'a number of seconds', false, 3600),
  },
  {
    key: 'maxPacketSize',
    flag: 'max-packet-size',
    arg: 'BYTES',
    help: `largest packet accepted, in bytes (1-${MQTT_MAX_PACKET}); it bounds the payload`,
    ...count(1, 'a number of bytes', false, MQTT_MAX_PACKET),
  },
  {
    key: 'maxTopicLength',
    flag: 'max-topic-length',
    arg: 'BYTES',
    help: 'longest topic name or filter accepted, in UTF-8 bytes (1-65535)',
    ...count(1, 'a number of bytes', false, 65_535),
  },
  {
    key: 'subscriptionLimit',
    flag: 'subscription-limit',
    arg: 'N',
    help: "subscriptions one session may hold ('unlimited' for no limit)",
    ...count(1, 'a number of subscriptions'),
  },
  {
    key: 'retainedLimit',
    flag: 'retained-limit',
    arg: 'N',
    help: "retained messages kept at most ('unlimited' for no limit)",
    ...count(0, 'a number of messages'),
  },
  {
    key: 'topicAliasMaximum',
    flag: 'topic-alias-maximum',
    arg: 'N',
    help: 'Topic Alias Maximum in CONNACK (MQTT 5): aliases a client may set (0-65535; 0 = none)',
    ...count(0, 'a number of aliases', false, 65_535),
  },
  {
    key: 'assignTopicAliases',
    flag: 'assign-topic-aliases',
    arg: TF,
    help: 'whether the broker gives topic aliases to clients that accept them (MQTT 5)',
    ...bool,
  },
  {
    key: 'sharedSubscriptions',
    flag: 'shared-subscriptions',
    arg: TF,
    help: 'whether $share/{group}/{filter} subscriptions are offered',
    ...bool,
  },
  {
    key: 'sharedSubscriptions311',
    flag: 'shared-subscriptions-311',
    arg: TF,
    help: "whether a 3.1.1 client's $share/... is shared too (false: the literal filter it is in 3.1.1)",
    ...bool,
  },
];

/** Why a flag's value cannot be read; the parser names the flag. */
export class FigureValueError extends Error {}

/** Reads a figure flag's value into the profile figure, or throws FigureValueError. */
export function readFigure(f: FigureFlag, raw: string): Profile[FigureKey] {
  switch (f.kind) {
    case 'whole': {
      if (f.none && raw.toLowerCase() === f.none) return Number.POSITIVE_INFINITY;
      if (f.none === 'never' && raw.toLowerCase() === 'infinity') return Number.POSITIVE_INFINITY;
      if (!/^\d+$/.test(raw)) throw new FigureValueError(`'${raw}' is not ${f.what}`);
      const n = Number(raw);
      if (n < f.min || n > f.max) {
        const top = f.max === ANY ? '' : ` to ${f.max}`;
        throw new FigureValueError(`${raw} is out of range (${f.min}${top || ' or more'})`);
      }
      return n;
    }
    case 'rate':
      if (!/^\d+(\.\d+)?$/.test(raw)) throw new FigureValueError(`'${raw}' is not ${f.what}`);
      return Number(raw);
    case 'choice':
      if (!f.choices.includes(raw)) {
        throw new FigureValueError(`'${raw}' is not one of ${f.choices.join(', ')}`);
      }
      return (f.key === 'maxQos' ? Number(raw) : raw) as Profile[FigureKey];
    case 'bool':
      if (raw !== 'true' && raw !== 'false') {
        throw new FigureValueError(`'${raw}' is not true or false`);
      }
      return raw === 'true';
  }
}

/** The help's lines for the figure flags: the flag and its value, then what it sets, wrapped. */
export function figureHelp(width = 96, column = 27): string {
  return FIGURE_FLAGS.map((f) => {
    const head = `  --${f.flag} ${f.arg}`;
    const lines: string[] = [];
    let line = head.length < column ? head.padEnd(column) : `${head}\n${' '.repeat(column)}`;
    let room = width - (line.length - line.lastIndexOf('\n') - 1);
    for (const word of f.help.split(' ')) {
      if (word.length + 1 > room && room < width - column) {
        lines.push(line.trimEnd());
        line = ' '.repeat(column);
        room = width - column;
      }
      line += `${word} `;
      room -= word.length + 1;
    }
    lines.push(line.trimEnd());
    return lines.join('\n');
  }).join('\n');
}
