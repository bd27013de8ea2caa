import type { QoS } from '../../broker/packets';
import type { Profile } from '../../broker/profiles';

/** How a session ended, as the drop reason its stored messages must carry. */
export type EpochEnd = 'session-expired' | 'session-discarded';

/** What the reference model knows of one client id's session. */
export interface ModelSession {
  /** Numbers every session ever created: a message belongs to one epoch of one client id. */
  epoch: number;
  version: 4 | 5;
  /** Seconds the session outlives its connection: 0 = not at all, Infinity = never expires. */
  expiry: number;
  /** The Session Expiry Interval asked for in CONNECT (MQTT 5), undefined when absent. */
  requestedSei: number | undefined;
  subs: Map<string, QoS>;
  connected: boolean;
  /** When the session must expire (ms): nominal from the rules, actual as the broker drew it. */
  expiresAt?: { nominal: number; actual?: number };
}

const NEVER_SEI = 0xffffffff;

/**
 * A small reference model of the session rules in behaviour.md: which sessions exist, their
 * subscriptions, when they may expire, what CONNACK's sessionPresent must say and which
 * session must get which message. It knows nothing of queues, windows or pacing.
 */
export class ReferenceModel {
  readonly sessions = new Map<string, ModelSession>();
  /** Why each ended session epoch ended. */
  readonly epochEnds = new Map<number, EpochEnd>();
  /** When each client id's last expired session was due to expire (ms). */
  readonly expiredAt = new Map<string, { nominal: number; actual?: number }>();
  private nextEpoch = 1;

  constructor(readonly profile: Profile) {}

  /** [MQTT-3.1.2-4..6, 3.1.1/5.0] + MQTT 5 SEI (absent = 0, capped by the profile). */
  expiryFor(version: 4 | 5, clean: boolean, sei: number | undefined): number {
    if (version === 4) return clean ? 0 : this.profile.sessionExpiryV3;
    const wanted = sei === NEVER_SEI ? Number.POSITIVE_INFINITY : (sei ?? 0);
    return Math.min(wanted, this.profile.maxSessionExpiry);
  }

  /** A CONNECT; returns the sessionPresent CONNACK must carry [MQTT-3.2.2-1..3, 3.1.1] [MQTT-3.2.2-2..3, 5.0]. */
  connect(
    id: string,
    version: 4 | 5,
    clean: boolean,
    sei: number | undefined,
    now: number,
  ): { sessionPresent: boolean; epoch: number; takeover: boolean } {
    let session = this.sessions.get(id);
    const takeover = session?.connected === true;
    // [MQTT-3.1.4-2, 3.1.1] [MQTT-3.1.4-3, 5.0] the earlier connection ends; a clean session ends with it.
    if (session && takeover) this.connectionEnded(id, now, true);
    session = this.sessions.get(id);
    if (session && clean) this.end(id, 'session-discarded');
    else if (session && session.version !== version && !this.profile.sessionsAcrossVersions) {
      this.end(id, 'session-discarded');
    }
    session = this.sessions.get(id);
    const expiry = this.expiryFor(version, clean, sei);
    const sessionPresent = session !== undefined;
    if (session) {
      session.expiry = expiry;
      session.version = version;
      session.requestedSei = sei;
      session.connected = true;
      delete session.expiresAt;
    } else {
      session = {
        epoch: this.nextEpoch++,
        version,
        expiry,
        requestedSei: sei,
        subs: new Map(),
        connected: true,
      };
      this.sessions.set(id, session);
    }
    return { sessionPresent, epoch: session.epoch, takeover };
  }

  /**
   * The connection of `id` ended. A session with expiry 0 goes with it; a takeover passes the
   * session on; otherwise [AWS-expiry] it expires `expiry` seconds from now (plus jitter).
   */
  connectionEnded(id: string, now: number, takeover = false): void {
    const s = this.sessions.get(id);
    if (!s?.connected) return;
    s.connected = false;
    if (s.expiry === 0) {
      this.end(id, 'session-discarded');
      return;
    }
    if (takeover || !Number.isFinite(s.expiry)) return;
    s.expiresAt = { nominal: now + s.expiry * 1000 };
  }

  /**
   * An MQTT 5 DISCONNECT with a Session Expiry Interval: returns false when it is a protocol
   * error (SEI 0 at CONNECT cannot become non-zero) [MQTT5-3.14.2.2.2].
   */
  disconnectSei(id: string, sei: number): boolean {
    const s = this.sessions.get(id)!;
    if ((s.requestedSei ?? 0) === 0 && sei !== 0) return false;
    const wanted = sei === NEVER_SEI ? Number.POSITIVE_INFINITY : sei;
    s.expiry = Math.min(wanted, this.profile.maxSessionExpiry);
    return true;
  }

  /** Sessions whose expiry is due by `now` are gone. Returns their ids. */
  advanceTo(now: number): string[] {
    const expired: string[] = [];
    for (const [id, s] of this.sessions) {
      const at = s.expiresAt?.actual ?? s.expiresAt?.nominal;
      if (!s.connected && at !== undefined && at <= now) expired.push(id);
    }
    for (const id of expired) {
      this.expiredAt.set(id, this.sessions.get(id)!.expiresAt!);
      this.end(id, 'session-expired');
    }
    return expired;
  }

  /** Maximum QoS (AWS: 1): a QoS 2 subscription is granted QoS 1. */
  subscribe(id: string, filter: string, qos: QoS): QoS {
    const granted = Math.min(qos, this.profile.maxQos) as QoS;
    this.sessions.get(id)!.subs.set(filter, granted);
    return granted;
  }

  /** UNSUBSCRIBE: what was routed before still goes; nothing new does. */
  unsubscribe(id: string, filter: string): void {
    this.sessions.get(id)!.subs.delete(filter);
  }

  /**
   * Which sessions must get a message on `topic` at `qos`, and at which QoS: once per session,
   * at the highest matching granted QoS, never above the publish or the profile's maximum.
   */
  route(topic: string, qos: QoS): Map<string, { qos: QoS; epoch: number }> {
    const targets = new Map<string, { qos: QoS; epoch: number }>();
    for (const [id, s] of this.sessions) {
      let best = -1;
      for (const [filter, granted] of s.subs) {
        if (matches(filter, topic)) best = Math.max(best, granted);
      }
      if (best < 0) continue;
      targets.set(id, {
        qos: Math.min(qos, best, this.profile.maxQos) as QoS,
        epoch: s.epoch,
      });
    }
    return targets;
  }

  private end(id: string, why: EpochEnd): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.epochEnds.set(s.epoch, why);
    this.sessions.delete(id);
  }
}

/** Topic matching for the few filters the model uses (`+` and a trailing `#`). */
export function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
