import { connect, createServer } from 'node:net';

/** A port free on 127.0.0.1 at the time of asking (for a server a test or bench starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Waits until something accepts TCP connections on 127.0.0.1:`port`. `failed` is asked between
 * tries and stops the wait with its message (a child process that exited, say).
 */
export async function waitForPort(
  port: number,
  { ms = 10_000, failed }: { ms?: number; failed?: () => string | undefined } = {},
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const why = failed?.();
    if (why) throw new Error(why);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
