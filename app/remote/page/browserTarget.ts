import mqtt from 'mqtt';
import { TappedSocket, type InnerSocket } from '../socketTap';
import type { Target } from '../target';

/** Opens a WebSocket the way the browser does (a test passes the `ws` package's). */
export type InnerSocketFactory = (url: string, protocols: string[]) => InnerSocket;

const browserSocket: InnerSocketFactory = (url, protocols) =>
  new WebSocket(url, protocols) as unknown as InnerSocket;

/**
 * A remote broker over the browser's own WebSocket, in real time: each mqtt.js client gets its
 * own connection, every byte through a Tap. What the page's check runs its probes against (the
 * playground's clients go through RemotePort instead, which speaks the worker's protocol).
 */
export function createBrowserTarget(o: {
  url: string;
  label: string;
  socket?: InnerSocketFactory;
}): Target {
  const open = o.socket ?? browserSocket;
  return {
    label: o.label,
    realTime: true,
    open(options, tap) {
      const client = mqtt.connect(o.url, {
        ...options,
        forceNativeWebSocket: true,
        // mqtt.js's default timers in a browser run in a Worker made from a blob: URL, which
        // the page's Content-Security-Policy refuses (worker-src): the page's own timers.
        timerVariant: 'native',
        // The URL exactly as chosen (a presigned one's query included), not mqtt.js's rebuild.
        createWebsocket: (_url: string, protocols: string[]) =>
          new TappedSocket(open(o.url, protocols), tap, (why) =>
            // mqtt.js says nothing of a socket that never opened: the client hears why.
            client.emit('error', new Error(`${why} to ${o.label}`)),
          ),
      });
      return client;
    },
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    close: async () => {},
  };
}
