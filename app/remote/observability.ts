import type { BrokerEventType } from '../broker';
import { judge, type ClientIds, type Verdict } from '../scenario/expect';
import type { EventMatch, Expectation } from '../scenario/format';
import type { RemoteEvent } from './remoteEvent';

/**
 * What the lab can know of a remote broker's event: `observed` (its clients saw it on the
 * wire), `inferred` (concluded from what they saw), or `broker-only` (only the broker knows:
 * a drop and its reason, an expiry, what its store holds).
 */
export type Basis = 'observed' | 'inferred' | 'broker-only';

// `Record<…>` makes the compiler ask for every new event type here.
const BASIS: Record<BrokerEventType, Basis> = {
  'connection.opened': 'observed',
  'connection.closed': 'observed',
  'connect.received': 'observed',
  'connack.sent': 'observed',
  'session.created': 'inferred',
  'session.resumed': 'inferred',
  'session.expiry-scheduled': 'broker-only',
  'session.expired': 'broker-only',
  'session.discarded': 'broker-only',
  'subscription.added': 'observed',
  'subscription.refused': 'observed',
  'subscription.removed': 'observed',
  'message.published': 'observed',
  'message.routed': 'broker-only',
  // Drawn as inferred from what arrives on resume, but not judged: what the store holds is the
  // broker's to know (a client that never comes back shows nothing of it).
  'message.stored': 'broker-only',
  'message.dropped': 'broker-only',
  'message.sent': 'observed',
  'message.resent': 'observed',
  'message.acknowledged': 'observed',
  'replay.started': 'inferred',
  'replay.paced': 'broker-only',
  'replay.finished': 'inferred',
  'will.scheduled': 'broker-only',
  'will.cancelled': 'broker-only',
  'will.published': 'inferred',
  takeover: 'inferred',
  'protocol.error': 'broker-only',
  'limit.reached': 'broker-only',
  'retained.set': 'broker-only',
  'retained.cleared': 'broker-only',
  'packet.in': 'observed',
  'packet.out': 'observed',
  'broker.error': 'broker-only',
};

export function eventBasis(type: BrokerEventType): Basis {
  return BASIS[type];
}

/** What a `wait` step or an `event` expectation asks can be seen on a remote broker. */
export function matchBasis(m: EventMatch): Basis {
  const basis = BASIS[m.type];
  // Why a connection closed is the broker's to say, but where the client closed it.
  if (m.type === 'connection.closed' && m.reason !== undefined && m.reason !== 'client-disconnect')
    return 'inferred';
  return basis;
}

/** What each kind of expectation rests on against a remote broker. */
export function expectationBasis(x: Expectation): Basis {
  if ('connack' in x || 'receives' in x) return 'observed';
  if ('replay' in x) return 'inferred';
  if ('dropped' in x || 'expires' in x) return 'broker-only';
  return matchBasis(x.event);
}

export type RemoteStatus = 'pass' | 'fail' | 'not-observable';

/** An expectation's outcome against a remote broker, with what it rests on. */
export interface RemoteVerdict extends Verdict {
  status: RemoteStatus;
  basis: Basis;
}

const WHY: Record<string, string> = {
  dropped: 'only the broker knows what it dropped and why',
  expires: 'only the broker knows when a session expired',
  event: 'only the broker sees this event',
  stored: 'only the broker knows what its store holds',
};

/**
 * Judges the expectations on the events derived from the clients' observations, with the same
 * judge as the playground's. What only the broker can see is reported as not observable against
 * a remote broker, never as passed.
 */
export function judgeRemote(
  expectations: readonly Expectation[],
  events: readonly RemoteEvent[],
  ids: ClientIds,
): RemoteVerdict[] {
  const verdicts = judge(expectations, events, ids);
  return expectations.map((x, i) => {
    const v = verdicts[i]!;
    const basis = expectationBasis(x);
    if (basis === 'broker-only') {
      const kind =
        'dropped' in x
          ? 'dropped'
          : 'expires' in x
            ? 'expires'
            : 'event' in x && x.event.type === 'message.stored'
              ? 'stored'
              : 'event';
      return {
        ...v,
        pass: false,
        status: 'not-observable',
        basis,
        detail: `not observable against a remote broker: ${WHY[kind]}`,
        seqs: [],
      };
    }
    const detail =
      basis === 'inferred' ? `${v.detail} (inferred from what the clients saw)` : v.detail;
    return { ...v, detail, status: v.pass ? 'pass' : 'fail', basis };
  });
}
