import { WebSocketShape } from './socketShape';

export type { SocketListener } from './socketShape';

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

/**
 * A WebSocket-like object for mqtt.js (`createWebsocket`), whose bytes travel to the broker
 * worker over the page's one port to it. It opens asynchronously, as a real WebSocket does.
 */
export class PortSocket extends WebSocketShape {
  readyState = 0;
  /** Rewrites the client's outgoing bytes (holding acks); null sends nothing. */
  outgoing: ((bytes: Uint8Array) => Uint8Array | null) | null = null;
  /** Silently cut: bytes are lost both ways and the broker is not told. */
  private severed = false;

  constructor(
    readonly conn: number,
    readonly url: string,
    private readonly sink: SocketSink,
  ) {
    super();
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

  /**
   * The connection could not be opened, or failed, for the reason given (a remote broker the
   * browser cannot reach): an `error` event with the reason, then `close`.
   */
  failed(reason: string): void {
    if (this.readyState === this.CLOSED) return;
    this.fire('error', { reason });
    this.closed(1006, reason);
  }

  /** The broker closed the connection (or it was closed here). */
  closed(code = 1000, reason = ''): void {
    if (this.readyState === this.CLOSED) return;
    this.readyState = this.CLOSED;
    // Like a real WebSocket, close is reported asynchronously.
    queueMicrotask(() => this.fire('close', { code, reason }));
  }
}
