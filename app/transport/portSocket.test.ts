import { describe, expect, it } from 'vitest';
import { PortSocket, type SocketListener, type SocketSink } from './portSocket';

interface Recorded {
  sink: SocketSink;
  sent: [number, number[]][];
  closed: number[];
  silenced: number[];
}

function recordingSink(): Recorded {
  const rec: Recorded = {
    sent: [],
    closed: [],
    silenced: [],
    sink: {
      send: (conn, bytes) => rec.sent.push([conn, Array.from(bytes)]),
      close: (conn) => rec.closed.push(conn),
      sever: (conn) => rec.silenced.push(conn),
    },
  };
  return rec;
}

type Name = 'open' | 'message' | 'close' | 'error';

/** Records every event of a socket, through both `on*` and `addEventListener`. */
function listen(socket: PortSocket): {
  log: string[];
  events: Record<Name, Parameters<SocketListener>[0][]>;
} {
  const log: string[] = [];
  const events: Record<Name, Parameters<SocketListener>[0][]> = {
    open: [],
    message: [],
    close: [],
    error: [],
  };
  for (const name of ['open', 'message', 'close', 'error'] as const) {
    socket[`on${name}`] = (e) => {
      log.push(`on${name}`);
      events[name].push(e);
    };
    socket.addEventListener(name, () => log.push(`listener:${name}`));
  }
  return { log, events };
}

const microtask = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const text = (data: ArrayBuffer | undefined) => new TextDecoder().decode(data);

function openSocket(): {
  socket: PortSocket;
  rec: Recorded;
  log: string[];
  events: ReturnType<typeof listen>['events'];
} {
  const rec = recordingSink();
  const socket = new PortSocket(7, 'ws://x/mqtt', rec.sink);
  const { log, events } = listen(socket);
  socket.opened();
  return { socket, rec, log, events };
}

describe('PortSocket', () => {
  it('is a WebSocket look-alike: constants, url, binary type', () => {
    const socket = new PortSocket(3, 'ws://session-lab.invalid/mqtt', recordingSink().sink);
    expect([PortSocket.CONNECTING, PortSocket.OPEN, PortSocket.CLOSING, PortSocket.CLOSED]).toEqual(
      [0, 1, 2, 3],
    );
    expect([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED]).toEqual([0, 1, 2, 3]);
    expect(socket.conn).toBe(3);
    expect(socket.url).toBe('ws://session-lab.invalid/mqtt');
    expect(socket.binaryType).toBe('arraybuffer');
    expect(socket.readyState).toBe(PortSocket.CONNECTING);
  });

  it('opens only when the broker side answers, and says so to on* and listeners', async () => {
    const rec = recordingSink();
    const socket = new PortSocket(7, 'ws://x/mqtt', rec.sink);
    const { log } = listen(socket);
    await microtask();
    expect(socket.readyState).toBe(PortSocket.CONNECTING);
    expect(log).toEqual([]);
    socket.opened();
    expect(socket.readyState).toBe(PortSocket.OPEN);
    expect(log).toEqual(['onopen', 'listener:open']);
    socket.opened(); // a second answer changes nothing
    expect(log).toEqual(['onopen', 'listener:open']);
  });

  it('ignores sends before it is open', () => {
    const rec = recordingSink();
    const socket = new PortSocket(7, 'ws://x/mqtt', rec.sink);
    socket.send(new Uint8Array([1, 2]));
    socket.sendRaw(new Uint8Array([3]));
    socket.opened();
    socket.send(new Uint8Array([4]));
    expect(rec.sent).toEqual([[7, [4]]]);
  });

  it('sends typed arrays, views, ArrayBuffers and strings as copies of exactly their bytes', () => {
    const { socket, rec } = openSocket();
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    socket.send(backing.subarray(2, 5));
    socket.send(new DataView(backing.buffer, 1, 2));
    socket.send(new Uint8Array([5, 6]).buffer);
    socket.send('hi');
    expect(rec.sent).toEqual([
      [7, [1, 2, 3]],
      [7, [9, 1]],
      [7, [5, 6]],
      [7, [104, 105]],
    ]);
  });

  it('passes outgoing bytes through its filter: rewritten, or nothing sent for null', () => {
    const { socket, rec } = openSocket();
    const seen: number[][] = [];
    socket.outgoing = (bytes) => {
      seen.push(Array.from(bytes));
      return bytes[0] === 0 ? null : bytes.subarray(1);
    };
    socket.send(new Uint8Array([0, 1]));
    socket.send(new Uint8Array([1, 2, 3]));
    socket.sendRaw(new Uint8Array([0, 7])); // held acks being released skip the filter
    expect(seen).toEqual([
      [0, 1],
      [1, 2, 3],
    ]);
    expect(rec.sent).toEqual([
      [7, [2, 3]],
      [7, [0, 7]],
    ]);
  });

  it('delivers bytes from the broker as an ArrayBuffer of exactly those bytes', () => {
    const { socket, log, events } = openSocket();
    const backing = new TextEncoder().encode('xxhelloxx');
    socket.received(backing.subarray(2, 7));
    expect(log).toEqual(['onopen', 'listener:open', 'onmessage', 'listener:message']);
    const data = events.message[0]!.data!;
    expect(data).toBeInstanceOf(ArrayBuffer);
    expect(data.byteLength).toBe(5);
    expect(text(data)).toBe('hello');
  });

  it('ignores bytes from the broker before it is open', () => {
    const rec = recordingSink();
    const socket = new PortSocket(7, 'ws://x/mqtt', rec.sink);
    const { events } = listen(socket);
    socket.received(new Uint8Array([1]));
    expect(events.message).toEqual([]);
  });

  it('close(): tells the sink, is CLOSED at once, reports close asynchronously, once', async () => {
    const { socket, rec, log, events } = openSocket();
    socket.close();
    expect(socket.readyState).toBe(PortSocket.CLOSED);
    expect(rec.closed).toEqual([7]);
    expect(log).not.toContain('onclose');
    await microtask();
    expect(log.filter((l) => l.includes('close'))).toEqual(['onclose', 'listener:close']);
    expect(events.close[0]).toEqual({ code: 1000, reason: 'closed by client' });
    socket.close();
    socket.closed();
    await microtask();
    expect(rec.closed).toEqual([7]);
    expect(events.close).toHaveLength(1);
    socket.send(new Uint8Array([1]));
    socket.received(new Uint8Array([1]));
    expect(rec.sent).toEqual([]);
    expect(events.message).toEqual([]);
  });

  it('closed() from the broker: no message back to the sink, close event with its code', async () => {
    const { socket, rec, events } = openSocket();
    socket.closed(1000, 'closed by broker');
    expect(socket.readyState).toBe(PortSocket.CLOSED);
    await microtask();
    expect(events.close).toEqual([{ code: 1000, reason: 'closed by broker' }]);
    expect(rec.closed).toEqual([]);
  });

  it("cut('notice'): the broker is told at once, the client sees a 1006 close", async () => {
    const { socket, rec, events } = openSocket();
    socket.cut('notice');
    expect(rec.closed).toEqual([7]);
    expect(socket.readyState).toBe(PortSocket.CLOSED);
    await microtask();
    expect(events.close).toEqual([{ code: 1006, reason: 'network cut' }]);
  });

  it("cut('silent'): the connection is not closed, and traffic is lost both ways", async () => {
    const { socket, rec, events } = openSocket();
    socket.send(new Uint8Array([1]));
    socket.cut('silent');
    expect(rec.closed).toEqual([]);
    // The sink hears of it (a remote broker's observer stops recording), the broker does not.
    expect(rec.silenced).toEqual([7]);
    await microtask();
    expect(events.close).toEqual([{ code: 1006, reason: 'network cut' }]);
    socket.send(new Uint8Array([2]));
    socket.sendRaw(new Uint8Array([3]));
    socket.received(new Uint8Array([4]));
    socket.close(); // closing what is already cut tells no one either
    expect(rec.sent).toEqual([[7, [1]]]);
    expect(rec.closed).toEqual([]);
    expect(events.message).toEqual([]);
    expect(events.close).toHaveLength(1);
  });

  it('failed: an error event with the reason, then a close; once', async () => {
    const { socket, events, log } = openSocket();
    socket.failed('could not open a WebSocket to ws://x/mqtt');
    socket.failed('again');
    expect(events.error).toEqual([{ reason: 'could not open a WebSocket to ws://x/mqtt' }]);
    await microtask();
    expect(events.close).toEqual([
      { code: 1006, reason: 'could not open a WebSocket to ws://x/mqtt' },
    ]);
    expect(log).toEqual([
      'onopen',
      'listener:open',
      'onerror',
      'listener:error',
      'onclose',
      'listener:close',
    ]);
  });

  it('a cut before it opened still reports close, and a late open is ignored', async () => {
    const rec = recordingSink();
    const socket = new PortSocket(7, 'ws://x/mqtt', rec.sink);
    const { log } = listen(socket);
    socket.cut('notice');
    socket.opened();
    await microtask();
    expect(socket.readyState).toBe(PortSocket.CLOSED);
    expect(log).toEqual(['onclose', 'listener:close']);
  });

  it('removeEventListener stops a listener; several listeners all fire', () => {
    const rec = recordingSink();
    const socket = new PortSocket(7, 'ws://x/mqtt', rec.sink);
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    socket.addEventListener('message', a);
    socket.addEventListener('message', b);
    socket.opened();
    socket.received(new Uint8Array([1]));
    socket.removeEventListener('message', a);
    socket.received(new Uint8Array([2]));
    expect(calls).toEqual(['a', 'b', 'b']);
  });
});
