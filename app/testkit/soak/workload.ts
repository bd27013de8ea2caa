import { Buffer } from 'buffer';
import { createBroker, type Broker } from '../../broker/broker';
import { VirtualClock, type TimerHandle } from '../../broker/clock';
import type { PacketOf } from '../../broker/packets';
import type { ProfileName } from '../../broker/profiles';
import { createRandom } from '../../broker/random';
import { TestClient } from '../testClient';
import { spotCheck } from './audit';
import { CountingClock } from './countingClock';
import { Ledger } from './ledger';
import { capQos, planClients, type ClientPlan } from './population';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
const KEEPALIVE = 60;

export interface WorkloadOptions {
  profile: ProfileName;
  clients: number;
  seed: number;
  /** Mean seconds between two publishes of one connected client. */
  publishEvery?: number;
}

/** One client id of the soak: its plan, the connection it has now and what it remembers. */
interface Slot {
  plan: ClientPlan;
  client?: TestClient;
  online: boolean;
  /** Stopped talking: the broker must time it out by keep-alive. */
  hanging: boolean;
  gone: boolean;
  /** QoS 2 packet ids received and not yet released: a real client's duplicate filter. */
  qos2Ids: Set<number>;
  seq: number;
  connects: number;
  timers: Set<TimerHandle>;
}

/**
 * A day in the life of a broker: clients of every kind connect, subscribe, publish at QoS
 * 0/1/2, hold acks, go away (DISCONNECT, a cut network, a hang), come back after gaps short and
 * long, take each other's connections over, and some never return. Everything is drawn from
 * one seed and runs on one VirtualClock, so a run is the same every time.
 */
export class Workload {
  readonly clock = new VirtualClock();
  readonly brokerClock = new CountingClock(this.clock);
  readonly broker: Broker;
  readonly ledger = new Ledger();
  readonly slots: Slot[];
  readonly counts = {
    connects: 0,
    takeovers: 0,
    disconnects: 0,
    drops: 0,
    hangs: 0,
    heldAckSessions: 0,
    sessionPresent: 0,
    unexpectedCloses: 0,
  };
  /** What the checks made at the moments of churn found (first occurrence of each). */
  readonly spotViolations = new Set<string>();
  private readonly random: () => number;
  private readonly publishEvery: number;
  private readonly byId = new Map<string, Slot>();
  private stopped = false;

  constructor(private readonly options: WorkloadOptions) {
    this.random = createRandom(options.seed);
    this.publishEvery = (options.publishEvery ?? 20) * SECOND;
    this.broker = createBroker({
      clock: this.brokerClock,
      profile: options.profile,
      seed: options.seed,
    });
    this.broker.subscribe((e) => this.ledger.onEvent(e, (id) => this.drainId(id)));
    this.slots = planClients(options.clients, this.random).map((plan) => ({
      plan,
      online: false,
      hanging: false,
      gone: false,
      qos2Ids: new Set(),
      seq: 0,
      connects: 0,
      timers: new Set(),
    }));
    for (const s of this.slots) this.byId.set(s.plan.clientId, s);
    // Everyone arrives in the first ten minutes.
    for (const s of this.slots) this.after(s, this.random() * 10 * MINUTE, () => this.connect(s));
  }

  /** Runs the simulated clock to `ms`, as fast as the CPU allows. */
  runTo(ms: number): void {
    this.clock.advanceTo(ms);
    this.drainAll();
  }

  /**
   * The end of the day: no more publishing or leaving; every client that was to come back
   * connects, releases what it held, and the backlogs drain.
   */
  settle(): void {
    this.stopped = true;
    for (const s of this.slots) this.cancelTimers(s);
    for (const s of this.slots) {
      if (s.plan.vanishes && s.gone) continue;
      // A fresh connection (a takeover if one is open): PUBRELs held back go again on resume.
      this.connect(s, { hold: false });
    }
    this.runTo(this.clock.now() + 30 * MINUTE);
  }

  /** Every client still connected says DISCONNECT (clean sessions end here). */
  disconnectAll(): void {
    for (const s of this.slots) {
      if (s.client?.connected) {
        s.client.disconnect();
        this.drain(s);
      }
      s.online = false;
    }
  }

  /** Clients whose pipe is open (the broker must have exactly these connections). */
  openClients(): number {
    return this.slots.filter((s) => s.client?.connected).length;
  }

  private connect(s: Slot, opts: { hold?: boolean } = {}): void {
    const p = s.plan;
    this.cancelTimers(s);
    const old = s.client;
    const takeover = old?.connected === true;
    if (old) this.drain(s);
    const c = new TestClient(this.broker, this.clock, p.version);
    s.connects++;
    this.counts.connects++;
    if (takeover && !this.stopped) this.counts.takeovers++;
    const properties: PacketOf<'connect'>['properties'] = {};
    if (p.sei !== undefined) properties.sessionExpiryInterval = p.sei;
    const token = `${p.clientId}.will${s.connects}`;
    const connack = c.connect({
      clientId: p.clientId,
      clean: p.clean,
      keepalive: KEEPALIVE,
      ...(p.version === 5 ? { properties } : {}),
      ...(p.will
        ? {
            will: {
              topic: `status/${p.clientId}`,
              payload: Buffer.from(token),
              qos: capQos(1, this.broker.profile),
              retain: false,
              ...(p.willDelay ? { properties: { willDelayInterval: p.willDelay } } : {}),
            },
          }
        : {}),
    });
    if (old) {
      // The earlier connection was taken over (or had ended): read what it got, then let it go.
      this.drain(s);
    }
    s.client = c;
    s.hanging = false;
    if (!connack || !c.connected) {
      s.online = false;
      this.counts.unexpectedCloses++;
      this.ledger.errors.push(`${p.clientId}: CONNECT refused`);
      return;
    }
    s.online = true;
    if (takeover) this.spot();
    if (connack.sessionPresent) this.counts.sessionPresent++;
    this.drain(s);
    const hold = opts.hold ?? this.random() < 0.15;
    c.holdAcks = hold;
    if (hold) this.counts.heldAckSessions++;
    if (!connack.sessionPresent || p.alwaysResubscribe) this.subscribe(s);
    this.drain(s);
    if (this.stopped) return;
    this.schedulePublish(s);
    if (hold) this.scheduleRelease(s);
    // One connection in ten flaps: gone again within a minute, often in the middle of its replay.
    const stay = p.monitor
      ? (2 + this.random() * 6) * HOUR
      : this.random() < 0.1
        ? (5 + this.random() * 55) * SECOND
        : (2 + this.random() * 88) * MINUTE;
    this.after(s, stay, () => this.leave(s));
    if (!p.monitor && this.random() < 0.06) {
      this.after(s, this.random() * stay, () => this.connect(s));
    }
  }

  private subscribe(s: Slot): void {
    const p = s.plan;
    const c = s.client!;
    c.subscribe(`cmd/${p.clientId}`, p.commandQos);
    c.subscribe(`fleet/g${p.group}/+/state`, 1);
    if (p.telemetryQos !== undefined) c.subscribe(`fleet/g${p.group}/+/tele`, p.telemetryQos);
    if (p.monitor) c.subscribe(['status/#', 'fleet/+/+/state'], 1);
    // Now and then one drops its state filter again (the tree must prune what nobody uses).
    if (!p.monitor && this.random() < 0.1) c.unsubscribe(`fleet/g${p.group}/+/state`);
  }

  private schedulePublish(s: Slot): void {
    const delay = this.publishEvery * (0.5 + this.random());
    this.after(s, delay, () => {
      if (!this.stillOnline(s)) return;
      this.publishOne(s);
      this.drain(s);
      this.schedulePublish(s);
    });
  }

  private publishOne(s: Slot): void {
    const p = s.plan;
    const c = s.client!;
    const profile = this.broker.profile;
    const payload = `${p.clientId}.${++s.seq}`;
    const r = this.random();
    if (r < 0.7) {
      const qos = capQos(([0, 1, 1, 2] as const)[Math.floor(this.random() * 4)]!, profile);
      const expiring = p.version === 5 && this.random() < 0.2;
      c.publish(`fleet/g${p.group}/${p.clientId}/tele`, payload, qos, {
        ...(expiring ? { properties: { messageExpiryInterval: 300 } } : {}),
      });
    } else if (r < 0.9) {
      c.publish(`fleet/g${p.group}/${p.clientId}/state`, payload, 1, { retain: true });
    } else {
      const to = this.slots[Math.floor(this.random() * this.slots.length)]!.plan;
      c.publish(`cmd/${to.clientId}`, payload, capQos(this.random() < 0.5 ? 1 : 2, profile));
    }
  }

  private scheduleRelease(s: Slot): void {
    this.after(s, (1 + this.random() * 9) * MINUTE, () => {
      if (!this.stillOnline(s)) return;
      const c = s.client!;
      c.release(Math.ceil(c.heldAcks.length * this.random()));
      if (this.random() < 0.3) c.holdAcks = false;
      this.drain(s);
      if (c.holdAcks) this.scheduleRelease(s);
    });
  }

  private leave(s: Slot): void {
    if (!this.stillOnline(s)) return;
    const c = s.client!;
    const p = s.plan;
    this.cancelTimers(s);
    const r = this.random();
    if (r < 0.5) {
      this.counts.disconnects++;
      // An MQTT 5 client may change its Session Expiry Interval on the way out.
      const changeSei = p.version === 5 && p.sei !== undefined && this.random() < 0.2;
      c.disconnect(changeSei ? { properties: { sessionExpiryInterval: 1800 } } : {});
    } else if (r < 0.88) {
      this.counts.drops++;
      c.drop();
    } else {
      // Stops talking; the broker notices after 1.5 × keep-alive.
      this.counts.hangs++;
      c.hang();
      c.holdAcks = true; // not even an ack: nothing resets the broker's keep-alive
      s.hanging = true;
    }
    this.drain(s);
    s.online = false;
    this.spot();
    this.scheduleReturn(s);
  }

  private spot(): void {
    for (const v of spotCheck(this)) if (this.spotViolations.size < 50) this.spotViolations.add(v);
  }

  private scheduleReturn(s: Slot): void {
    if (s.plan.vanishes) {
      s.gone = true;
      return;
    }
    const r = this.random();
    const gap =
      r < 0.45
        ? (5 + this.random() * 595) * SECOND
        : r < 0.7
          ? (10 + this.random() * 50) * MINUTE
          : r < 0.9
            ? (1 + this.random() * 2) * HOUR
            : (3 + this.random() * 7) * HOUR;
    this.after(s, gap, () => {
      if (s.hanging && s.client?.connected) s.client.drop(); // gave up on the hung socket
      this.connect(s);
    });
  }

  /** The client is connected as the workload thinks; if the broker closed it, it comes back later. */
  private stillOnline(s: Slot): boolean {
    if (!s.online || s.hanging) return false;
    if (s.client?.connected) return true;
    this.drain(s);
    this.counts.unexpectedCloses++;
    this.ledger.errors.push(`${s.plan.clientId}: closed by the broker unexpectedly`);
    s.online = false;
    this.cancelTimers(s);
    this.scheduleReturn(s);
    return false;
  }

  private after(s: Slot, ms: number, fn: () => void): void {
    const handle = this.clock.setTimeout(
      () => {
        s.timers.delete(handle);
        fn();
      },
      ms,
      'client',
    );
    s.timers.add(handle);
  }

  private cancelTimers(s: Slot): void {
    for (const t of s.timers) this.clock.clearTimeout(t);
    s.timers.clear();
  }

  private drainId(clientId: string): void {
    const s = this.byId.get(clientId);
    if (s) this.drain(s);
  }

  private drainAll(): void {
    for (const s of this.slots) this.drain(s);
  }

  /** Reads what the client received since last time, as its application would. */
  private drain(s: Slot): void {
    const c = s.client;
    if (!c || c.received.length === 0) return;
    const packets = c.received.splice(0);
    for (const packet of packets) {
      if (packet.cmd === 'connack') {
        if (!packet.sessionPresent) s.qos2Ids.clear();
      } else if (packet.cmd === 'pubrel') {
        s.qos2Ids.delete(packet.messageId ?? 0);
      } else if (packet.cmd === 'publish') {
        if (packet.qos === 2) {
          // [MQTT-4.3.3] the receiver keeps the id until PUBREL: a resend is not delivered again.
          const id = packet.messageId ?? 0;
          if (s.qos2Ids.has(id)) continue;
          s.qos2Ids.add(id);
        }
        this.ledger.onReceipt(s.plan.clientId, packet);
      }
    }
  }
}
