import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { CutMode, PortSocket } from '../transport/portSocket';
import type { WorkerChannel } from '../transport/workerChannel';
import { AckGate } from './ackGate';
import type { ClientConfig } from './clientConfig';
import type { ClientStatus, ClientUpdate, PublishOptions, SubscribeOptions } from './clientTypes';
import { KeptSession, type Credentials } from './keptSession';
import { publishProperties, receivedProperties } from './v5Properties';

const text = new TextDecoder();

/** Messages of a burst published at once in one slice of the page's work. */
const BURST_SLICE = 64;

/**
 * One client of the playground: a real, unmodified mqtt.js client whose WebSocket is a
 * PortSocket to the broker worker and whose keep-alive runs on the simulated clock.
 */
export class SessionClient {
  status: ClientStatus = 'offline';
  private client?: MqttClient;
  private socket?: PortSocket;
  private readonly gate: AckGate;
  // Client-side session state outlives a connection when the session is persistent.
  private readonly kept = new KeptSession();
  private burstTimer?: number;
  /** Bursts being published at once (in slices): how to stop each. */
  private readonly sliced = new Set<() => void>();
  /** The topic each Topic Alias stands for on this connection, as this client set them. */
  private aliasesSent = new Map<number, string>();
  /** The Topic Alias Maximum of the broker's CONNACK: aliases this client may use. */
  brokerTopicAliasMaximum = 0;

  constructor(
    readonly config: ClientConfig,
    private readonly channel: WorkerChannel,
    private readonly report: (update: ClientUpdate) => void,
    /** Told the port's connection number of each socket this client opens (see WorkerChannel). */
    private readonly onSocket?: (conn: number) => void,
    /** The user name and password a remote broker asks for, read at each connect. */
    private readonly credentials?: () => Credentials,
  ) {
    this.gate = new AckGate(config.protocolVersion);
  }

  connect(): void {
    if (this.status !== 'offline') return;
    this.setStatus('connecting');
    const options: IClientOptions = {
      ...this.kept.nextConnection(this.config, this.credentials?.() ?? {}, 30_000),
      // Take the browser WebSocket path (our PortSocket) in Node too (tests).
      forceNativeWebSocket: true,
      timerVariant: this.channel.timer,
      createWebsocket: (url: string) => this.openSocket(url),
    };
    const client = mqtt.connect('ws://session-lab.invalid/mqtt', options);
    this.client = client;
    // Aliases belong to one Network Connection [MQTT-3.3.2-7].
    this.aliasesSent.clear();
    this.brokerTopicAliasMaximum = 0;
    client.on('connect', (connack) => {
      this.brokerTopicAliasMaximum = connack.properties?.topicAliasMaximum ?? 0;
      this.setStatus('connected');
      this.report({
        kind: 'connack',
        sessionPresent: connack.sessionPresent,
        code: connack.reasonCode ?? connack.returnCode ?? 0,
      });
    });
    client.on('message', (topic, payload, packet: IPublishPacket) => {
      this.report({
        kind: 'message',
        message: {
          topic,
          payload: text.decode(payload),
          qos: packet.qos,
          dup: packet.dup,
          retain: packet.retain,
          ...(packet.messageId !== undefined ? { packetId: packet.messageId } : {}),
          at: this.channel.now,
          ...receivedProperties(packet),
        },
      });
    });
    client.on('error', (e) => this.report({ kind: 'error', message: e.message }));
    client.on('close', () => this.onClosed(client));
  }

  /** A clean DISCONNECT; an MQTT 5 client may change its Session Expiry Interval with it. */
  disconnect(sessionExpiry?: number): void {
    const client = this.client;
    if (!client || this.status === 'offline') return;
    const v5 = this.config.protocolVersion === 5;
    client.end(
      false,
      v5 && sessionExpiry !== undefined
        ? { properties: { sessionExpiryInterval: sessionExpiry } }
        : {},
    );
  }

  /** The network is cut: no DISCONNECT, so the broker sends the Will. */
  drop(mode: CutMode): void {
    if (this.status === 'offline') return;
    this.socket?.cut(mode);
    this.client?.end(true);
  }

  subscribe(filter: string, o: SubscribeOptions): Promise<number[]> {
    const client = this.client;
    if (!client || this.status !== 'connected') return Promise.reject(new Error('not connected'));
    const opts =
      this.config.protocolVersion === 5
        ? {
            qos: o.qos,
            nl: o.noLocal,
            rap: o.retainAsPublished,
            rh: o.retainHandling,
            ...(o.subscriptionIdentifier !== undefined
              ? { properties: { subscriptionIdentifier: o.subscriptionIdentifier } }
              : {}),
          }
        : { qos: o.qos };
    return new Promise((resolve, reject) => {
      client.subscribe(filter, opts, (err, granted) => {
        if (err) reject(err);
        else resolve((granted ?? []).map((g) => g.qos));
      });
    });
  }

  unsubscribe(filter: string): void {
    if (this.status === 'connected') this.client?.unsubscribe(filter);
  }

  publish(topic: string, payload: string, o: PublishOptions): void {
    const client = this.client;
    if (!client || this.status !== 'connected') return;
    const v5 = this.config.protocolVersion === 5;
    const properties = v5 ? publishProperties(o) : {};
    let sentTopic = topic;
    if (v5 && o.topicAlias !== undefined) {
      properties.topicAlias = o.topicAlias;
      // The broker already knows what the alias stands for: the topic can be left out.
      if (this.aliasesSent.get(o.topicAlias) === topic) sentTopic = '';
      else this.aliasesSent.set(o.topicAlias, topic);
    }
    client.publish(sentTopic, payload, {
      qos: o.qos,
      retain: o.retain,
      ...(Object.keys(properties).length ? { properties } : {}),
    });
  }

  /**
   * Publishes `count` messages at `rate` per second of simulated time; `payloadOf(i)` names
   * each. At rate 0 they all go at once in simulated time: the page publishes them in slices
   * over as many frames as it takes, holding simulated time meanwhile.
   */
  burst(
    topic: string,
    count: number,
    rate: number,
    o: PublishOptions,
    payloadOf: (i: number) => string,
  ): void {
    // A new burst replaces a timed one; one published at once goes after any still in slices
    // (clicked twice, both are published in full).
    this.clearBurstTimer();
    let i = 0;
    if (rate <= 0) {
      const release = this.channel.hold();
      let stopped = false;
      const stop = () => {
        if (stopped) return;
        stopped = true;
        release();
        this.sliced.delete(stop);
      };
      this.sliced.add(stop);
      this.channel.slice(() => {
        if (stopped) return false;
        const end = Math.min(count, i + BURST_SLICE);
        for (; i < end && this.status === 'connected'; i++) this.publish(topic, payloadOf(i), o);
        if (i < count && this.status === 'connected') return true;
        stop();
        return false;
      });
      return;
    }
    const step = () => {
      if (i < count) this.publish(topic, payloadOf(i++), o);
      if (i >= count || this.status !== 'connected') this.clearBurstTimer();
    };
    step();
    if (i < count) this.burstTimer = this.channel.timer.set(step, 1000 / rate);
  }

  /** Stops every burst under way: the timed one, and those being published at once. */
  stopBurst(): void {
    this.clearBurstTimer();
    for (const stop of [...this.sliced]) stop();
  }

  private clearBurstTimer(): void {
    if (this.burstTimer !== undefined) this.channel.timer.clear(this.burstTimer);
    this.burstTimer = undefined;
  }

  setHoldAcks(hold: boolean): void {
    this.gate.holding = hold;
  }

  get holdingAcks(): boolean {
    return this.gate.holding;
  }

  /** Sends held acknowledgements, oldest first (all of them without a count). */
  release(count?: number): void {
    const socket = this.socket;
    const bytes = this.gate.release(count);
    if (socket && this.status === 'connected') for (const b of bytes) socket.sendRaw(b);
    this.report({ kind: 'held', count: this.gate.held.length });
  }

  /** Ends everything (the playground is reset or the client removed). */
  destroy(): void {
    this.stopBurst();
    // Nothing the old client says after this reaches the views (a reset reuses the name).
    this.client?.removeAllListeners();
    this.client?.end(true);
    this.client = undefined;
  }

  private openSocket(url: string): PortSocket {
    const socket = this.channel.openSocket(url);
    this.onSocket?.(socket.conn);
    // mqtt.js says nothing of a socket that fails before its CONNACK (a remote broker the
    // browser cannot reach): the reason goes on the client's card.
    socket.addEventListener('error', (e) => {
      if (e.reason) this.report({ kind: 'error', message: e.reason });
    });
    socket.outgoing = (bytes) => {
      const before = this.gate.held.length;
      const out = this.gate.filter(bytes);
      // Only a change is news: every write reporting it re-rendered the client on every frame.
      if (this.gate.held.length !== before)
        this.report({ kind: 'held', count: this.gate.held.length });
      return out;
    };
    this.socket = socket;
    return socket;
  }

  private onClosed(client: MqttClient): void {
    if (client !== this.client) return;
    this.stopBurst();
    this.gate.forget();
    this.report({ kind: 'held', count: 0 });
    this.socket = undefined;
    this.client = undefined;
    client.removeAllListeners();
    client.end(true);
    this.setStatus('offline');
  }

  private setStatus(status: ClientStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.report({ kind: 'status', status });
  }
}
