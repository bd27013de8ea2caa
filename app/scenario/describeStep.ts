import type { Step } from './format';

/** A step in a few words: `B: burst of 30 QoS 1 on t/x`. */
export function describeStep(s: Step): string {
  switch (s.do) {
    case 'note':
      return 'note';
    case 'connect':
      return `${s.client}: connect`;
    case 'disconnect':
      return `${s.client}: DISCONNECT${s.sessionExpiry === undefined ? '' : ` (Session Expiry ${s.sessionExpiry} s)`}`;
    case 'drop':
      return `${s.client}: network drops${s.silent ? ' silently' : ''}`;
    case 'subscribe':
      return `${s.client}: subscribe to ${s.filter} at QoS ${s.qos ?? 1}`;
    case 'unsubscribe':
      return `${s.client}: unsubscribe from ${s.filter}`;
    case 'publish':
      return `${s.client}: publish “${s.payload}” on ${s.topic} at QoS ${s.qos ?? 1}${s.retain ? ', retained' : ''}`;
    case 'burst':
      return `${s.client}: burst of ${s.count} QoS ${s.qos ?? 1} on ${s.topic}${s.rate ? ` at ${s.rate}/s` : ''}`;
    case 'hold-acks':
      return `${s.client}: ${s.hold === false ? 'stops holding' : 'holds'} its acknowledgements`;
    case 'release-acks':
      return `${s.client}: releases ${s.count ?? 'all'} held acknowledgements`;
    case 'advance':
      return `time passes: ${String(s.by)}${typeof s.by === 'number' ? ' s' : ''}`;
    case 'wait':
      return `wait up to ${String(s.within)} for ${s.for.type}${s.for.client ? ` of ${s.for.client}` : ''}`;
  }
}
