import type { BrokerEvent } from '../../broker/events';
import type { QoS } from '../../broker/packets';
import { resolveProfile, type Profile } from '../../broker/profiles';
import { harness, type Harness } from '../harness';
import type { TestClient } from '../testClient';
import { checkEvents, checkSessions, ModelError, type EventState } from './checks';
import { CLIENT_IDS, type ClientId, type Command, type Variant } from './commands';
import { Receiver, type Conn, type Delivery } from './receiver';
import { ReferenceModel } from './reference';

/** Every client's keep-alive, seconds: it pings on the virtual clock and is never timed out. */
const KEEPALIVE = 60;
const PUBLISHER = 'pub';

/**
 * The real broker (through the test harness and TestClient) and the reference model, driven
 * by the same commands. Every step is checked as it runs; `settle` and `account` (checks.ts)
 * finish a sequence.
 */
export class World {
  readonly h: Harness;
  readonly profile: Profile;
  readonly model: ReferenceModel;
  readonly deliveries: Delivery[] = [];
  readonly receiver: Receiver;
  steps = 0;
  private readonly conns = new Map<ClientId, Conn>();
  private readonly allConns: Conn[] = [];
  private publisher?: TestClient;
  private eventCursor = 0;
  private published = 0;
  readonly events: EventState;

  constructor(
    readonly variant: Variant,
    seed = 1,
  ) {
    this.h = harness({ profile: variant.profile, overrides: variant.overrides, seed });
    this.profile = resolveProfile(variant.profile, variant.overrides);
    this.model = new ReferenceModel(this.profile);
    this.receiver = new Receiver(this.profile);
    this.events = {
      drops: new Map(),
      firstSent: new Map(),
      replayLast: new Map(),
      expectedErrors: 0,
    };
  }

  /** Runs one command against the broker and the model, then checks the step. */
  run(cmd: Command): void {
    this.steps++;
    switch (cmd.k) {
      case 'connect':
        this.connect(cmd.id, cmd.v, cmd.clean, cmd.sei, cmd.hold === true, cmd.rm);
        break;
      case 'subscribe':
        this.subscribe(cmd.id, cmd.filter, cmd.qos);
        break;
      case 'unsubscribe':
        if (this.conns.get(cmd.id)?.client.connected) {
          this.model.unsubscribe(cmd.id, cmd.filter);
          this.conns.get(cmd.id)!.client.unsubscribe(cmd.filter);
        }
        break;
      case 'publish':
        this.publish(cmd.topic, cmd.qos, cmd.exp, cmd.twice === true);
        break;
      case 'hold': {
        const c = this.conns.get(cmd.id);
        if (c) c.client.holdAcks = true;
        break;
      }
      case 'release':
        if (cmd.one) this.releaseOne(cmd.id, cmd.one);
        else this.release(cmd.id);
        break;
      case 'hang': {
        const c = this.conns.get(cmd.id);
        if (c?.client.connected) {
          c.client.hang();
          c.hung = true;
        }
        break;
      }
      case 'drop':
        this.leave(cmd.id, undefined, true);
        break;
      case 'disconnect':
        this.leave(cmd.id, cmd.sei, false);
        break;
      case 'advance':
        this.advance(cmd.ms);
        break;
    }
    this.afterStep();
  }

  connect(
    id: ClientId,
    v: 4 | 5,
    clean: boolean,
    sei: number | undefined,
    hold: boolean,
    receiveMaximum?: number,
  ): void {
    const sessionSei = v === 5 ? sei : undefined;
    const properties = {
      ...(sessionSei !== undefined ? { sessionExpiryInterval: sessionSei } : {}),
      ...(v === 5 && receiveMaximum !== undefined ? { receiveMaximum } : {}),
    };
    const expected = this.model.connect(id, v, clean, sessionSei, this.h.clock.now());
    const old = this.conns.get(id);
    if (expected.takeover !== (old?.client.connected === true)) {
      throw new ModelError(`[MQTT-3.1.4-2] takeover of ${id}: model and test disagree`);
    }
    const client = this.h.client(v);
    client.holdAcks = hold;
    const sent = { at: this.h.clock.now() as number };
    const send = client.send.bind(client);
    client.send = (packet) => {
      sent.at = this.h.clock.now();
      send(packet);
    };
    const connack = client.connect({
      clientId: id,
      clean,
      keepalive: KEEPALIVE,
      ...(Object.keys(properties).length ? { properties } : {}),
    });
    if (!connack) throw new ModelError(`no CONNACK for ${id}`);
    if (connack.sessionPresent !== expected.sessionPresent) {
      throw new ModelError(
        `[MQTT-3.2.2-1..3] ${id}: sessionPresent=${connack.sessionPresent}, expected ${expected.sessionPresent}`,
      );
    }
    if (v === 5) {
      // A Session Expiry Interval the broker lowered is returned in CONNACK; otherwise none.
      const granted = this.model.sessions.get(id)!.expiry;
      const wire = Number.isFinite(granted) ? granted : 0xffffffff;
      const want = sessionSei !== undefined && wire !== sessionSei ? wire : undefined;
      const got = connack.properties?.sessionExpiryInterval;
      if (got !== want) {
        throw new ModelError(`${id}: CONNACK Session Expiry Interval ${got}, expected ${want}`);
      }
    }
    if (old?.client.connected) throw new ModelError(`[MQTT-3.1.4-2] ${id}: old connection open`);
    if (!expected.sessionPresent) this.receiver.newSession(id);
    const conn: Conn = {
      client,
      id,
      epoch: expected.epoch,
      cursor: 0,
      ...(v === 5 && receiveMaximum !== undefined ? { receiveMaximum } : {}),
      get lastSent() {
        return sent.at;
      },
      hung: false,
    };
    this.conns.set(id, conn);
    this.allConns.push(conn);
  }

  private subscribe(id: ClientId, filter: string, qos: QoS): void {
    const c = this.conns.get(id);
    if (!c?.client.connected) return;
    const expected = this.model.subscribe(id, filter, qos);
    const granted = c.client.subscribe(filter, qos);
    if (granted.length !== 1 || granted[0] !== expected) {
      throw new ModelError(
        `${id} SUBSCRIBE ${filter} q${qos}: granted ${granted}, expected ${expected}`,
      );
    }
  }

  private publish(topic: string, qos: QoS, exp: number | undefined, twice: boolean): void {
    if (!this.publisher?.connected) {
      // MQTT 5, so that a message can carry a Message Expiry Interval.
      this.publisher = this.h.client(5);
      this.publisher.connect({ clientId: PUBLISHER, clean: true, keepalive: KEEPALIVE });
    }
    const payload = `m${this.published++}`;
    const before = this.h.events.length;
    if (qos > this.profile.maxQos) {
      // Maximum QoS (AWS: 1): the PUBLISH is refused and the publisher disconnected.
      this.events.expectedErrors++;
      this.publisher.publish(topic, payload, qos);
      if (this.publisher.connected) throw new ModelError(`QoS ${qos} PUBLISH was accepted`);
      return;
    }
    const targets = this.model.route(topic, qos);
    const options = exp !== undefined ? { properties: { messageExpiryInterval: exp } } : {};
    if (twice) this.publishTwice(this.publisher, topic, payload, options);
    else this.publisher.publish(topic, payload, qos, options);
    const fresh = this.h.events.slice(before);
    const publishedAll = fresh.filter((e) => e.type === 'message.published');
    const published = publishedAll[0];
    if (!published) throw new ModelError(`${payload} was not published`);
    if (publishedAll.length > 1) {
      // [MQTT-4.3.3-2, 3.1.1] [MQTT-4.3.3-10, 5.0] a QoS 2 PUBLISH repeated before PUBREL is one message.
      throw new ModelError(`QoS 2 ${payload} sent twice before PUBREL was published twice`);
    }
    const msgId = published.msgId;
    const routed = fresh.filter(
      (e): e is Extract<BrokerEvent, { type: 'message.routed' }> =>
        e.type === 'message.routed' && e.msgId === msgId,
    );
    const got = routed.map((e) => `${e.clientId}@q${e.qos}`).sort();
    const want = [...targets].map(([id, t]) => `${id}@q${t.qos}`).sort();
    if (got.join() !== want.join()) {
      throw new ModelError(
        `${payload} on ${topic} q${qos}: routed to [${got}], expected [${want}]`,
      );
    }
    for (const [clientId, t] of targets) {
      const d: Delivery = {
        clientId: clientId as ClientId,
        payload,
        msgId,
        topic,
        qos: t.qos,
        epoch: t.epoch,
        index: this.published,
        ...(exp !== undefined ? { expiresAt: published.at + exp * 1000 } : {}),
      };
      this.deliveries.push(d);
      this.receiver.expect(d);
    }
  }

  /** A QoS 2 PUBLISH, then the same again with DUP=1, and only then PUBREL. */
  private publishTwice(
    pub: TestClient,
    topic: string,
    payload: string,
    options: { properties?: { messageExpiryInterval: number } },
  ): void {
    // TestClient answers PUBREC with PUBREL at once: hold that back for the repeat.
    const send = pub.send.bind(pub);
    let pubrel: number | undefined;
    pub.send = (packet) => {
      if (packet.cmd === 'pubrel' && pubrel === undefined) pubrel = packet.messageId;
      else send(packet);
    };
    const packetId = pub.publish(topic, payload, 2, options);
    pub.publish(topic, payload, 2, { ...options, messageId: packetId, dup: true });
    pub.send = send;
    send({ cmd: 'pubrel', messageId: pubrel ?? packetId });
  }

  private release(id: ClientId): void {
    const c = this.conns.get(id);
    if (!c) return;
    c.client.holdAcks = false;
    c.client.release();
  }

  /** Acknowledges one held message, the oldest or (out of order) the newest, holding the rest. */
  private releaseOne(id: ClientId, which: 'oldest' | 'newest'): void {
    const client = this.conns.get(id)?.client;
    if (!client?.connected || client.heldAcks.length === 0) return;
    if (which === 'oldest') {
      client.release(1);
      return;
    }
    const p = client.heldAcks.pop()!;
    client.send({ cmd: p.qos === 1 ? 'puback' : 'pubrec', messageId: p.messageId! });
  }

  /** A drop (transport cut) or a DISCONNECT, with an MQTT 5 Session Expiry Interval maybe. */
  private leave(id: ClientId, sei: number | undefined, cut: boolean): void {
    const c = this.conns.get(id);
    if (!c?.client.connected) return;
    const now = this.h.clock.now();
    if (cut) {
      c.client.drop();
    } else if (sei !== undefined && c.client.protocolVersion === 5) {
      if (!this.model.disconnectSei(id, sei)) this.events.expectedErrors++;
      c.client.disconnect({ properties: { sessionExpiryInterval: sei } });
    } else {
      c.client.disconnect();
    }
    this.model.connectionEnded(id, now);
  }

  /**
   * Moves the clock. While a client hangs, time moves one keep-alive timer at a time, so the
   * model hears of the connection's end when it happens, and expiry counts from then.
   */
  private advance(ms: number): void {
    const clock = this.h.clock;
    const target = clock.now() + ms;
    const hung = () => [...this.conns.values()].filter((c) => c.hung && c.client.connected);
    if (hung().length === 0) {
      clock.advance(ms);
      this.model.advanceTo(clock.now());
      return;
    }
    for (let done = false; !done;) {
      const watching = hung();
      done = clock.advanceTo(target, watching.length ? ['keepalive'] : undefined);
      const now = clock.now();
      for (const c of watching) {
        if (c.client.connected) continue;
        // [MQTT-3.1.2-24, 3.1.1] [MQTT-3.1.2-22, 5.0] closed at 1.5 × keep-alive of silence, not a moment sooner or later.
        if (now !== c.lastSent + KEEPALIVE * 1500) {
          throw new ModelError(
            `[MQTT-3.1.2-24] ${c.id} timed out at ${now}, last sent ${c.lastSent}`,
          );
        }
        this.model.connectionEnded(c.id, now);
      }
      this.model.advanceTo(now);
      this.takeEvents();
    }
  }

  private takeEvents(): void {
    const fresh = this.h.events.slice(this.eventCursor);
    this.eventCursor = this.h.events.length;
    checkEvents(this, fresh);
  }

  /** Checks one step: the new events, what the clients received, the sessions. */
  private afterStep(): void {
    this.takeEvents();
    for (const c of this.allConns) this.receiver.take(c);
    // Connections that ended and have been read to the end need no more reading.
    for (let i = this.allConns.length - 1; i >= 0; i--) {
      const c = this.allConns[i]!;
      if (!c.client.connected && this.conns.get(c.id) !== c) this.allConns.splice(i, 1);
    }
    checkSessions(this);
  }

  /** True when the current connection of `id` stopped pinging. */
  hangs(id: string | undefined): boolean {
    return this.conns.get(id as ClientId)?.hung === true;
  }

  /** True when `id` is connected and acknowledges everything, with nothing held back. */
  idle(id: string): boolean {
    const client = this.conns.get(id as ClientId)?.client;
    if (!client?.connected || client.holdAcks) return false;
    return client.heldAcks.length === 0 && client.heldPubrels.length === 0;
  }

  /**
   * The end of a sequence: acks released, every persistent session that still exists
   * reconnected, and the clock run until every store has drained.
   */
  settle(): void {
    for (const c of this.conns.values()) {
      if (c.hung) this.leave(c.id, undefined, true);
    }
    this.afterStep();
    for (const id of CLIENT_IDS) this.release(id);
    for (const id of CLIENT_IDS) {
      const s = this.model.sessions.get(id);
      if (!s || s.connected) continue;
      this.connect(id, s.version, false, s.requestedSei, false);
    }
    this.afterStep();
    for (let i = 0; i < 3600; i++) {
      const busy = this.h.broker.sessions().some((s) => s.messages.length > 0 || s.replay);
      if (!busy) break;
      this.advance(1000);
      this.afterStep();
    }
  }
}
