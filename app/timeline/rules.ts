/**
 * The rules of `docs/behaviour.md` as data, one line each, keyed by the id the broker
 * tags its code with (`// [AWS-replay]`), so the inspector can say which rule an event carries
 * out. `rules.test.ts` reads behaviour.md and fails when one of its ids is missing here.
 */
export interface Rule {
  id: string;
  text: string;
  /** Where the rule comes from: a table of behaviour.md, its MQTT 5 list, or a spec id the broker tags. */
  source: 'behaviour' | 'mqtt5' | 'profiles' | 'spec';
  /** For an MQTT statement id: the standard whose numbering it is. */
  standard?: '3.1.1' | '5.0' | '3.1.1/5.0';
  /** The same rule's id in the other standard, where it differs (`5.0: MQTT-3.1.2-22`). */
  elsewhere?: string;
}

// MQTT 3.1.1 and 5.0 reuse statement ids for different statements: `standard` says whose
// statement an id is and `elsewhere` gives the other standard's id for the same rule, so the
// inspector can show both. The ids themselves are rule keys (behaviour.md, eventRules.ts).
export const RULES = [
  // Session lifecycle (MQTT 3.1.1): the table of behaviour.md.
  {
    id: 'MQTT-3.1.2-4',
    standard: '3.1.1',
    source: 'behaviour',
    text: 'CONNECT with cleanSession=0 resumes the session of this client id if one exists, else creates one; both sides keep it after the connection ends.',
  },
  {
    id: 'MQTT-3.1.2-6',
    standard: '3.1.1',
    source: 'behaviour',
    text: 'CONNECT with cleanSession=1 discards any earlier session; the new one lives only as long as the connection.',
  },
  {
    id: 'MQTT-3.2.2-1..3',
    standard: '3.1.1',
    elsewhere: '5.0: MQTT-3.2.2-2..3',
    source: 'behaviour',
    text: 'CONNACK says sessionPresent=1 only when a stored session was resumed (cleanSession=0 and one existed); 0 otherwise, and 0 with any non-zero return code.',
  },
  {
    id: 'AWS-subs',
    source: 'behaviour',
    text: 'A persistent session keeps every subscription made on it; on resume they are active again at once, and the client need not subscribe again.',
  },
  {
    id: 'AWS-store',
    source: 'behaviour',
    text: 'While the client is away its session stores QoS 1 messages sent but not acknowledged, and new QoS 1 messages for its subscriptions; QoS 0 messages are not stored (a profile option).',
  },
  {
    id: 'MQTT-4.4.0-1',
    standard: '3.1.1/5.0',
    source: 'behaviour',
    text: 'On resume, unacknowledged messages are sent again first, with their original packet ids and DUP=1 (AWS: without DUP, and the id may change).',
  },
  {
    id: 'AWS-replay',
    source: 'behaviour',
    text: 'On resume, stored messages go out at most 10 per second (profile setting; unthrottled in the plain-MQTT profiles); AWS sends live messages at once beside the backlog, the MQTT profiles queue them behind it.',
  },
  {
    id: 'AWS-expiry',
    source: 'behaviour',
    text: 'A session that is not resumed expires, by default 3600 s after the broker detected the end of the connection (on AWS up to 30 minutes later, never sooner); its stored messages are discarded and counted.',
  },
  {
    id: 'MQTT-3.1.4-2',
    standard: '3.1.1',
    elsewhere: '5.0: MQTT-3.1.4-3',
    source: 'behaviour',
    text: 'A CONNECT with a client id that is already connected closes the earlier connection (takeover; MQTT 5 sends it DISCONNECT 0x8E), and the session passes to the new one.',
  },
  {
    id: 'MQTT-3.1.2-24',
    standard: '3.1.1',
    elsewhere: '5.0: MQTT-3.1.2-22',
    source: 'behaviour',
    text: 'The broker closes a connection that sent nothing for 1.5 × keep-alive; closing that way, or by transport loss, publishes the Will, DISCONNECT does not.',
  },

  // MQTT 5 (Clean Start + Session Expiry Interval): the list of behaviour.md.
  {
    id: 'MQTT-3.1.2-4..6',
    standard: '5.0',
    source: 'mqtt5',
    text: 'MQTT 5: Clean Start=1 discards any stored session; Clean Start=0 resumes one.',
  },
  {
    id: 'MQTT-3.1.2-23',
    standard: '5.0',
    source: 'mqtt5',
    text: 'MQTT 5 Session Expiry Interval: absent or 0 ends the session with the connection (so Clean Start=0 without it stores nothing), 0xFFFFFFFF never; a broker maximum (AWS: 1 h) lowers it and returns it in CONNACK.',
  },
  {
    id: 'MQTT5-3.14.2.2.2',
    source: 'mqtt5',
    text: 'MQTT 5: a Session Expiry Interval on DISCONNECT may change the one in force, but not from 0 to non-zero (a protocol error).',
  },
  {
    id: 'MQTT-3.3.2-5',
    standard: '5.0',
    source: 'mqtt5',
    text: 'MQTT 5 Message Expiry Interval: a stored message whose expiry passes while the client is away is dropped, not delivered, and shown as expired.',
  },
  {
    id: 'MQTT-4.9.0-*',
    standard: '5.0',
    source: 'mqtt5',
    text: 'Receive Maximum bounds the messages in flight to a client; AWS allows 100 unacknowledged QoS 1 messages in each direction.',
  },
  {
    id: 'MQTT-3.2.2-11',
    standard: '5.0',
    source: 'mqtt5',
    text: 'Maximum QoS 1 (AWS): CONNACK says so, a QoS 2 PUBLISH is refused (0x9B) and a QoS 2 subscription is granted QoS 1.',
  },
  {
    id: 'AWS-versions',
    source: 'mqtt5',
    text: 'Persistent sessions do not carry across protocol versions (AWS): a CONNECT with the other version starts a new session.',
  },
  {
    id: 'MQTT-4.6.0-*',
    standard: '3.1.1/5.0',
    source: 'mqtt5',
    text: 'Messages from one publisher on one topic reach each subscriber in the order they were published, so the MQTT profiles queue live messages behind a replayed backlog.',
  },

  // Broker profiles: the table of figures, as one rule.
  {
    id: 'profiles',
    source: 'profiles',
    text: "Each profile bounds a session's store (1000 messages here for AWS; Mosquitto drops the new message, EMQX the oldest); whatever a profile drops is counted and shown with its reason.",
  },

  // Spec ids the broker tags that bear on sessions, Wills and delivery.
  {
    id: 'MQTT-4.9.0-1',
    standard: '5.0',
    source: 'spec',
    text: 'The broker never has more QoS 1 and 2 messages in flight to a client than its Receive Maximum and the profile allow; the rest wait in the session.',
  },
  {
    id: 'MQTT-3.1.2-8',
    standard: '3.1.1/5.0',
    source: 'spec',
    text: 'A Will is published when the connection ends without DISCONNECT (transport loss, keep-alive timeout, protocol error, takeover).',
  },
  {
    id: 'MQTT-3.1.2-10',
    standard: '3.1.1/5.0',
    source: 'spec',
    text: 'A DISCONNECT deletes the Will, so a normal end publishes none.',
  },
  {
    id: 'MQTT-3.14.4-3',
    standard: '3.1.1/5.0',
    source: 'spec',
    text: 'On DISCONNECT the broker discards the Will without publishing it (MQTT 5: unless the reason code is 0x04, disconnect with Will).',
  },
  {
    id: 'MQTT-3.1.3-9',
    standard: '5.0',
    source: 'spec',
    text: 'A delayed Will (MQTT 5 Will Delay Interval) goes when the delay passes or the session ends, whichever comes first; reconnecting in time cancels it.',
  },
  {
    id: 'MQTT-3.1.3-6',
    standard: '3.1.1',
    source: 'spec',
    text: 'A 3.1.1 client with an empty client id and cleanSession=1 is given a unique id by the broker.',
  },
  {
    id: 'MQTT-3.1.3-7',
    standard: '5.0',
    source: 'spec',
    text: 'MQTT 5: a client id the broker assigned is returned in CONNACK (Assigned Client Identifier), and the session can be resumed under it.',
  },
  {
    id: 'MQTT-3.1.3-8',
    standard: '3.1.1',
    source: 'spec',
    text: 'An empty client id with cleanSession=0 is refused with CONNACK 0x02 (identifier rejected): a session needs a name.',
  },
  {
    id: 'MQTT-3.1.2-2',
    standard: '3.1.1',
    source: 'spec',
    text: 'An unsupported protocol level is answered with CONNACK 0x01, then the connection is closed.',
  },
  {
    id: 'MQTT-3.1.0-1',
    standard: '3.1.1/5.0',
    source: 'spec',
    text: 'The first packet on a connection must be CONNECT; anything else closes the connection.',
  },
  {
    id: 'MQTT-3.1.0-2',
    standard: '3.1.1/5.0',
    source: 'spec',
    text: 'A second CONNECT on one connection is a protocol violation and closes it.',
  },
  {
    id: 'MQTT-3.1.2-25',
    standard: '5.0',
    source: 'spec',
    text: 'The broker never sends a client a packet larger than the Maximum Packet Size the client set; such a message is dropped for that client.',
  },
  {
    id: 'MQTT-3.2.2-15',
    standard: '5.0',
    source: 'spec',
    text: "A packet larger than the broker's maximum packet size (counting the whole packet) closes the connection.",
  },
  {
    id: 'MQTT-3.3.2-6',
    standard: '5.0',
    source: 'spec',
    text: 'A message sent on carries what is left of its Message Expiry Interval, not the interval it was published with.',
  },
  {
    id: 'MQTT-3.3.1-5',
    standard: '3.1.1/5.0',
    source: 'spec',
    text: "A PUBLISH with RETAIN=1 is kept as its topic's retained message, replacing the one before.",
  },
  {
    id: 'MQTT-3.3.1-9',
    standard: '5.0',
    elsewhere: '3.1.1: MQTT-3.3.1-6 and MQTT-3.3.1-8',
    source: 'spec',
    text: 'A new subscription is sent the retained message of each matching topic, with RETAIN=1 (MQTT 5: Retain Handling 0, or 1 if the subscription is new).',
  },
  {
    id: 'MQTT-3.3.1-10',
    standard: '3.1.1',
    elsewhere: '5.0: MQTT-3.3.1-6',
    source: 'spec',
    text: 'A retained PUBLISH with an empty payload clears the retained message of its topic.',
  },
  {
    id: 'MQTT-3.8.4-6',
    standard: '3.1.1',
    elsewhere: '5.0: MQTT-3.8.4-8',
    source: 'spec',
    text: 'A message goes to a subscriber at the lower of its own QoS and the QoS granted to the subscription.',
  },
  {
    id: 'MQTT-3.10.4-1',
    standard: '3.1.1/5.0',
    source: 'spec',
    text: 'After UNSUBSCRIBE the filter delivers nothing more to the session.',
  },
  {
    id: 'MQTT-4.3.3-2',
    standard: '3.1.1',
    elsewhere: '5.0: MQTT-4.3.3-10',
    source: 'spec',
    text: 'QoS 2 is exactly once: a repeated QoS 2 PUBLISH with a packet id still in use is acknowledged again, not routed again.',
  },
] as const satisfies readonly Rule[];

/** The id of a rule in `RULES`. */
export type RuleId = (typeof RULES)[number]['id'];

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

/** The rule with this id; undefined for an id that is not in `RULES`. */
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** The rule with this id, as `{ id, text }`: the shape the inspector shows. */
export function ruleLine(id: RuleId): { id: string; text: string; numbering?: string } {
  const rule: Rule = BY_ID.get(id)!;
  const line = { id: rule.id, text: rule.text };
  if (!rule.standard) return line;
  const own = rule.standard === '3.1.1/5.0' ? 'MQTT 3.1.1 and 5.0' : `MQTT ${rule.standard}`;
  return { ...line, numbering: rule.elsewhere ? `${own}; in ${rule.elsewhere}` : own };
}
