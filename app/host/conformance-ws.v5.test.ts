/**
 * MQTT 5.0 chapter 6 (MQTT over WebSocket) and §4.2 (the transport) against the Node host on
 * 127.0.0.1: binary frames only, packets not aligned on frames, the "mqtt" subprotocol, and an
 * ordered, lossless byte stream over TCP and WebSocket.
 */
import { Buffer } from 'node:buffer';
import { connect as tcpConnect } from 'node:net';
import { generate, parser as createParser } from 'mqtt-packet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import type { Packet } from '../broker/packets';
import { startHost, type Host } from './host';
import { LOOPBACK } from './testing/hostEnv';
import { waitFor } from './testing/waitFor';
import { WS_PATH } from './ws';

const gen5 = (p: Packet): Buffer => generate(p, { protocolVersion: 5 });
const connect5 = (clientId: string): Buffer =>
  gen5({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 5,
    clientId,
    clean: true,
    keepalive: 0,
  });

/** A WebSocket MQTT client that records every frame's kind and the packets in them. */
class WsPeer {
  readonly packets: Packet[] = [];
  readonly frames: boolean[] = [];
  closed = false;
  readonly ws: WebSocket;
  private readonly parser = createParser({ protocolVersion: 5 });

  constructor(url: string, protocols: string[] = ['mqtt']) {
    this.ws = new WebSocket(url, protocols);
    this.parser.on('packet', (p: Packet) => this.packets.push(p));
    this.ws.on('message', (data: RawData, isBinary: boolean) => {
      this.frames.push(isBinary);
      this.parser.parse(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
    });
    this.ws.on('close', () => {
      this.closed = true;
    });
    this.ws.on('error', () => {});
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  cmds(): string[] {
    return this.packets.map((p) => p.cmd);
  }
}

let host: Host;
let url: string;
const peers: WsPeer[] = [];
const peer = async (protocols?: string[]) => {
  const p = new WsPeer(url, protocols);
  peers.push(p);
  await p.opened();
  return p;
};

beforeEach(async () => {
  host = await startHost({
    host: LOOPBACK,
    port: 0,
    wsPort: 0,
    profile: 'standard',
    overrides: {},
    seed: 1,
    access: { denySubscribe: [], denyPublish: [] },
  });
  url = `ws://${LOOPBACK}:${host.wsPort}${WS_PATH}`;
});

afterEach(async () => {
  for (const p of peers.splice(0)) p.ws.terminate();
  await host.close();
});

describe('MQTT 5 chapter 6: MQTT over WebSocket (Node host)', () => {
  it('[MQTT-6.0.0-1, 5.0] the broker sends binary frames only, and closes the connection on a text frame', async () => {
    const a = await peer();
    a.ws.send(connect5('A'));
    a.ws.send(
      gen5({
        cmd: 'subscribe',
        messageId: 1,
        subscriptions: [
          { topic: 't', qos: 1 },
          { topic: 'a/b', qos: 0 },
        ],
      }),
    );
    a.ws.send(
      gen5({
        cmd: 'publish',
        topic: 't',
        payload: Buffer.from('x'),
        qos: 1,
        messageId: 2,
        dup: false,
        retain: false,
      }),
    );
    await waitFor(() => a.cmds().length >= 4, 'four answers');
    expect(a.cmds().sort()).toEqual(['connack', 'puback', 'publish', 'suback']);
    expect(a.frames.every((binary) => binary)).toBe(true);

    const b = await peer();
    b.ws.send(connect5('B'));
    await waitFor(() => b.cmds().includes('connack'), 'CONNACK');
    // A QoS 0 PUBLISH to 'a/b' whose bytes are all ASCII, sent in a text frame: refused.
    b.ws.send('0\x06\x00\x03a/b\x00');
    await waitFor(() => b.closed, 'the close');
    a.ws.send(gen5({ cmd: 'pingreq' }));
    await waitFor(() => a.cmds().includes('pingresp'), 'PINGRESP');
    expect(a.packets.filter((p) => p.cmd === 'publish')).toHaveLength(1);
    await waitFor(() => !host.broker.sessions().some((s) => s.clientId === 'B'), 'B gone');
  });

  it('[MQTT-6.0.0-2, 5.0] packets need not line up with frames: two in one frame, one across three', async () => {
    const a = await peer();
    a.ws.send(
      Buffer.concat([
        connect5('A'),
        gen5({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't/#', qos: 0 }] }),
      ]),
    );
    await waitFor(() => a.cmds().length >= 2, 'CONNACK and SUBACK');
    expect(a.cmds()).toEqual(['connack', 'suback']);
    const publish = gen5({
      cmd: 'publish',
      topic: 't/x',
      payload: Buffer.from('split in three'),
      qos: 0,
      dup: false,
      retain: false,
    });
    const ping = gen5({ cmd: 'pingreq' });
    const bytes = Buffer.concat([publish, ping]);
    a.ws.send(bytes.subarray(0, 1));
    a.ws.send(bytes.subarray(1, 7));
    a.ws.send(bytes.subarray(7));
    await waitFor(() => a.cmds().length >= 4, 'PUBLISH and PINGRESP');
    expect(a.cmds()).toEqual(['connack', 'suback', 'publish', 'pingresp']);
    expect((a.packets[2] as { payload: Buffer }).payload.toString()).toBe('split in three');
  });

  it('[MQTT-6.0.0-4, 5.0] the subprotocol the broker selects is "mqtt"', async () => {
    for (const offered of [['mqtt'], ['chat', 'mqtt'], ['mqttv3.1', 'mqtt']]) {
      const p = await peer(offered);
      expect(p.ws.protocol).toBe('mqtt');
    }
  });
});

describe('MQTT 5 §4.2 network connections (Node host)', () => {
  it('[MQTT-4.2-1] TCP and WebSocket carry an ordered, lossless stream of bytes both ways', async () => {
    const sub = await peer();
    sub.ws.send(connect5('S'));
    sub.ws.send(
      gen5({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't/#', qos: 0 }] }),
    );
    await waitFor(() => sub.cmds().length >= 2, 'CONNACK and SUBACK');
    const sent: string[] = [];
    const bytes: Buffer[] = [connect5('P')];
    for (let i = 0; i < 200; i++) {
      const payload = `${i}:` + 'x'.repeat((i * 37) % 3000);
      sent.push(payload);
      bytes.push(
        gen5({
          cmd: 'publish',
          topic: `t/${i % 7}`,
          payload: Buffer.from(payload),
          qos: 0,
          dup: false,
          retain: false,
        }),
      );
    }
    const tcp = tcpConnect(host.tcpPort, LOOPBACK);
    await new Promise<void>((resolve) => tcp.once('connect', () => resolve()));
    // All of it in small, uneven writes.
    const all = Buffer.concat(bytes);
    for (let at = 0; at < all.length; at += 1000) tcp.write(all.subarray(at, at + 1000));
    await waitFor(() => sub.packets.length >= 202, '200 messages', 10_000);
    tcp.destroy();
    const got = sub.packets.slice(2).map((p) => (p as { payload: Buffer }).payload.toString());
    expect(got).toEqual(sent);
  });
});
