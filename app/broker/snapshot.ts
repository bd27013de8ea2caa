import type { BrokerContext } from './context';
import type { Delivery } from './message';
import type { QoS } from './packets';
import type { SimTime } from './time';

/** A stored message as a view shows it. */
export interface StoredMessageView {
  msgId: number;
  topic: string;
  qos: QoS;
  state: 'stored' | 'in-flight' | 'awaiting-pubcomp';
  packetId?: number;
  resend: boolean;
}

/** A session as a view or a test sees it at one moment. */
export interface SessionSnapshot {
  clientId: string;
  connected: boolean;
  persistent: boolean;
  protocolVersion: number;
  expiry: number | null;
  expiresAt?: { nominal: SimTime; actual: SimTime };
  subscriptions: { filter: string; qos: QoS }[];
  messages: StoredMessageView[];
  replay?: { backlog: number; sent: number; remaining: number };
}

/** Reads every session's state; the result shares nothing with the broker. */
export function snapshotSessions(ctx: BrokerContext): SessionSnapshot[] {
  return [...ctx.sessions.values()].map((s) => ({
    clientId: s.clientId,
    connected: s.connected,
    persistent: s.expiry > 0,
    protocolVersion: s.protocolVersion,
    expiry: Number.isFinite(s.expiry) ? s.expiry : null,
    ...(s.expiresAt ? { expiresAt: { ...s.expiresAt } } : {}),
    subscriptions: [...s.subscriptions.values()].map((sub) => ({
      filter: sub.filter,
      qos: sub.qos,
    })),
    messages: [
      ...[...s.inflight.values()].map((d) =>
        view(d, d.stage === 'pubrel' ? 'awaiting-pubcomp' : 'in-flight'),
      ),
      ...[...s.queue].map((d) => view(d, 'stored')),
    ],
    ...(s.replay
      ? {
          replay: {
            backlog: s.replay.backlog,
            sent: s.replay.sent,
            remaining: s.queue.length + s.resendQueue.length,
          },
        }
      : {}),
  }));
}

function view(d: Delivery, state: StoredMessageView['state']): StoredMessageView {
  return {
    msgId: d.message.id,
    topic: d.message.topic,
    qos: d.qos,
    state,
    ...(d.packetId !== undefined && state !== 'stored' ? { packetId: d.packetId } : {}),
    resend: d.resend === true,
  };
}
