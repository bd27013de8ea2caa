import { createBroker } from '../broker/broker';
import { type AccessRules, type Broker, type ProfileName, type ProfileOverrides } from '../broker';
import { formatEvent, LOGGED_TYPES } from './log';
import { createSystemClock } from './systemClock';
import { listenTcp, type Listening } from './tcp';
import { listenWs } from './ws';

/** What the Node host runs: where to listen, and the broker's profile and rules. */
export interface HostOptions {
  host: string;
  /** MQTT over TCP; 0 picks a free port. */
  port: number;
  /** MQTT over WebSocket (path /mqtt); off when undefined, 0 picks a free port. */
  wsPort?: number;
  profile: ProfileName;
  overrides: ProfileOverrides;
  seed: number;
  access: AccessRules;
  /** Bytes waiting for a client that does not read before it is cut (see SLOW_CONSUMER_BYTES). */
  maxBuffered?: number;
}

export interface StartOptions extends HostOptions {
  /** Receives one line per connection, session and replay event worth logging. */
  log?: (line: string) => void;
}

export interface Host {
  readonly tcpPort: number;
  readonly wsPort: number | undefined;
  readonly broker: Broker;
  /** Closes every connection and listener and cancels the broker's timers. */
  close(): Promise<void>;
}

/**
 * Starts the broker core on TCP (and WebSocket) in real time. The host only moves bytes and
 * logs events: every MQTT rule is the core's.
 */
export async function startHost(options: StartOptions): Promise<Host> {
  const clock = createSystemClock();
  const broker = createBroker({
    clock,
    profile: options.profile,
    overrides: options.overrides,
    seed: options.seed,
    access: options.access,
  });
  const peers = new Map<number, string>();
  const log = options.log;
  const peerOf = (connId: number) => peers.get(connId);
  const stopLog = log
    ? broker.subscribe((event) => {
        // Most events are per message: they are passed over without a call.
        if (!LOGGED_TYPES.has(event.type)) return;
        const line = formatEvent(event, peerOf);
        if (line !== undefined) log(line);
      })
    : undefined;
  const onPeer = (connId: number, peer: string | undefined) => {
    if (peer === undefined) peers.delete(connId);
    else peers.set(connId, peer);
  };
  const onSlow = (connId: number, buffered: number) =>
    log?.(
      `connection #${connId} (${peerOf(connId) ?? 'gone'}): the client is not reading, ${buffered} bytes waiting; connection cut`,
    );
  const adapter = { host: options.host, onPeer, onSlow } as const;
  const withLimit =
    options.maxBuffered === undefined ? adapter : { ...adapter, maxBuffered: options.maxBuffered };

  const listeners: Listening[] = [];
  const stopAll = async () => {
    // Shutting down is not news: the log stops before every connection is closed.
    stopLog?.();
    broker.close();
    await Promise.all(listeners.map((l) => l.close()));
    clock.dispose();
  };
  try {
    const tcp = await listenTcp(broker, { ...withLimit, port: options.port });
    listeners.push(tcp);
    const ws =
      options.wsPort === undefined
        ? undefined
        : await listenWs(broker, { ...withLimit, port: options.wsPort });
    if (ws) listeners.push(ws);
    let closing: Promise<void> | undefined;
    return {
      tcpPort: tcp.port,
      wsPort: ws?.port,
      broker,
      close: () => (closing ??= stopAll()),
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
