import type { MqttClient } from 'mqtt';
import { AckGate } from '../clients/ackGate';
import type { ClientConfig } from '../clients/clientConfig';
import type { ClientStatus, PublishOptions } from '../clients/clientTypes';
import { KeptSession, type Credentials } from '../clients/keptSession';
import { publishProperties } from '../clients/v5Properties';
import type { ObservationLog } from './observation';
import { ConnectionTap, type Wire } from './tap';
import type { Target } from './target';

/** How a connect ended: a CONNACK (accepted or refused), or no CONNACK at all. */
export type ConnectOutcome =
  { ok: true; sessionPresent: boolean; code: number } | { ok: false; code?: number; error: string };

const CLOSE_WAIT_MS = 5000;

/**
 * One client of a run against a broker: a real, unmodified mqtt.js client whose every byte is
 * recorded (see ConnectionTap). It never hides session behaviour: a new mqtt.js client per
 * connection, no reconnect, no re-subscribe, the client id and the Clean Start / Session
 * Expiry exactly as configured.
 */
export class ObservedClient {
  status: ClientStatus = 'offline';
  private client?: MqttClient;
  private tap?: ConnectionTap;
  private readonly gate: AckGate;
  private readonly kept = new KeptSession();
  /** Connections left open by a silent drop: closed by `close`. */
  private readonly silenced: Wire[] = [];
  private closedWaiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    /** The settings, with the client id and Will topic as sent (prefixed). */
    readonly config: ClientConfig,
    private readonly target: Target,
    private readonly log: ObservationLog,
  ) {
    this.gate = new AckGate(config.protocolVersion);
  }

  /** Connects; resolves with the CONNACK, or with what went wrong, within `timeoutMs`. */
  connect(timeoutMs: number, auth: Credentials = {}) {
    return new Promise<ConnectOutcome>((resolve) => {
      if (this.status !== 'offline') {
        resolve({ ok: false, error: `${this.name} is already connected` });
        return;
      }
      this.status = 'connecting';
      const c = this.config;
      const tap = new ConnectionTap(
        this.log,
        {
          client: this.name,
          clientId: c.clientId,
          conn: this.log.nextConn(),
          protocolVersion: c.protocolVersion,
        },
        this.gate,
        () => this.onClosed(tap),
      );
      this.tap = tap;
      let error: string | undefined;
      let code: number | undefined;
      let settled = false;
      const settle = (o: ConnectOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(o);
      };
      const timer = setTimeout(() => {
        error ??= `no CONNACK within ${timeoutMs / 1000} s`;
        client.end(true);
      }, timeoutMs);
      const client = this.target.open(this.kept.nextConnection(c, auth, timeoutMs), tap);
      this.client = client;
      client.on('connect', (connack) => {
        this.status = 'connected';
        settle({
          ok: true,
          sessionPresent: connack.sessionPresent,
          code: connack.reasonCode ?? connack.returnCode ?? 0,
        });
      });
      client.on('error', (e: Error & { code?: number | string }) => {
        error ??= e.message;
        if (typeof e.code === 'number') code = e.code;
      });
      client.on('close', () => {
        if (client === this.client) this.tap?.closed();
        settle({
          ok: false,
          error: error ?? 'the broker closed the connection',
          ...(code === undefined ? {} : { code }),
        });
      });
    });
  }

  /** A clean DISCONNECT (MQTT 5 may change the Session Expiry Interval with it). */
  async disconnect(sessionExpiry?: number): Promise<void> {
    const client = this.client;
    if (!client || this.status !== 'connected') return;
    if (this.tap) this.tap.cause = 'client-disconnect';
    const v5 = this.config.protocolVersion === 5;
    const closed = this.whenClosed();
    client.end(
      false,
      v5 && sessionExpiry !== undefined
        ? { properties: { sessionExpiryInterval: sessionExpiry } }
        : {},
    );
    if (!(await closed)) client.end(true);
  }

  /**
   * The network is cut: no DISCONNECT, so the broker ends the connection as lost (and sends the
   * Will). `silent`: the connection stays open and says nothing, as a hung device's does; the
   * broker notices at 1.5 × keep-alive.
   */
  async drop(silent: boolean): Promise<void> {
    const client = this.client;
    const tap = this.tap;
    if (!client || !tap || this.status === 'offline') return;
    const closed = this.whenClosed();
    if (silent) {
      tap.silence();
      if (tap.wire) this.silenced.push(tap.wire);
    } else {
      tap.cause = 'client-drop';
      tap.wire?.cut();
    }
    client.end(true);
    await closed;
  }

  /** Subscribes; resolves with the granted QoS (or failure codes) of the SUBACK. */
  subscribe(filter: string, qos: 0 | 1 | 2): Promise<number[]> {
    const client = this.client;
    if (!client || this.status !== 'connected') return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      client.subscribe(filter, { qos }, (err, granted) => {
        if (granted?.length) resolve(granted.map((g) => g.qos));
        else if (err) reject(err);
        else resolve([]);
      });
    });
  }

  unsubscribe(filter: string): Promise<void> {
    const client = this.client;
    if (!client || this.status !== 'connected') return Promise.reject(new Error('not connected'));
    return client.unsubscribeAsync(filter).then(() => undefined);
  }

  /** Publishes; resolves once the broker acknowledged it (at once for QoS 0). */
  publish(topic: string, payload: string, o: PublishOptions): Promise<void> {
    const client = this.client;
    if (!client || this.status !== 'connected') return Promise.reject(new Error('not connected'));
    const properties = this.config.protocolVersion === 5 ? publishProperties(o) : {};
    return client
      .publishAsync(topic, payload, {
        qos: o.qos,
        retain: o.retain,
        ...(Object.keys(properties).length ? { properties } : {}),
      })
      .then(() => undefined);
  }

  setHoldAcks(hold: boolean): void {
    this.gate.holding = hold;
  }

  /** Sends held acknowledgements, oldest first (all without a count). */
  release(count?: number): void {
    if (this.tap) this.tap.release(count);
    else this.gate.release(count);
  }

  get heldAcks(): number {
    return this.gate.held.length;
  }

  /** Ends the client and anything it left open. */
  async close(): Promise<void> {
    const client = this.client;
    if (client) {
      if (this.tap) this.tap.cause = 'client-drop';
      const closed = this.whenClosed();
      client.end(true);
      await closed;
    }
    for (const wire of this.silenced.splice(0)) wire.cut();
  }

  /** Resolves true when the current connection has closed, false after CLOSE_WAIT_MS. */
  private whenClosed(): Promise<boolean> {
    if (this.status === 'offline') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), CLOSE_WAIT_MS);
      this.closedWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private onClosed(tap: ConnectionTap): void {
    if (tap !== this.tap) return;
    this.tap = undefined;
    const client = this.client;
    this.client = undefined;
    this.status = 'offline';
    client?.removeAllListeners('connect');
    client?.end(true);
    for (const fn of this.closedWaiters.splice(0)) fn();
  }
}
