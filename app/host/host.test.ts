import { connect as netConnect, createServer, type Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { generate } from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BrokerEvent } from '../broker';
import { startHost, type Host, type StartOptions } from './host';
import { LOOPBACK } from './testing/hostEnv';
import { waitFor } from './testing/waitFor';

const base: StartOptions = {
  host: LOOPBACK,
  port: 0,
  profile: 'standard',
  overrides: {},
  seed: 1,
  access: { denySubscribe: [], denyPublish: [] },
};

describe('startHost: the adapters around the broker core', () => {
  const hosts: Host[] = [];
  const clients: MqttClient[] = [];
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await Promise.all(hosts.splice(0).map((h) => h.close()));
  });

  async function host(options: Partial<StartOptions> = {}) {
    const lines: string[] = [];
    const events: BrokerEvent[] = [];
    const h = await startHost({ ...base, log: (l) => lines.push(l), ...options });
    hosts.push(h);
    h.broker.subscribe((e) => events.push(e));
    return { h, lines, events };
  }

  function client(url: string, clientId: string) {
    const c = mqtt.connect(url, { clientId, reconnectPeriod: 0, protocolVersion: 4 });
    clients.push(c);
    return new Promise<MqttClient>((resolve, reject) => {
      c.once('connect', () => resolve(c));
      c.once('error', reject);
    });
  }

  it('listens on 127.0.0.1 on free ports, TCP and WebSocket at /mqtt, one broker behind both', async () => {
    const { h, lines } = await host({ wsPort: 0 });
    expect(h.tcpPort).toBeGreaterThan(0);
    expect(h.wsPort).toBeGreaterThan(0);
    expect(h.wsPort).not.toBe(h.tcpPort);
    const overTcp = await client(`mqtt://${LOOPBACK}:${h.tcpPort}`, 'over-tcp');
    const overWs = await client(`ws://${LOOPBACK}:${h.wsPort}/mqtt`, 'over-ws');
    await overWs.subscribeAsync('x/#', { qos: 1 });
    const got = new Promise<string>((resolve) =>
      overWs.once('message', (_t, p) => resolve(String(p))),
    );
    await overTcp.publishAsync('x/y', 'across', { qos: 1 });
    expect(await got).toBe('across');
    // The log says where each connection comes from.
    expect(lines).toContainEqual(
      expect.stringMatching(/^conn 1 \(tcp 127\.0\.0\.1:\d+\) client 'over-tcp' connected/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^conn 2 \(ws 127\.0\.0\.1:\d+\) client 'over-ws' connected/),
    );
  });

  it('without --ws-port there is no WebSocket listener', async () => {
    const { h } = await host();
    expect(h.wsPort).toBeUndefined();
  });

  it('a WebSocket to another path than /mqtt is refused', async () => {
    const { h, events } = await host({ wsPort: 0 });
    const ws = new WebSocket(`ws://${LOOPBACK}:${h.wsPort}/other`, 'mqtt');
    const status = await new Promise<number | undefined>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.once('error', () => resolve(undefined));
    });
    ws.terminate();
    expect(status).toBe(400);
    expect(events.filter((e) => e.type === 'connection.opened')).toEqual([]);
  });

  it('the bytes are a stream: a CONNECT written one byte at a time is answered with CONNACK', async () => {
    const { h } = await host();
    const connect = generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      clientId: 'bytewise',
      keepalive: 0,
    });
    const socket = netConnect(h.tcpPort, LOOPBACK);
    sockets.push(socket);
    const received: Buffer[] = [];
    socket.on('data', (b: Buffer) => received.push(b));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    for (const byte of connect) {
      socket.write(Uint8Array.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => Buffer.concat(received).length >= 4, 'CONNACK');
    // CONNACK, session present 0, return code 0 [MQTT-3.2.2-*].
    expect([...Buffer.concat(received)]).toEqual([0x20, 0x02, 0x00, 0x00]);
  });

  it('garbage closes that one connection with a protocol error; the host goes on', async () => {
    const { h, events } = await host();
    const socket = netConnect(h.tcpPort, LOOPBACK);
    sockets.push(socket);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
    await closed;
    expect(events.filter((e) => e.type === 'protocol.error')).toHaveLength(1);
    await client(`mqtt://${LOOPBACK}:${h.tcpPort}`, 'still-serving');
  });

  it('close() ends every connection and frees the ports', async () => {
    const { h, events } = await host({ wsPort: 0 });
    const tcp = await client(`mqtt://${LOOPBACK}:${h.tcpPort}`, 'tcp-one');
    const ws = await client(`ws://${LOOPBACK}:${h.wsPort}/mqtt`, 'ws-one');
    const closes = [tcp, ws].map(
      (c) => new Promise<void>((resolve) => c.once('close', () => resolve())),
    );
    await h.close();
    await Promise.all(closes);
    expect(
      events
        .filter((e) => e.type === 'connection.closed')
        .map((e) => (e as { reason: string }).reason),
    ).toEqual(['server-shutdown', 'server-shutdown']);
    for (const port of [h.tcpPort, h.wsPort!]) {
      const refused = await new Promise<string>((resolve) => {
        const s = netConnect(port, LOOPBACK);
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    }
    await h.close(); // twice is fine
  });

  it('a client that stops reading is cut once too much waits for it; the others carry on', async () => {
    const { h, lines, events } = await host({ maxBuffered: 256 * 1024 });
    const slow = netConnect(h.tcpPort, LOOPBACK);
    sockets.push(slow);
    await new Promise<void>((resolve) => slow.once('connect', resolve));
    slow.write(
      generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: false,
        clientId: 'slow',
        keepalive: 0,
      }),
    );
    slow.write(
      generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't/#', qos: 0 }] }),
    );
    await waitFor(() => events.some((e) => e.type === 'subscription.added'), 'SUBSCRIBE');
    slow.pause(); // reads nothing more: the kernel's buffers fill, then the host's

    const publisher = await client(`mqtt://${LOOPBACK}:${h.tcpPort}`, 'publisher');
    const payload = Buffer.alloc(64 * 1024, 0x61);
    const cut = () =>
      events.some(
        (e) =>
          e.type === 'connection.closed' &&
          e.clientId === 'slow' &&
          e.reason === 'transport-closed',
      );
    for (let i = 0; i < 2000 && !cut(); i++) {
      await publisher.publishAsync('t/x', payload, { qos: 0 });
      if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(cut, 'the slow connection cut');
    expect(
      lines.some((l) => /client is not reading, \d+ bytes waiting; connection cut/.test(l)),
    ).toBe(true);
    // The persistent session stays; the host and its other clients go on.
    expect(h.broker.sessions().some((s) => s.clientId === 'slow')).toBe(true);
    const other = await client(`mqtt://${LOOPBACK}:${h.tcpPort}`, 'other');
    await other.subscribeAsync('u/#', { qos: 1 });
    const got = new Promise<string>((resolve) =>
      other.once('message', (_t, p) => resolve(String(p))),
    );
    await publisher.publishAsync('u/1', 'still here', { qos: 1 });
    expect(await got).toBe('still here');
  });

  it('a port in use (TCP or WebSocket) is an error from startHost', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, LOOPBACK, resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      await expect(startHost({ ...base, port: busy })).rejects.toThrow(/EADDRINUSE/);
      await expect(startHost({ ...base, wsPort: busy })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
