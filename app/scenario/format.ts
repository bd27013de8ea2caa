import type { BrokerEventType, DropReason, ProfileName } from '../broker';

/** The `format` every scenario file carries; a later incompatible format gets a new number. */
export const SCENARIO_FORMAT = 'mqtt-session-lab/scenario@1';

/**
 * A duration: a number of seconds, or text such as `250ms`, `90s`, `1h30m`, `1.5h`, `0:01:30`.
 * Kept as written in the file; `parseDuration` reads it.
 */
export type Duration = number | string;

/** A scenario: a broker, its clients, what they do step by step, and what must come of it. */
export interface Scenario {
  format: typeof SCENARIO_FORMAT;
  title: string;
  /** What the scenario shows, in a sentence or two. */
  description?: string;
  profile: ProfileName;
  /** Profile figures changed for this scenario; `"unlimited"` stands for no limit (∞). */
  overrides?: Record<string, number | string | boolean>;
  /** Seed of the broker's random draws (the AWS expiry delay): same seed, same run. */
  seed?: number;
  clients: ScenarioClient[];
  steps: Step[];
  expect?: Expectation[];
}

export interface ScenarioClient {
  /** How steps and expectations name this client; unique in the scenario. */
  name: string;
  /** The MQTT client id; defaults to `name`. Two clients with one id are a takeover pair. */
  clientId?: string;
  /** 4 = MQTT 3.1.1 (default), 5 = MQTT 5.0. */
  version?: 4 | 5;
  /** cleanSession (3.1.1) or Clean Start (5.0); default false (a persistent session). */
  clean?: boolean;
  /** MQTT 5 Session Expiry Interval, seconds; default 0 (absent). */
  sessionExpiry?: number;
  /** Keep-alive, seconds; default 60. */
  keepalive?: number;
  will?: { topic: string; payload: string; qos?: 0 | 1 | 2; retain?: boolean; delay?: number };
}

interface StepBase {
  /** A line of narration, shown while the step is the current one. */
  say?: string;
}

export type Step = StepBase &
  (
    | { do: 'note' }
    | { do: 'connect'; client: string }
    | { do: 'disconnect'; client: string; sessionExpiry?: number }
    | { do: 'drop'; client: string; silent?: boolean }
    | { do: 'subscribe'; client: string; filter: string; qos?: 0 | 1 | 2 }
    | { do: 'unsubscribe'; client: string; filter: string }
    | {
        do: 'publish';
        client: string;
        topic: string;
        payload: string;
        qos?: 0 | 1 | 2;
        retain?: boolean;
        messageExpiry?: number;
      }
    | {
        do: 'burst';
        client: string;
        topic: string;
        /** Payload template: `m` gives m0, m1…; `{i}` marks where the number goes. */
        payload: string;
        count: number;
        qos?: 0 | 1 | 2;
        /** Messages per second of simulated time; 0 (default) = all at once. */
        rate?: number;
      }
    /** Holds the client's PUBACK/PUBREC back (`hold: false` stops holding; held ones stay). */
    | { do: 'hold-acks'; client: string; hold?: boolean }
    | { do: 'release-acks'; client: string; count?: number }
    | { do: 'advance'; by: Duration }
    | { do: 'wait'; for: EventMatch; within: Duration }
  );

export type StepKind = Step['do'];

/** Picks broker events: by type, and by the fields given (all must be equal). */
export interface EventMatch {
  type: BrokerEventType;
  client?: string;
  reason?: string;
}

/** What must be true once the steps have run; each names the events that decided it. */
export type Expectation = { label?: string } & (
  | { connack: string; nth?: number; sessionPresent: boolean; code?: number }
  | { receives: string; payloads: string | string[]; order?: 'exact' | 'any' }
  | { dropped: number; reason?: DropReason; client?: string }
  | { replay: string; between: [Duration, Duration] }
  | { expires: string; between: [Duration, Duration] }
  | { event: EventMatch; count: number | { min?: number; max?: number } }
);
