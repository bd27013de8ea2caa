import { Buffer } from 'buffer';
import { generate, parser as createParser } from 'mqtt-packet';
import type { Broker } from '../broker/broker';
import type { Clock, TimerHandle } from '../broker/clock';
import type { Packet, PacketOf, QoS } from '../broker/packets';
import { memoryPipe, type MemoryPipe } from './memoryTransport';

export interface ConnectOptions {
  clientId: string;
  clean?: boolean;
  keepalive?: number;
  properties?: PacketOf<'connect'>['properties'];
  will?: PacketOf<'connect'>['will'];
}

/**
 * A small MQTT client for tests, written with mqtt-packet: it sends exactly the packets a test
 * asks for, records every packet it receives, and acknowledges QoS 1/2 unless told to hold.
 * It talks to the broker over an in-memory pipe and uses the same clock for its keep-alive.
 */
export class TestClient {
  readonly received: Packet[] = [];
  /** Packets that arrived while acks are held, waiting for release. */
  readonly heldAcks: PacketOf<'publish'>[] = [];
  /** Packet ids of PUBRELs that arrived while acks are held: their PUBCOMP waits for release. */
  readonly heldPubrels: number[] = [];
  closedByBroker = false;
  holdAcks = false;
  private pipe?: MemoryPipe;
  private nextId = 1;
  private pingTimer?: TimerHandle;

  constructor(
    private readonly broker: Broker,
    private readonly clock: Clock,
    readonly protocolVersion: 4 | 5 = 4,
  ) {}

  /** Opens a connection and sends CONNECT; returns the CONNACK, if one came. */
  connect(options: ConnectOptions): PacketOf<'connack'> | undefined {
    this.open();
    const before = this.received.length;
    this.send({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: this.protocolVersion,
      clientId: options.clientId,
      clean: options.clean ?? true,
      keepalive: options.keepalive ?? 0,
      ...(options.properties ? { properties: options.properties } : {}),
      ...(options.will ? { will: options.will } : {}),
    });
    const connack = this.received.slice(before).find((p) => p.cmd === 'connack');
    if (connack && options.keepalive) this.startPinging(options.keepalive);
    return connack as PacketOf<'connack'> | undefined;
  }

  /** Opens the transport without sending anything. */
  open(): void {
    this.closedByBroker = false;
    const parser = createParser({ protocolVersion: this.protocolVersion });
    parser.on('packet', (p: Packet) => this.onPacket(p));
    this.pipe = memoryPipe(
      this.broker,
      (bytes) => parser.parse(bytes as Buffer),
      () => {
        this.closedByBroker = true;
        this.stopPinging();
      },
    );
  }

  get connected(): boolean {
    return this.pipe !== undefined && !this.pipe.closed;
  }

  subscribe(
    filter: string | string[],
    qos: QoS = 1,
    options: {
      nl?: boolean;
      rap?: boolean;
      rh?: number;
      properties?: PacketOf<'subscribe'>['properties'];
    } = {},
  ): number[] {
    const messageId = this.nextId++;
    const filters = Array.isArray(filter) ? filter : [filter];
    const before = this.received.length;
    this.send({
      cmd: 'subscribe',
      messageId,
      subscriptions: filters.map((topic) => ({
        topic,
        qos,
        ...(this.protocolVersion === 5
          ? { nl: options.nl ?? false, rap: options.rap ?? false, rh: options.rh ?? 0 }
          : {}),
      })),
      ...(options.properties ? { properties: options.properties } : {}),
    });
    const suback = this.received.slice(before).find((p) => p.cmd === 'suback') as
      PacketOf<'suback'> | undefined;
    return suback?.granted.map(Number) ?? [];
  }

  unsubscribe(filter: string): PacketOf<'unsuback'> | undefined {
    const messageId = this.nextId++;
    const before = this.received.length;
    this.send({ cmd: 'unsubscribe', messageId, unsubscriptions: [filter] });
    return this.received.slice(before).find((p) => p.cmd === 'unsuback') as
      PacketOf<'unsuback'> | undefined;
  }

  /** Publishes; returns the packet id used (0 for QoS 0). */
  publish(
    topic: string,
    payload: string | Uint8Array,
    qos: QoS = 1,
    options: {
      retain?: boolean;
      properties?: PacketOf<'publish'>['properties'];
      messageId?: number;
      dup?: boolean;
    } = {},
  ): number {
    const messageId = qos > 0 ? (options.messageId ?? this.nextId++) : 0;
    this.send({
      cmd: 'publish',
      topic,
      payload: typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload),
      qos,
      retain: options.retain ?? false,
      dup: options.dup ?? false,
      ...(qos > 0 ? { messageId } : {}),
      ...(options.properties ? { properties: options.properties } : {}),
    });
    return messageId;
  }

  disconnect(packet: Partial<PacketOf<'disconnect'>> = {}): void {
    this.send({ cmd: 'disconnect', ...packet });
    this.stopPinging();
    this.pipe?.cut();
  }

  /** The network is cut: no DISCONNECT. */
  drop(): void {
    this.stopPinging();
    this.pipe?.cut();
  }

  /** Stops sending anything (the client hangs): the broker must notice by keep-alive. */
  hang(): void {
    this.stopPinging();
  }

  send(packet: Packet): void {
    const bytes = generate(packet, { protocolVersion: this.protocolVersion });
    this.sendRaw(bytes);
  }

  sendRaw(bytes: Uint8Array): void {
    this.pipe?.send(bytes);
  }

  /**
   * Acknowledges held messages, oldest first; all of them when `count` is not given. Releasing
   * everything also completes the QoS 2 flows whose PUBREL arrived while acks were held.
   */
  release(count = this.heldAcks.length): void {
    const all = count >= this.heldAcks.length;
    for (const p of this.heldAcks.splice(0, count)) this.ack(p);
    if (!all) return;
    for (const id of this.heldPubrels.splice(0)) this.send({ cmd: 'pubcomp', messageId: id });
  }

  /** PUBLISH packets received, in order. */
  publishes(): PacketOf<'publish'>[] {
    return this.received.filter((p): p is PacketOf<'publish'> => p.cmd === 'publish');
  }

  /** Payloads of the PUBLISH packets received, as text. */
  payloads(): string[] {
    return this.publishes().map((p) => p.payload.toString());
  }

  last<C extends Packet['cmd']>(cmd: C): PacketOf<C> | undefined {
    for (let i = this.received.length - 1; i >= 0; i--) {
      if (this.received[i]!.cmd === cmd) return this.received[i] as PacketOf<C>;
    }
    return undefined;
  }

  private onPacket(p: Packet): void {
    this.received.push(p);
    if (p.cmd === 'publish' && p.qos > 0) {
      if (this.holdAcks) this.heldAcks.push(p);
      else this.ack(p);
    } else if (p.cmd === 'pubrel') {
      // Holding acks holds the last step of QoS 2 too.
      if (this.holdAcks) this.heldPubrels.push(p.messageId!);
      else this.send({ cmd: 'pubcomp', messageId: p.messageId });
    } else if (p.cmd === 'pubrec') {
      this.send({ cmd: 'pubrel', messageId: p.messageId });
    }
  }

  private ack(p: PacketOf<'publish'>): void {
    if (p.qos === 1) this.send({ cmd: 'puback', messageId: p.messageId });
    else if (p.qos === 2) this.send({ cmd: 'pubrec', messageId: p.messageId });
  }

  private startPinging(keepalive: number): void {
    const tick = () => {
      this.send({ cmd: 'pingreq' });
      this.pingTimer = this.clock.setTimeout(tick, keepalive * 1000, 'client');
    };
    this.pingTimer = this.clock.setTimeout(tick, keepalive * 1000, 'client');
  }

  private stopPinging(): void {
    this.clock.clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
  }
}
