import { Duplex } from 'node:stream';
import type { Tap } from '../tap';

/**
 * A Node stream between an mqtt.js client and its transport (a socket, a WebSocket stream, an
 * in-memory pipe) that passes every byte through a Tap: recorded both ways, acknowledgements
 * held when asked. The client is unmodified; it sees an ordinary stream.
 */
export class TapStream extends Duplex {
  private silenced = false;

  constructor(
    private readonly inner: Duplex,
    private readonly tap: Tap,
  ) {
    super({ allowHalfOpen: false });
    tap.attach({
      write: (bytes) => {
        if (!this.silenced && !inner.destroyed) inner.write(bytes);
      },
      silence: () => {
        this.silenced = true;
      },
      cut: () => inner.destroy(),
    });
    inner.on('data', (chunk: Buffer) => {
      if (this.silenced) return;
      tap.incoming(chunk);
      this.push(chunk);
    });
    inner.on('end', () => {
      if (!this.silenced) this.push(null);
    });
    let failure: Error | undefined;
    inner.on('error', (e: Error) => {
      failure = e;
      if (!this.silenced) this.destroy(e);
    });
    inner.on('close', () => {
      tap.closed(failure);
      if (!this.silenced) this.destroy();
    });
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (e?: Error) => void): void {
    const out = this.tap.outgoing(chunk);
    if (this.silenced || out.byteLength === 0 || this.inner.destroyed) {
      callback();
      return;
    }
    this.inner.write(out, (e) => callback(e ?? undefined));
  }

  override _final(callback: () => void): void {
    if (!this.silenced) this.inner.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A silenced connection stays open (its Wire closes it later).
    if (!this.silenced) this.inner.destroy();
    callback(error);
  }
}
