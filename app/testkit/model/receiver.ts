import type { PacketOf, QoS } from '../../broker/packets';
import type { Profile } from '../../broker/profiles';
import type { TestClient } from '../testClient';
import { ModelError } from './checks';
import type { ClientId } from './commands';

/** One message routed to one session: what the accounting at the end settles. */
export interface Delivery {
  clientId: ClientId;
  payload: string;
  msgId: number;
  topic: string;
  qos: QoS;
  epoch: number;
  /** Position in publish order (for the per-topic order check). */
  index: number;
  /** When its Message Expiry Interval runs out (ms), if it has one. */
  expiresAt?: number;
}

/** One PUBLISH a client received. */
export interface Receipt {
  dup: boolean;
  packetId: number | undefined;
  /** Counted as a delivery to the application (QoS 2: the first copy of a packet id only). */
  app: boolean;
}

/** One connection of a session client, as the world drives it and the receiver reads it. */
export interface Conn {
  client: TestClient;
  id: ClientId;
  epoch: number;
  cursor: number;
  /** The Receive Maximum this connection gave in CONNECT (MQTT 5), if any. */
  receiveMaximum?: number;
  /** When the client last sent a packet: the broker's keep-alive counts from there. */
  lastSent: number;
  /** The client stopped pinging. */
  hung: boolean;
}

/**
 * The clients' side: reads every packet each connection received and checks it as it comes.
 * A message arrives only in the session it was routed to, at the QoS routed; a resend carries
 * DUP=1 and its packet id (or neither, afresh); QoS 2 reaches the application once; per-topic
 * order holds where the profile promises it; nothing exceeds the in-flight bound.
 */
export class Receiver {
  /** Every PUBLISH received, by `${clientId}|${payload}`. */
  readonly receipts = new Map<string, Receipt[]>();
  private readonly deliveryOf = new Map<string, Delivery>();
  /** Client side of QoS 2: packet ids received and not yet released by PUBREL. */
  private readonly qos2Pending = new Map<ClientId, Set<number>>();
  /** Per (client, epoch, topic): the publish index of the last message first received. */
  private readonly lastInOrder = new Map<string, number>();

  constructor(private readonly profile: Profile) {}

  /** A message was routed to a session: it may now arrive there. */
  expect(d: Delivery): void {
    this.deliveryOf.set(`${d.clientId}|${d.payload}`, d);
  }

  /** A new session for `id`: the client forgets the QoS 2 ids of the old one. */
  newSession(id: ClientId): void {
    this.qos2Pending.set(id, new Set());
  }

  /** Reads what `c` received since last time, and checks its in-flight bound. */
  take(c: Conn): void {
    this.takePackets(c);
    this.checkInflight(c);
  }

  /**
   * [MQTT-4.9.0-*] what a client holds unacknowledged never exceeds its Receive Maximum nor
   * the profile's in-flight limit. While acks are held nothing is acknowledged, so the count
   * at the end of a step is its peak.
   */
  private checkInflight(c: Conn): void {
    const open = c.client.heldAcks.length + c.client.heldPubrels.length;
    const limit = Math.min(c.receiveMaximum ?? 65_535, this.profile.inflightLimit);
    if (open > limit) {
      throw new ModelError(`[MQTT-4.9.0-*] ${c.id} holds ${open} unacknowledged, limit ${limit}`);
    }
  }

  private takePackets(c: Conn): void {
    const received = c.client.received;
    for (; c.cursor < received.length; c.cursor++) {
      const p = received[c.cursor]!;
      if (p.cmd === 'publish') this.onPublish(c, p);
      else if (p.cmd === 'pubrel') this.qos2Pending.get(c.id)?.delete(p.messageId!);
    }
  }

  private onPublish(c: Conn, p: PacketOf<'publish'>): void {
    const payload = p.payload.toString();
    const key = `${c.id}|${payload}`;
    const d = this.deliveryOf.get(key);
    if (!d) throw new ModelError(`${c.id} received ${payload}, which was never routed to it`);
    if (d.epoch !== c.epoch) {
      throw new ModelError(`${c.id} received ${payload} of an ended session in a new one`);
    }
    if (p.qos !== d.qos)
      throw new ModelError(`${c.id} received ${payload} at QoS ${p.qos}, not ${d.qos}`);
    const list = this.receipts.get(key) ?? [];
    this.receipts.set(key, list);
    const first = list[0];
    if (!first && p.dup) throw new ModelError(`${c.id}: first send of ${payload} has DUP=1`);
    if (first) {
      // [MQTT-4.4.0-1, 3.1.1/5.0] a resend: DUP=1 with the same packet id, or (AWS) afresh.
      if (d.qos === 0) throw new ModelError(`${c.id} received QoS 0 ${payload} twice`);
      if (this.profile.resendAs === 'dup' && (!p.dup || p.messageId !== first.packetId)) {
        throw new ModelError(
          `[MQTT-4.4.0-1] ${c.id}: resend of ${payload} dup=${p.dup} id ${p.messageId} (first id ${first.packetId})`,
        );
      }
      if (this.profile.resendAs === 'fresh' && p.dup) {
        throw new ModelError(`${c.id}: resend of ${payload} has DUP=1 on a 'fresh' profile`);
      }
    }
    let app = true;
    if (p.qos === 2) {
      const pending = this.qos2Pending.get(c.id)!;
      app = !pending.has(p.messageId!);
      pending.add(p.messageId!);
    }
    list.push({ dup: p.dup, packetId: p.messageId, app });
    if (app && list.filter((r) => r.app).length > 1 && d.qos === 2) {
      throw new ModelError(`QoS 2 ${payload} delivered twice to ${c.id}'s application`);
    }
    if (!first && this.profile.liveDuringReplay === 'behind') {
      // [MQTT-4.6.0-*] per-topic order, for the profiles that promise it.
      const k = `${c.id}|${c.epoch}|${d.topic}`;
      const last = this.lastInOrder.get(k) ?? -1;
      if (d.index < last) {
        throw new ModelError(
          `[MQTT-4.6.0-*] ${c.id} received ${payload} after a later message on ${d.topic}`,
        );
      }
      this.lastInOrder.set(k, d.index);
    }
  }
}
