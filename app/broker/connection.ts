import type { TimerHandle } from './clock';
import { createDecoder, encode, PROTOCOL_ERROR, type Decoder } from './codec';
import { limitReached, type BrokerContext } from './context';
import type { CloseReason } from './events';
import type { Message } from './message';
import { CONNACK_V3, RC, type Packet, type ProtocolVersion, type QoS } from './packets';
import type { Session } from './session';
import type { SimTime } from './time';

/** A byte duplex the broker writes to: a MessagePort, a socket, an in-memory pipe. */
export interface Transport {
  write(bytes: Uint8Array): void;
  /** Closes the transport from the broker's side. */
  end(): void;
}

/** A Will as given in CONNECT, kept until the connection ends. */
export interface WillSpec {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  delay: number;
  properties?: Message['properties'] & { messageExpiryInterval?: number };
}

export interface ConnectionHooks {
  onPacket(conn: Connection, packet: Packet): void;
  onEnd(conn: Connection, reason: CloseReason): void;
}

/**
 * One network connection: it decodes bytes into packets, encodes packets into bytes, watches
 * the keep-alive and closes exactly once. Session logic lives in the handlers.
 */
export class Connection {
  state: 'awaiting-connect' | 'open' | 'closed' = 'awaiting-connect';
  protocolVersion: ProtocolVersion = 4;
  clientId?: string;
  session?: Session;
  will?: WillSpec;
  /** Client's Receive Maximum (MQTT 5) and Maximum Packet Size. */
  clientReceiveMaximum = 65_535;
  clientMaxPacketSize = Number.POSITIVE_INFINITY;
  keepaliveMs = 0;
  /**
   * Ids of QoS 2 publishes received on this connection and not yet released (PUBREL): the
   * client's use of our Receive Maximum, which starts afresh with each connection (§4.9). The
   * session's set, for exactly once, also holds those left from earlier connections.
   */
  readonly incomingQos2 = new Set<number>();
  /** The Session Expiry Interval the client asked for in CONNECT (MQTT 5; 0 when absent). */
  requestedSessionExpiry = 0;
  /**
   * Topic aliases live on the connection, not the session [MQTT-3.3.2-7]: a new connection
   * (reconnect, takeover, resume) starts with none either way. The client's: alias → topic.
   */
  readonly inboundAliases = new Map<number, string>();
  /** The broker's, for this client: topic → alias, assigned in order of first use. */
  readonly outboundAliases = new Map<string, number>();
  /** Aliases the broker may assign this client: its CONNECT's Topic Alias Maximum, or 0. */
  outboundAliasMaximum = 0;
  private lastActivity: SimTime;
  private keepaliveTimer?: TimerHandle;
  private connectTimer?: TimerHandle;
  private readonly decoder: Decoder;

  constructor(
    readonly id: number,
    private readonly ctx: BrokerContext,
    private readonly transport: Transport,
    private readonly hooks: ConnectionHooks,
  ) {
    this.lastActivity = ctx.clock.now();
    this.decoder = createDecoder(
      (p) => this.onPacket(p),
      (e) => this.onDecodeError(e),
    );
    this.armConnectTimeout();
  }

  /**
   * A connection that never sends CONNECT would hold its socket for ever: no keep-alive runs
   * before CONNECT. The deadline counts from the opening, so a CONNECT dribbled a byte at a
   * time does not extend it.
   */
  private armConnectTimeout(): void {
    const ms = this.ctx.profile.connectTimeout * 1000;
    if (!Number.isFinite(ms)) return;
    // The 'keepalive' kind: it is the same family of deadline, and drivers stop at it alike.
    this.connectTimer = this.ctx.clock.setTimeout(
      () =>
        this.ctx.run(() => {
          if (this.state === 'awaiting-connect') this.close('connect-timeout');
        }),
      ms,
      'keepalive',
    );
  }

  private onDecodeError(e: Error): void {
    if (this.state === 'awaiting-connect' && /protocol version/i.test(e.message)) {
      // [MQTT-3.1.2-2, 3.1.1] an unsupported protocol level is answered CONNACK 0x01, then closed.
      this.send({
        cmd: 'connack',
        sessionPresent: false,
        returnCode: CONNACK_V3.unacceptableProtocol,
      });
      this.fail(`unsupported protocol level: ${e.message}`, RC.unsupportedProtocolVersion);
      return;
    }
    if (e.message.startsWith(PROTOCOL_ERROR)) this.fail(e.message, RC.protocolError);
    else this.fail(`malformed packet: ${e.message}`, RC.malformedPacket);
  }

  isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Bytes arrived from the client. */
  receive(bytes: Uint8Array): void {
    this.ctx.run(() => {
      if (this.state === 'closed') return;
      this.decoder.push(bytes);
      // A length header promising more than the limit would make us buffer without end.
      const buffered = this.decoder.buffered();
      if (!this.isClosed() && buffered > this.ctx.profile.maxPacketSize) {
        this.tooLarge(buffered);
      }
    });
  }

  /** The transport went away without a DISCONNECT. */
  transportClosed(): void {
    this.ctx.run(() => this.close('transport-closed'));
  }

  /** Encodes a packet for this client; undefined (and a broker.error event) if it can't be. */
  encode(packet: Packet): Uint8Array | undefined {
    const bytes = encode(packet, this.protocolVersion);
    if (!(bytes instanceof Error)) return bytes;
    this.ctx.emit({
      type: 'broker.error',
      message: `cannot encode ${packet.cmd}: ${bytes.message}`,
    });
    return undefined;
  }

  /** Encodes and writes a packet, if it fits the client's Maximum Packet Size. */
  send(packet: Packet): void {
    if (this.state === 'closed') return;
    const bytes = this.encode(packet);
    if (!bytes) return;
    const fitted = bytes.length > this.clientMaxPacketSize ? this.fit(packet, bytes.length) : bytes;
    if (fitted) this.write(packet.cmd, fitted);
  }

  /**
   * [MQTT-3.1.2-24] nothing larger than the client's Maximum Packet Size goes to it (PUBLISH is
   * measured in `transmit`). The Reason String and User Properties are the parts a receiver can
   * do without, so they go first; a packet still too large is discarded without being sent
   * and reported as `limit.reached`. A PUBLISH discarded is as good as sent [MQTT-3.1.2-25];
   * a CONNACK, SUBACK or ack is not (the client would wait for it for ever), so the connection
   * then ends with DISCONNECT 0x95, Packet too large, once the packet in hand is dealt with
   * (that DISCONNECT too only if it fits).
   */
  private fit(packet: Packet, size: number): Uint8Array | undefined {
    const properties = (packet as { properties?: Record<string, unknown> }).properties;
    if (properties && ('reasonString' in properties || 'userProperties' in properties)) {
      const rest = { ...properties };
      delete rest.reasonString;
      delete rest.userProperties;
      const slim = this.encode({ ...packet, properties: rest } as Packet);
      if (slim && slim.length <= this.clientMaxPacketSize) return slim;
    }
    limitReached(this.ctx, 'client-packet-size', size, this.clientMaxPacketSize, this.clientId);
    if (packet.cmd !== 'disconnect') {
      const message = `a ${packet.cmd} of ${size} bytes is larger than the client's Maximum Packet Size (${this.clientMaxPacketSize})`;
      // [MQTT-3.14.0-1, 5.0] no DISCONNECT where no CONNACK went.
      const tell = packet.cmd !== 'connack';
      this.pendingFail ??= () => this.fail(message, RC.packetTooLarge, tell);
      // After the packet in hand (see onPacket), or after the work in progress if none is.
      this.ctx.run(() => this.failIfPending());
    }
    return undefined;
  }

  /** Writes bytes already encoded (a message encoded once for many clients). */
  write(cmd: string, bytes: Uint8Array): void {
    if (this.state === 'closed') return;
    if (this.ctx.tracePackets) this.trace('packet.out', cmd, bytes);
    try {
      this.transport.write(bytes);
    } catch {
      // Not now: the caller may be in the middle of a delivery. After the work in progress.
      this.ctx.run(() => this.close('transport-closed'));
    }
  }

  /** Closes the connection for a protocol violation, telling an MQTT 5 client why. */
  fail(message: string, reasonCode: number, tell = true): void {
    if (this.state === 'closed') return;
    this.ctx.stats.protocolErrors++;
    const v5 = tell && this.protocolVersion === 5 && this.state === 'open';
    this.ctx.emit({
      type: 'protocol.error',
      connId: this.id,
      ...(this.clientId === undefined ? {} : { clientId: this.clientId }),
      message,
      ...(v5 ? { reasonCode } : {}),
    });
    // The Reason String says why; `send` leaves it out if it would make the DISCONNECT larger
    // than the client accepts [MQTT-3.14.2-3].
    if (v5) this.send({ cmd: 'disconnect', reasonCode, properties: { reasonString: message } });
    this.close('protocol-error');
  }

  /** Closes the connection once; the session logic hears of it through `onEnd`. */
  close(reason: CloseReason): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.ctx.clock.clearTimeout(this.keepaliveTimer);
    this.ctx.clock.clearTimeout(this.connectTimer);
    this.ctx.connections.delete(this);
    try {
      this.transport.end();
    } catch {
      // The transport is gone either way.
    }
    this.ctx.emit({
      type: 'connection.closed',
      connId: this.id,
      ...(this.clientId === undefined ? {} : { clientId: this.clientId }),
      reason,
    });
    this.hooks.onEnd(this, reason);
  }

  /** [MQTT-3.1.2-24, 3.1.1] [MQTT-3.1.2-22, 5.0] close a connection silent for 1.5 × keep-alive; 0 turns the check off. */
  startKeepalive(seconds: number): void {
    this.keepaliveMs = seconds * 1500;
    this.armKeepalive();
  }

  private armKeepalive(): void {
    this.ctx.clock.clearTimeout(this.keepaliveTimer);
    if (this.keepaliveMs <= 0 || this.state === 'closed') return;
    const due = this.keepaliveDeadline() - this.ctx.clock.now();
    this.keepaliveTimer = this.ctx.clock.setTimeout(
      () => this.ctx.run(() => this.checkKeepalive()),
      due,
      'keepalive',
    );
  }

  private checkKeepalive(): void {
    if (this.state === 'closed') return;
    // The same sum the timer was armed for: `now − lastActivity ≥ keepaliveMs` can be false at
    // that instant in floating point (fractional clock), which re-armed the timer there forever.
    if (this.ctx.clock.now() >= this.keepaliveDeadline()) {
      if (this.protocolVersion === 5)
        this.send({ cmd: 'disconnect', reasonCode: RC.keepAliveTimeout });
      this.close('keepalive-timeout');
    } else {
      this.armKeepalive();
    }
  }

  /** [MQTT-3.2.2-15] a packet over the maximum packet size ends the connection (0x95). */
  private tooLarge(size: number): void {
    const max = this.ctx.profile.maxPacketSize;
    limitReached(this.ctx, 'packet-size', size, max, this.session?.clientId);
    this.fail(`packet of ${size} bytes, over the maximum packet size of ${max}`, RC.packetTooLarge);
  }

  /** A failure `fit` found while a packet was being handled. */
  private pendingFail?: () => void;

  private failIfPending(): void {
    const pending = this.pendingFail;
    this.pendingFail = undefined;
    pending?.();
  }

  private keepaliveDeadline(): number {
    return this.lastActivity + this.keepaliveMs;
  }

  /** When silence closes this connection, if nothing more arrives; undefined if it cannot. */
  silenceDeadline(): number | undefined {
    return this.keepaliveMs > 0 && this.state !== 'closed' ? this.keepaliveDeadline() : undefined;
  }

  private onPacket(packet: Packet): void {
    if (this.state === 'closed') return;
    this.lastActivity = this.ctx.clock.now();
    if (this.ctx.tracePackets) this.traceIn(packet);
    // [MQTT-3.2.2-15] the size counts the whole packet: fixed header, length and the rest.
    const size = packetSize(packet.length ?? 0);
    if (size > this.ctx.profile.maxPacketSize) {
      this.tooLarge(size);
      return;
    }
    try {
      this.hooks.onPacket(this, packet);
    } catch (e) {
      this.ctx.emit({ type: 'broker.error', message: `handling ${packet.cmd}: ${String(e)}` });
      this.fail(`internal error while handling ${packet.cmd}`, RC.implementationSpecific);
    }
    // Before the next packet, however the bytes were cut.
    this.failIfPending();
    // CONNECT accepted: the deadline is met (a pending timer would be a false "next event").
    if (this.state === 'open' && this.connectTimer !== undefined) {
      this.ctx.clock.clearTimeout(this.connectTimer);
      this.connectTimer = undefined;
    }
  }

  private traceIn(packet: Packet): void {
    // mqtt-packet hands us packets, not their bytes: encode again, only when tracing.
    const version = packet.cmd === 'connect' ? (packet.protocolVersion ?? 4) : this.protocolVersion;
    const bytes = encode(packet, version);
    this.trace('packet.in', packet.cmd, bytes instanceof Error ? new Uint8Array(0) : bytes);
  }

  private trace(type: 'packet.in' | 'packet.out', cmd: string, bytes: Uint8Array): void {
    this.ctx.emit({
      type,
      connId: this.id,
      ...(this.clientId === undefined ? {} : { clientId: this.clientId }),
      cmd,
      bytes,
    });
  }
}

/** Bytes of a whole packet whose Remaining Length is `remaining`. */
export function packetSize(remaining: number): number {
  const lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
  return 1 + lengthBytes + remaining;
}
