/**
 * mqtt.js alone in a page: the ceiling of `npm run bench:page`'s burst. Two real mqtt.js
 * clients (the page's own build of it, on the page's PortSocket) joined by a loopback that
 * costs next to nothing: it acks what the sender publishes and hands the same bytes to the
 * receiver, sixteen packets a task, as the broker's worker sends them. No broker, no event
 * log, no store, no React, no drawing: what is left is what the two clients take.
 */
import { Buffer } from 'buffer';
import mqtt from 'mqtt';
import { PortSocket } from '../../../app/transport/portSocket';

type Client = ReturnType<typeof mqtt.connect>;

/** Packets handed to a client per task (the worker's MAX_BATCH). */
const CHUNK = 16;
/** Messages the sender publishes per task (the page's burst publishes in slices too). */
const SLICE = 256;
/** A burst that has not arrived by then never will: said, not waited for. */
const STUCK_MS = 60_000;

const tasks: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => tasks.shift()?.();
const task = (fn: () => void) => {
  tasks.push(fn);
  channel.port2.postMessage(null);
};

/** Whole packets out of what a client wrote: [type, bytes, fixed header's length] each. */
function* packets(bytes: Uint8Array): Generator<[number, Uint8Array, number]> {
  let at = 0;
  while (at < bytes.length) {
    let length = 0;
    let shift = 0;
    let i = at + 1;
    for (;;) {
      if (i >= bytes.length) throw new Error('a packet cut off in one write');
      const b = bytes[i++]!;
      length += (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) break;
    }
    yield [bytes[at]! >> 4, bytes.subarray(at, i + length), i - at];
    at = i + length;
  }
}

/** Gathers packets for a socket and hands them over CHUNK at a time, each in a task. */
function deliverer(socket: () => PortSocket) {
  let queued: Uint8Array[] = [];
  return (packet: Uint8Array) => {
    queued.push(packet);
    if (queued.length > 1) return;
    task(() => {
      const all = queued;
      queued = [];
      for (let i = 0; i < all.length; i += CHUNK) {
        const chunk = Buffer.concat(all.slice(i, i + CHUNK));
        task(() => socket().received(chunk));
      }
    });
  };
}

/** A sender and a receiver, connected through the loopback. */
async function pair(): Promise<{ sender: Client; receiver: Client }> {
  const sockets: PortSocket[] = [];
  const toSender = deliverer(() => sockets[0]!);
  const toReceiver = deliverer(() => sockets[1]!);
  const sink = {
    send(conn: number, bytes: Uint8Array) {
      for (const [type, packet, header] of packets(bytes)) {
        if (type === 1) task(() => sockets[conn]!.received(new Uint8Array([0x20, 2, 0, 0])));
        if (type === 3 && conn === 0) {
          // QoS 1: the packet id follows the topic.
          const idAt = header + 2 + ((packet[header]! << 8) | packet[header + 1]!);
          toSender(new Uint8Array([0x40, 2, packet[idAt]!, packet[idAt + 1]!]));
          toReceiver(packet.slice());
        }
      }
    },
    close() {},
  };
  const connect = (conn: number) =>
    new Promise<Client>((resolve, reject) => {
      const client = mqtt.connect('ws://loopback.invalid/mqtt', {
        protocolVersion: 4,
        keepalive: 0,
        reconnectPeriod: 0,
        forceNativeWebSocket: true,
        createWebsocket: () => {
          const socket = new PortSocket(conn, 'ws://loopback.invalid/mqtt', sink);
          sockets[conn] = socket;
          task(() => socket.opened());
          return socket as unknown as WebSocket;
        },
      });
      client.on('connect', () => resolve(client));
      const failed = (why: string) => () => reject(new Error(`the loopback client ${why}`));
      client.on('error', failed('failed'));
      client.on('close', failed('closed before it connected'));
    });
  return { sender: await connect(0), receiver: await connect(1) };
}

/** One burst of `count` QoS 1 messages: deliveries per second to the receiver. */
async function burst(count: number): Promise<number> {
  const { sender, receiver } = await pair();
  const start = performance.now();
  await new Promise<void>((done, fail) => {
    let got = 0;
    const stuck = setTimeout(
      () => fail(new Error(`only ${got} of ${count} delivered after ${STUCK_MS / 1000} s`)),
      STUCK_MS,
    );
    receiver.on('message', () => {
      if (++got < count) return;
      clearTimeout(stuck);
      done();
    });
    let sent = 0;
    const step = () => {
      for (const end = Math.min(count, sent + SLICE); sent < end; sent++)
        sender.publish('t/burst', `message ${sent}`, { qos: 1 });
      if (sent < count) task(step);
    };
    step();
  });
  const rate = (count / (performance.now() - start)) * 1000;
  sender.end(true);
  receiver.end(true);
  return rate;
}

/** Deliveries per second of each burst, in order, one after another in this page. */
export type MqttAlone = (count: number, bursts: number) => Promise<number[]>;

const mqttAlone: MqttAlone = async (count, bursts) => {
  const rates: number[] = [];
  for (let i = 0; i < bursts; i++) rates.push(await burst(count));
  return rates;
};
(window as unknown as { mqttAlone: MqttAlone }).mqttAlone = mqttAlone;
