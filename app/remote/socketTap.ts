import { WebSocketShape } from '../transport/socketShape';
import type { Tap } from './tap';

/** As much of a WebSocket as TappedSocket wraps (the browser's, or MemorySocket). */
export interface InnerSocket {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(): void;
  addEventListener(name: 'open' | 'message' | 'close' | 'error', fn: (e: never) => void): void;
}

const CLOSED = 3;

/**
 * A WebSocket for mqtt.js (`createWebsocket`, the browser path) that passes every byte of an
 * inner one through a Tap: recorded both ways, and silenced or cut when the observation layer
 * says so. mqtt.js is unmodified: it sees an ordinary WebSocket. The page's counterpart of the
 * Node TapStream.
 */
export class TappedSocket extends WebSocketShape {
  private silenced = false;
  private opened = false;
  private closeFired = false;

  constructor(
    private readonly inner: InnerSocket,
    private readonly tap: Tap,
    /** Told once, in words, when the socket fails before it opened (the browser says no more). */
    private readonly onFailure?: (why: string) => void,
  ) {
    super();
    inner.binaryType = 'arraybuffer';
    tap.attach({
      write: (bytes) => {
        if (!this.silenced && inner.readyState === TappedSocket.OPEN) inner.send(bytes);
      },
      silence: () => {
        this.silenced = true;
      },
      cut: () => inner.close(),
    });
    inner.addEventListener('open', () => {
      this.opened = true;
      if (!this.silenced) this.fire('open', {});
    });
    inner.addEventListener('message', (e: { data: unknown }) => {
      if (this.silenced) return;
      const bytes = toBytes(e.data);
      if (!bytes) return;
      tap.incoming(bytes);
      this.fire('message', { data: copyBuffer(bytes) });
    });
    inner.addEventListener('error', () => {});
    inner.addEventListener('close', (e: { code?: number; reason?: string }) => {
      const why = this.opened ? undefined : 'could not open the WebSocket';
      tap.closed(why === undefined ? undefined : new Error(why));
      if (why !== undefined) this.onFailure?.(why);
      if (!this.silenced) this.fireClose(e.code ?? 1006, e.reason ?? '');
    });
  }

  get readyState(): number {
    return this.silenced || this.closeFired ? CLOSED : this.inner.readyState;
  }

  send(data: ArrayBuffer | ArrayBufferView | string): void {
    if (this.silenced || this.inner.readyState !== TappedSocket.OPEN) return;
    const bytes =
      typeof data === 'string'
        ? new TextEncoder().encode(data)
        : (toBytes(data) ?? new Uint8Array());
    const out = this.tap.outgoing(bytes);
    if (out.byteLength > 0) this.inner.send(out);
  }

  close(): void {
    // A silenced connection stays open (its Wire closes it later); the client still hears it go.
    if (this.silenced) this.fireClose(1006, 'network cut');
    else this.inner.close();
  }

  private fireClose(code: number, reason: string): void {
    if (this.closeFired) return;
    this.closeFired = true;
    queueMicrotask(() => this.fire('close', { code, reason }));
  }
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

const copyBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
