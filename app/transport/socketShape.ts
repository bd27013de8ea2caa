/** What a WebSocket tells its listeners: bytes, or how it closed. */
export type SocketListener = (event: {
  data?: ArrayBuffer;
  code?: number;
  reason?: string;
}) => void;

export type SocketEventName = 'open' | 'message' | 'close' | 'error';

/**
 * As much of a WebSocket as mqtt.js's browser path uses (`createWebsocket`): the state
 * constants, `on…` handlers and listeners. The playground's PortSocket and the remote run's
 * TappedSocket each say how bytes move; this says how they are heard.
 */
export abstract class WebSocketShape {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  abstract readonly readyState: number;
  binaryType = 'arraybuffer';
  bufferedAmount = 0;
  readonly protocol = 'mqtt';
  onopen: SocketListener | null = null;
  onmessage: SocketListener | null = null;
  onclose: SocketListener | null = null;
  onerror: SocketListener | null = null;
  private readonly listeners: Record<SocketEventName, Set<SocketListener>> = {
    open: new Set(),
    message: new Set(),
    close: new Set(),
    error: new Set(),
  };

  addEventListener(name: SocketEventName, fn: SocketListener): void {
    this.listeners[name].add(fn);
  }

  removeEventListener(name: SocketEventName, fn: SocketListener): void {
    this.listeners[name].delete(fn);
  }

  protected fire(name: SocketEventName, event: Parameters<SocketListener>[0]): void {
    const handler = this[`on${name}`];
    if (handler) handler(event);
    for (const fn of this.listeners[name]) fn(event);
  }
}
