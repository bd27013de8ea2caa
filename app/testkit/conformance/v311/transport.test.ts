/**
 * MQTT 3.1.1 conformance: the transports of the Node host (MQTT over TCP and over WebSocket,
 * chapters 6 and 7), on loopback, with a broker on a virtual clock behind them.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import mqtt from 'mqtt';
import { listenTcp, type Listening } from '../../../host/tcp';
import { listenWs, WS_PATH } from '../../../host/ws';
import type { Harness } from '../../harness';
import { connectPacket, gen } from '../../rawClient';
import { standard } from './v311Kit';

const LOOPBACK = '127.0.0.1';
const open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

async function wsServer(h: Harness): Promise<number> {
  const l = await listenWs(h.broker, { host: LOOPBACK, port: 0 });
  open.push(l);
  return l.port;
}

/** A WebSocket to the broker offering the given subprotocols; resolves once open. */
function wsClient(port: number, protocols: string[] = ['mqtt']) {
  const ws = new WebSocket(`ws://${LOOPBACK}:${port}${WS_PATH}`, protocols);
  const frames: { bytes: Buffer; binary: boolean }[] = [];
  ws.on('message', (data: Buffer, binary: boolean) =>
    frames.push({ bytes: Buffer.from(data), binary }),
  );
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed, opened };
}

const until = async (what: () => boolean) => {
  for (let i = 0; i < 1000 && !what(); i++) await new Promise((r) => setTimeout(r, 5));
  return what();
};

describe('MQTT 3.1.1 over WebSocket', () => {
  it('[MQTT-6.0.0-1] packets go in binary frames; a text frame closes the connection', async () => {
    const h = standard();
    const c = wsClient(await wsServer(h));
    await c.opened;
    c.ws.send(gen(connectPacket('ws-bin', 4)));
    expect(await until(() => c.frames.length === 1)).toBe(true);
    expect(c.frames[0]).toEqual({ bytes: Buffer.from('20020000', 'hex'), binary: true });
    c.ws.send(gen({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 0 }] }));
    expect(await until(() => c.frames.length === 2)).toBe(true);
    // A PUBLISH to 't' whose bytes are valid UTF-8 (30 05 00 01 74 78 78), sent as a text frame.
    c.ws.send('0\u0005\u0000\u0001txx', { binary: false });
    await c.closed;
    expect(c.frames.map((f) => f.binary)).toEqual([true, true]);
    expect(h.of('message.published')).toEqual([]);
    expect(await until(() => h.of('connection.closed').length > 0)).toBe(true);
    expect(h.of('connection.closed').map((e) => e.clientId)).toEqual(['ws-bin']);
  }, 15_000);

  it('[MQTT-6.0.0-2] packets need not be aligned on frames: split across frames, several in one', async () => {
    const h = standard();
    const c = wsClient(await wsServer(h));
    await c.opened;
    const connect = Buffer.from(gen(connectPacket('ws-split', 4)));
    c.ws.send(connect.subarray(0, 5));
    c.ws.send(connect.subarray(5));
    const sub = Buffer.from(
      gen({ cmd: 'subscribe', messageId: 3, subscriptions: [{ topic: 't', qos: 0 }] }),
    );
    const ping = Buffer.from('c000', 'hex');
    c.ws.send(Buffer.concat([sub, ping, ping.subarray(0, 1)]));
    c.ws.send(ping.subarray(1));
    const all = () => Buffer.concat(c.frames.map((f) => f.bytes)).toString('hex');
    expect(await until(() => all().length >= 26)).toBe(true);
    expect(all()).toBe('20020000' + '9003000300' + 'd000' + 'd000');
    c.ws.close();
  }, 15_000);

  it('[MQTT-6.0.0-4] the subprotocol the broker selects is "mqtt"', async () => {
    const h = standard();
    const c = wsClient(await wsServer(h), ['other', 'mqtt']);
    await c.opened;
    expect(c.ws.protocol).toBe('mqtt');
    c.ws.close();
  }, 15_000);
});

describe('MQTT 3.1.1 conformance of the server as a whole', () => {
  it('[MQTT-7.1.1-1] [MQTT-7.0.0-2] over TCP, an ordered lossless byte stream, a stock MQTT.js 3.1.1 client works with no extension', async () => {
    const h = standard();
    const l = await listenTcp(h.broker, { host: LOOPBACK, port: 0 });
    open.push(l);
    const c = mqtt.connect({
      host: LOOPBACK,
      port: l.port,
      protocolVersion: 4,
      clientId: 'stock',
      reconnectPeriod: 0,
    });
    await new Promise<void>((resolve, reject) => {
      c.once('connect', () => resolve());
      c.once('error', reject);
    });
    const got: string[] = [];
    c.on('message', (_t, payload) => got.push(payload.toString()));
    await c.subscribeAsync('t/#', { qos: 2 });
    for (let i = 0; i < 30; i++) await c.publishAsync('t/x', `${i}`, { qos: (i % 3) as 0 | 1 | 2 });
    expect(await until(() => got.length === 30)).toBe(true);
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => `${i}`));
    await c.endAsync();
    // Raw bytes dribbled one at a time over the stream make the same packets.
    const socket: Socket = tcpConnect(l.port, LOOPBACK);
    const bytes: Buffer[] = [];
    socket.on('data', (b) => bytes.push(b));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const sent = Buffer.concat([
      Buffer.from(gen(connectPacket('dribble', 4))),
      Buffer.from('c000', 'hex'),
    ]);
    for (const b of sent) {
      socket.write(Buffer.of(b));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await until(() => Buffer.concat(bytes).length >= 6)).toBe(true);
    expect(Buffer.concat(bytes).toString('hex')).toBe('20020000d000');
    socket.destroy();
  }, 15_000);
});
