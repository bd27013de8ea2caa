/**
 * A WebSocket-like object for mqtt.js (`createWebsocket`), whose bytes travel to the broker
 * worker over the page's one port to it. It opens asynchronously, as a real WebSocket does.
 */
export type SocketListener = (event: {
  data?: ArrayBuffer;
  code?: number;
  reason?: string;
}) => void;

type EventName = 'open' | 'message' | 'close' | 'error';

export interface SocketSink {
  send(conn: number, bytes: Uint8Array): void;
  close(conn: number): void;
  /**
   * The network was cut without a word (the broker is not told): only the worker's clock hears
   * of it, so that Next event knows the broker's keep-alive deadline is now a real one.
   */
  sever?(conn: number): void;
}

/** How the network is cut: the broker notices at once, or only by keep-alive. */
export type CutMode = 'notice' | 'silent';

export class PortSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 0;
  binaryType = 'arraybuffer';
  bufferedAmount = 0;
  readonly protocol = 'mqtt';
  onopen: SocketListener | null = null;
  onmessage: SocketListener | null = null;
  onclose: SocketListener | null = null;
  onerror: SocketListener | null = null;
  private readonly listeners: Record<EventName, Set<SocketListener>> = {
    open: new Set(),
    message: new Set(),
    close: new Set(),
    error: new Set(),
  };
  /** Rewrites the client's outgoing bytes (holding acks); null sends nothing. */
  outgoing: ((bytes: Uint8Array) => Uint8Array | null) | null = null;
  /** Silently cut: bytes are lost both ways and the broker is not told. */
  private severed = false;

  constructor(
    readonly conn: number,
    readonly url: string,
    private readonly sink: SocketSink,
  ) {}

  addEventListener(name: EventName, fn: SocketListener): void {
    this.listeners[name].add(fn);
  }

  removeEventListener(name: EventName, fn: SocketListener): void {
    this.listeners[name].delete(fn);
  }

  send(data: ArrayBuffer | ArrayBufferView | string): void {
    if (this.readyState !== this.OPEN || this.severed) return;
    const bytes =
      typeof data === 'string'
        ? new TextEncoder().encode(data)
        : data instanceof ArrayBuffer
          ? new Uint8Array(data.slice(0))
          : new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    const out = this.outgoing ? this.outgoing(bytes) : bytes;
    if (out) this.sink.send(this.conn, out);
  }

  /** Sends bytes as they are (held acks being released). */
  sendRaw(bytes: Uint8Array): void {
    if (this.readyState === this.OPEN && !this.severed) this.sink.send(this.conn, bytes);
  }

  close(): void {
    if (this.readyState >= this.CLOSING) return;
    if (!this.severed) this.sink.close(this.conn);
    this.closed(1000, 'closed by client');
  }

  /** Cuts the network under the client (no DISCONNECT): the Will fires. */
  cut(mode: CutMode): void {
    if (this.readyState >= this.CLOSING) return;
    if (mode === 'silent') {
      this.severed = true;
      this.sink.sever?.(this.conn);
    } else this.sink.close(this.conn);
    this.closed(1006, 'network cut');
  }

  /** The broker side answered: the connection is open. */
  opened(): void {
    if (this.readyState !== this.CONNECTING) return;
    this.readyState = this.OPEN;
    this.fire('open', {});
  }

  /** Bytes from the broker. */
  received(bytes: Uint8Array): void {
    if (this.readyState !== this.OPEN || this.severed) return;
    const data = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    this.fire('message', { data });
  }

  /** The broker closed the connection (or it was closed here). */
  closed(code = 1000, reason = ''): void {
    if (this.readyState === this.CLOSED) return;
    this.readyState = this.CLOSED;
    // Like a real WebSocket, close is reported asynchronously.
    queueMicrotask(() => this.fire('close', { code, reason }));
  }

  private fire(name: EventName, event: Parameters<SocketListener>[0]): void {
    const handler = this[`on${name}`];
    if (handler) handler(event);
    for (const fn of this.listeners[name]) fn(event);
  }
}
