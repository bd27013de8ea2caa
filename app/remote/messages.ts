/** A message known to the run: published by one of its clients, or first seen arriving. */
export interface KnownMessage {
  msgId: number;
  /** When it was published (when the publisher put it on the wire), or first seen. */
  at: number;
  /** The publisher's client id (the scenario's), or the Will's owner, or '?' when unknown. */
  clientId: string;
  topic: string;
  qos: 0 | 1 | 2;
  /** True when one of the run's clients was seen publishing it. */
  seenPublished: boolean;
}

const latin1 = new TextDecoder('latin1');

/** A payload as mqtt-packet gives it (a Buffer, or text for a Will), as bytes. */
export const toBytes = (payload: string | Uint8Array): Uint8Array =>
  typeof payload === 'string' ? new TextEncoder().encode(payload) : new Uint8Array(payload);

/** Topic and payload together: how an arrival is matched to what was published. */
export function messageKey(topic: string, payload: Uint8Array): string {
  return `${topic}\u0000${latin1.decode(payload)}`;
}

/**
 * The messages of a run, numbered as the broker numbers them in its events (msgId), so that the
 * expectations and views that read broker events read these alike. A client cannot see the
 * broker's numbering; an arrival is matched to a publication by its topic and payload, the
 * n-th arrival of one (topic, payload) at a client being its n-th publication.
 */
export class MessageBook {
  private next = 1;
  private readonly byKey = new Map<string, number[]>();
  readonly all = new Map<number, KnownMessage>();
  /** Outgoing packet id of a publisher → the message, for its own resends (DUP). */
  private readonly outgoing = new Map<string, number>();

  /** A PUBLISH one of the run's clients sent; a DUP resend of its own gives the same message. */
  published(
    at: number,
    clientId: string,
    topic: string,
    key: string,
    qos: 0 | 1 | 2,
    packetId: number | undefined,
    dup: boolean,
  ): { msgId: number; isNew: boolean } {
    const pidKey = packetId === undefined ? undefined : `${clientId}\u0000${packetId}`;
    const earlier = pidKey === undefined ? undefined : this.outgoing.get(pidKey);
    if (dup && earlier !== undefined) return { msgId: earlier, isNew: false };
    const msgId = this.add({ at, clientId, topic, qos, seenPublished: true }, key);
    if (pidKey !== undefined && qos > 0) this.outgoing.set(pidKey, msgId);
    return { msgId, isNew: true };
  }

  /** The publisher's acknowledgement ended its use of a packet id. */
  acknowledgedOut(clientId: string, packetId: number): void {
    this.outgoing.delete(`${clientId}\u0000${packetId}`);
  }

  /** The `n`-th publication of `key` (from 0), if there is one. */
  nth(key: string, n: number): number | undefined {
    return this.byKey.get(key)?.[n];
  }

  /** A message seen only arriving (a Will, or a publisher outside the run). */
  arrivedUnknown(at: number, clientId: string, topic: string, key: string, qos: 0 | 1 | 2) {
    return this.add({ at, clientId, topic, qos, seenPublished: false }, key);
  }

  private add(m: Omit<KnownMessage, 'msgId'>, key: string): number {
    const msgId = this.next++;
    this.all.set(msgId, { msgId, ...m });
    const list = this.byKey.get(key);
    if (list) list.push(msgId);
    else this.byKey.set(key, [msgId]);
    return msgId;
  }
}
