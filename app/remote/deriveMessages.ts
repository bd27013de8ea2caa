import type { EventOf, QoS } from '../broker';
import type { PacketOf } from '../broker/packets';
import type { ConnView, Derivation } from './derive';
import { messageKey, toBytes } from './messages';
import type { RemoteEvent } from './remoteEvent';

// Messages as the clients saw them: what they published, what reached them (a first delivery
// or a message sent again), what they acknowledged, and the SUBACKs that granted subscriptions.

/** A PUBLISH one of the run's clients put on the wire (its own DUP resends are not new). */
export function publishSent(d: Derivation, c: ConnView, p: PacketOf<'publish'>, at: number): void {
  const topic = d.naming.scenarioTopic(p.topic);
  const payload = toBytes(p.payload);
  const key = messageKey(topic, payload);
  const { msgId, isNew } = d.book.published(at, c.clientId, topic, key, p.qos, p.messageId, p.dup);
  if (!isNew) return;
  const expiry = p.properties?.messageExpiryInterval;
  d.sink.emit(
    {
      type: 'message.published',
      msgId,
      clientId: c.clientId,
      topic,
      qos: p.qos,
      retain: p.retain,
      payload,
      ...(expiry !== undefined ? { messageExpiry: expiry } : {}),
    },
    at,
    'observed',
  );
}

/** The client's PUBACK (QoS 1) or PUBCOMP (QoS 2): a delivery it acknowledged. */
export function ackSent(
  d: Derivation,
  c: ConnView,
  p: PacketOf<'puback'> | PacketOf<'pubcomp'>,
  at: number,
): void {
  const s = d.session(c.clientId);
  const pid = p.messageId ?? 0;
  const u = s.unacked.get(pid);
  if (!u) return;
  s.unacked.delete(pid);
  d.sink.emit(
    {
      type: 'message.acknowledged',
      msgId: u.msgId,
      clientId: c.clientId,
      packetId: pid,
      qos: p.cmd === 'puback' ? 1 : 2,
    },
    at,
    'observed',
  );
}

/** The UNSUBACK: the filters it names are gone (but those an MQTT 5 code refused). */
export function unsubackReceived(d: Derivation, c: ConnView, p: PacketOf<'unsuback'>, at: number) {
  const k = `${c.conn}:${p.messageId}`;
  const filters = d.pendingUnsubs.get(k) ?? [];
  d.pendingUnsubs.delete(k);
  const codes = (p as { granted?: number[] }).granted ?? [];
  const s = d.session(c.clientId);
  filters.forEach((sent, i) => {
    if ((codes[i] ?? 0) >= 0x80) return;
    const filter = d.naming.scenarioTopic(sent);
    s.subscriptions.delete(filter);
    d.sink.emit(
      { type: 'subscription.removed', clientId: c.clientId, filter, reason: 'unsubscribe' },
      at,
      'observed',
    );
  });
}

/** The SUBACK: each filter granted (at what QoS) or refused. */
export function subackReceived(
  d: Derivation,
  c: ConnView,
  p: PacketOf<'suback'>,
  at: number,
): void {
  const k = `${c.conn}:${p.messageId}`;
  const asked = d.pendingSubs.get(k)?.subscriptions ?? [];
  d.pendingSubs.delete(k);
  const s = d.session(c.clientId);
  asked.forEach((sub, i) => {
    const code = Number(p.granted[i] ?? 0x80);
    const filter = d.naming.scenarioTopic(sub.topic);
    if (code < 0x80) {
      const replaced = s.subscriptions.has(filter);
      s.subscriptions.set(filter, code as QoS);
      d.sink.emit(
        {
          type: 'subscription.added',
          clientId: c.clientId,
          filter,
          requestedQos: sub.qos,
          grantedQos: code as QoS,
          noLocal: sub.nl ?? false,
          retainAsPublished: sub.rap ?? false,
          retainHandling: (sub.rh ?? 0) as 0 | 1 | 2,
          replaced,
        },
        at,
        'observed',
      );
    } else {
      d.sink.emit(
        {
          type: 'subscription.refused',
          clientId: c.clientId,
          filter,
          code,
          reason: refusal(code),
        },
        at,
        'observed',
      );
    }
  });
}

/** A PUBLISH reached the client: a first delivery, or a message sent again. */
export function publishReceived(
  d: Derivation,
  c: ConnView,
  p: PacketOf<'publish'>,
  at: number,
): void {
  const id = c.clientId;
  const s = d.session(id);
  const topic = d.naming.scenarioTopic(p.topic);
  const key = messageKey(topic, toBytes(p.payload));
  const pid = p.qos > 0 ? p.messageId : undefined;
  let again: { msgId: number; previous: number } | undefined;
  const same = pid === undefined ? undefined : s.unacked.get(pid);
  if (same && p.dup) {
    again = { msgId: same.msgId, previous: pid! };
  } else {
    // Sent again with a new packet id (AWS IoT Core does, without DUP): the same message,
    // unacknowledged, arriving on a later connection.
    for (const [oldPid, u] of s.unacked) {
      if (u.key === key && u.conn !== c.conn) {
        again = { msgId: u.msgId, previous: oldPid };
        s.unacked.delete(oldPid);
        break;
      }
    }
  }
  let msgId: number;
  let event: RemoteEvent;
  if (again) {
    msgId = again.msgId;
    event = d.sink.emit(
      {
        type: 'message.resent',
        msgId,
        clientId: id,
        packetId: pid ?? 0,
        previousPacketId: again.previous,
        dup: p.dup,
      },
      at,
      'observed',
    );
  } else {
    const n = s.delivered.get(key) ?? 0;
    s.delivered.set(key, n + 1);
    msgId = d.book.nth(key, n) ?? unknownMessage(d, key, topic, p, at);
    event = d.sink.emit(
      {
        type: 'message.sent',
        msgId,
        clientId: id,
        ...(pid !== undefined ? { packetId: pid } : {}),
        qos: p.qos,
        retain: p.retain,
        replay: false,
      },
      at,
      'observed',
    );
  }
  if (pid !== undefined) s.unacked.set(pid, { msgId, key, conn: c.conn });
  c.arrivals.push({ at, msgId, event, resend: again !== undefined });
}

/** A message no client of the run was seen publishing: a Will, or someone else's. */
function unknownMessage(
  d: Derivation,
  key: string,
  topic: string,
  p: PacketOf<'publish'>,
  at: number,
): number {
  const owner = d.wills.get(key);
  const msgId = d.book.arrivedUnknown(at, owner ?? '?', topic, key, p.qos);
  d.sink.emit(
    {
      type: 'message.published',
      msgId,
      clientId: owner ?? '?',
      topic,
      qos: p.qos,
      retain: p.retain,
      payload: toBytes(p.payload),
      ...(owner ? { will: true } : {}),
    },
    at,
    'inferred',
  );
  if (owner) d.sink.emit({ type: 'will.published', clientId: owner, topic, msgId }, at, 'inferred');
  return msgId;
}

/** A refused subscription's reason, as far as its code tells (3.1.1's 0x80 says nothing more). */
function refusal(code: number): EventOf<'subscription.refused'>['reason'] {
  if (code === 0x9e) return 'shared-unsupported';
  if (code === 0x97) return 'limit-reached';
  if (code === 0x8f) return 'invalid-filter';
  return 'not-authorized';
}
