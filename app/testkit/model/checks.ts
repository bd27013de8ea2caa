import type { BrokerEvent, DropReason } from '../../broker/events';
import { CLIENT_IDS } from './commands';
import type { World } from './world';

/** A broker behaviour the reference model says is wrong. */
export class ModelError extends Error {
  override name = 'ModelError';
}

/** What the event checks carry from one step to the next. */
export interface EventState {
  /** Drops by `${clientId}|${msgId}`: why, and when. */
  drops: Map<string, { reason: DropReason; at: number }[]>;
  /** When each message first went to each client, by `${clientId}|${msgId}`. */
  firstSent: Map<string, number>;
  /** Per client in a replay: when the last paced message went (undefined before the first). */
  replayLast: Map<string, number | undefined>;
  /** Protocol errors the commands provoked on purpose and not yet seen. */
  expectedErrors: number;
}

const isClient = (id: string | undefined): boolean =>
  (CLIENT_IDS as readonly string[]).includes(id!);

/** Checks the events of one step against the model and the profile. */
export function checkEvents(w: World, events: BrokerEvent[]): void {
  const { profile, model } = w;
  const st = w.events;
  for (const e of events) {
    switch (e.type) {
      case 'broker.error':
        throw new ModelError(`broker.error: ${e.message}`);
      case 'protocol.error':
        if (--st.expectedErrors < 0)
          throw new ModelError(`unexpected protocol error: ${e.message}`);
        break;
      case 'message.stored':
        if (e.queued > profile.queueLimit) {
          throw new ModelError(
            `${e.clientId} stores ${e.queued} > queueLimit ${profile.queueLimit}`,
          );
        }
        break;
      case 'message.dropped':
        if (e.clientId !== undefined) {
          const key = `${e.clientId}|${e.msgId}`;
          st.drops.set(key, [...(st.drops.get(key) ?? []), { reason: e.reason, at: e.at }]);
        }
        break;
      case 'session.expiry-scheduled': {
        if (!isClient(e.clientId)) break;
        const s = model.sessions.get(e.clientId);
        const due = s?.expiresAt;
        if (!s || s.connected || !due) {
          throw new ModelError(`[AWS-expiry] ${e.clientId}: expiry scheduled, none expected`);
        }
        const late = e.actualAt - e.nominalAt;
        // [AWS-expiry] never sooner than nominal, at most `expiryJitter` later.
        if (e.nominalAt !== due.nominal || late < 0 || late > profile.expiryJitter * 1000) {
          throw new ModelError(
            `[AWS-expiry] ${e.clientId}: expiry ${e.nominalAt}..${e.actualAt}, expected nominal ${due.nominal} + [0, ${profile.expiryJitter}] s`,
          );
        }
        due.actual = e.actualAt;
        break;
      }
      case 'session.expired': {
        if (!isClient(e.clientId)) break;
        const due = model.expiredAt.get(e.clientId);
        if (!due || e.at < due.nominal || e.at !== due.actual) {
          throw new ModelError(
            `[AWS-expiry] ${e.clientId} expired at ${e.at}, due ${due?.nominal}..${due?.actual}`,
          );
        }
        break;
      }
      case 'replay.started':
        st.replayLast.set(e.clientId, undefined);
        break;
      case 'message.sent':
      case 'message.resent': {
        if (e.type === 'message.sent') {
          const key = `${e.clientId}|${e.msgId}`;
          if (!st.firstSent.has(key)) st.firstSent.set(key, e.at);
          if (!e.replay) break;
        }
        if (!st.replayLast.has(e.clientId)) break;
        const last = st.replayLast.get(e.clientId);
        const gap = profile.replayRate > 0 ? 1000 / profile.replayRate : 0;
        // [AWS-replay] stored messages go out at most `replayRate` per second.
        if (last !== undefined && e.at - last < gap) {
          throw new ModelError(
            `[AWS-replay] ${e.clientId}: replayed messages ${e.at - last} ms apart, < ${gap} ms`,
          );
        }
        st.replayLast.set(e.clientId, e.at);
        break;
      }
      case 'replay.finished':
        st.replayLast.delete(e.clientId);
        break;
      case 'connection.closed':
        if (e.clientId !== undefined) st.replayLast.delete(e.clientId);
        // [MQTT-3.1.2-24, 3.1.1] [MQTT-3.1.2-22, 5.0] a client that keeps talking is never timed out.
        if (e.reason === 'keepalive-timeout' && !w.hangs(e.clientId)) {
          throw new ModelError(`[MQTT-3.1.2-24] ${e.clientId} timed out while healthy`);
        }
        break;
      default:
        break;
    }
  }
  for (const [id, s] of model.sessions) {
    if (s.expiresAt && s.expiresAt.actual === undefined) {
      throw new ModelError(
        `[AWS-expiry] ${id}: no expiry scheduled, due at ${s.expiresAt.nominal}`,
      );
    }
  }
}

/** The broker's sessions are the model's: same ids, connected or not, subscriptions, expiry. */
export function checkSessions(w: World): void {
  const got = w.h.broker
    .sessions()
    .filter((s) => isClient(s.clientId))
    .map((s) => {
      const subs = s.subscriptions.map((x) => `${x.filter}:${x.qos}`).sort();
      return `${s.clientId} ${s.connected ? 'on' : 'off'} exp=${s.expiry} [${subs}]`;
    })
    .sort();
  const want = [...w.model.sessions]
    .map(([id, s]) => {
      const subs = [...s.subs].map(([f, q]) => `${f}:${q}`).sort();
      const expiry = Number.isFinite(s.expiry) ? s.expiry : null;
      return `${id} ${s.connected ? 'on' : 'off'} exp=${expiry} [${subs}]`;
    })
    .sort();
  if (got.join('; ') !== want.join('; ')) {
    throw new ModelError(`sessions: broker {${got.join('; ')}}, model {${want.join('; ')}}`);
  }
  // Nothing waits for a client that is there and acknowledges everything, unless a paced
  // replay is still spacing its backlog out: live messages are not held back for a reconnect.
  for (const s of w.h.broker.sessions()) {
    if (isClient(s.clientId) && w.idle(s.clientId) && !s.replay && s.messages.length > 0) {
      throw new ModelError(
        `${s.clientId} is connected and acks everything, yet ${s.messages.length} message(s) wait`,
      );
    }
  }
}

/**
 * The end of a sequence, after `settle`: every message routed to a session was delivered as
 * the profile allows, or dropped with a reason that fits what happened. Nothing is lost
 * silently, nothing is stuck, QoS 2 reached the application exactly once.
 */
export function account(w: World): void {
  const { profile, model } = w;
  for (const s of w.h.broker.sessions()) {
    if (s.messages.length > 0) {
      throw new ModelError(
        `${s.clientId} still holds ${s.messages.length} message(s) after settling`,
      );
    }
  }
  for (const d of w.deliveries) {
    const receipts = w.receiver.receipts.get(`${d.clientId}|${d.payload}`) ?? [];
    const app = receipts.filter((r) => r.app).length;
    const drops = w.events.drops.get(`${d.clientId}|${d.msgId}`) ?? [];
    const what = `${d.payload} (q${d.qos}) to ${d.clientId}`;
    const sentAt = w.events.firstSent.get(`${d.clientId}|${d.msgId}`);
    if (d.expiresAt !== undefined && sentAt !== undefined && sentAt >= d.expiresAt) {
      throw new ModelError(`[MQTT-3.3.2-5] ${what} sent at ${sentAt}, expired at ${d.expiresAt}`);
    }
    if (drops.length > 1) {
      throw new ModelError(`${what} dropped ${drops.length} times: ${drops.map((x) => x.reason)}`);
    }
    const reason = drops[0]?.reason;
    if (app === 0 && reason === undefined) throw new ModelError(`${what}: lost silently`);
    if (d.qos === 2 && app > 1) throw new ModelError(`${what}: delivered ${app} times`);
    if (d.qos === 0 && app + drops.length !== 1) {
      throw new ModelError(`${what}: received ${app}, dropped ${drops.length}`);
    }
    if (reason === undefined) continue;
    const ended = model.epochEnds.get(d.epoch);
    const fits: Record<DropReason, boolean> = {
      // [AWS-store] QoS 0 is not kept for a client that is away, unless the profile stores it.
      'qos0-while-away': d.qos === 0 && !profile.storeQos0,
      'queue-full': profile.queueOverflow === 'drop-new' && app === 0,
      'oldest-evicted': profile.queueOverflow === 'drop-oldest' && app === 0,
      'session-expired': ended === 'session-expired',
      'session-discarded': ended === 'session-discarded',
      // [MQTT-3.3.2-5] a stored message whose expiry passed before it was sent.
      expired: d.expiresAt !== undefined && drops[0]!.at >= d.expiresAt && sentAt === undefined,
      'no-subscriber': false,
      'not-authorized': false,
      'too-large-for-client': false,
      'rejected-by-client': false,
      'encode-failed': false,
      // Issue 7's bound on the messages held over all sessions (100,000: not reached here).
      'broker-store-full': app === 0 && Number.isFinite(profile.totalStoredLimit),
    };
    if (!fits[reason]) {
      throw new ModelError(
        `${what}: dropped as '${reason}', received ${app}, session ${ended ?? 'alive'}`,
      );
    }
  }
}
