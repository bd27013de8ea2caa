/** MQTT 3.1.1 conformance: the Will Message, DISCONNECT and PINGREQ. */
import { describe, expect, it } from 'vitest';
import { hex } from '../../rawClient';
import type { Harness } from '../../harness';
import { client, got, protocolError, raw, standard } from './v311Kit';

const will = (retain = false) => ({
  topic: 'will/t',
  payload: Buffer.from('gone'),
  qos: 1 as const,
  retain,
});

/** A client subscribed to the Will's topic. */
function watcher(h: Harness) {
  const w = client(h, 'watcher');
  w.subscribe('will/#', 1);
  return w;
}

describe('MQTT 3.1.1 Will and DISCONNECT', () => {
  it('[MQTT-3.1.2-8] a Will is stored with the connection and published when it closes without DISCONNECT', () => {
    const h = standard();
    const w = watcher(h);
    const c = raw(h, 'dying', { will: will() });
    expect(w.payloads()).toEqual([]);
    c.cut();
    expect(w.payloads()).toEqual(['gone']);
    expect(w.publishes()[0]).toMatchObject({ topic: 'will/t', qos: 1 });
    // A keep-alive timeout is a close without DISCONNECT too.
    raw(h, 'silent', { will: will(), keepalive: 1 });
    h.clock.advance(1500);
    expect(w.payloads()).toEqual(['gone', 'gone']);
  });

  it('[MQTT-3.3.2-2] [MQTT-4.7.1-1] a Will Topic with a wildcard is refused at CONNECT, so no Will goes out under it', () => {
    const h = standard();
    const all = client(h, 'all');
    all.subscribe('#', 0);
    const c = raw(h);
    c.send(hex('10 14 00 04 4d 51 54 54 04 06 00 00 00 00 00 03 61 2f 23 00 01 78')); // Will 'a/#'
    expect(c.closed).toBe(true);
    expect(c.received).toEqual([]);
    expect(all.publishes()).toEqual([]);
    expect(h.of('will.published')).toEqual([]);
  });

  it('[MQTT-3.1.2-10] once published (or on DISCONNECT) the Will is removed from the session', () => {
    const h = standard();
    const w = watcher(h);
    const c = raw(h, 'once', { clean: false, will: will() });
    c.cut();
    expect(w.payloads()).toEqual(['gone']);
    // The closed connection ending again, a resume without a Will taken over and lost, a clean
    // start that discards the session: nothing of the Will is left to publish.
    c.cut();
    const back = raw(h, 'once', { clean: false });
    raw(h, 'once', { clean: false }).cut();
    back.cut();
    raw(h, 'once', { clean: true }).cut();
    expect(w.payloads()).toEqual(['gone']);
    expect(h.of('will.published')).toHaveLength(1);
    // Removed on DISCONNECT: the transport lost after it publishes nothing.
    const polite = raw(h, 'polite', { clean: false, will: will() });
    polite.send({ cmd: 'disconnect' });
    polite.cut();
    raw(h, 'polite', { clean: false }).cut();
    expect(w.payloads()).toEqual(['gone']);
  });

  it('[MQTT-3.1.2-12] without the Will Flag no Will is published when the connection ends', () => {
    const h = standard();
    const w = watcher(h);
    raw(h, 'nowill').cut();
    raw(h, 'nowill-kept', { clean: false }).cut();
    expect(w.payloads()).toEqual([]);
    expect(h.of('will.published')).toEqual([]);
  });

  it('[MQTT-3.1.2-16] Will Retain 0: the Will is published as a non-retained message', () => {
    const h = standard();
    const w = watcher(h);
    raw(h, 'plain', { will: will(false) }).cut();
    expect(w.publishes().map((p) => p.retain)).toEqual([false]);
    const late = client(h, 'late');
    late.subscribe('will/#', 1);
    expect(late.payloads()).toEqual([]);
  });

  it('[MQTT-3.1.2-17] Will Retain 1: the Will is published as a retained message', () => {
    const h = standard();
    raw(h, 'retained', { will: will(true) }).cut();
    const late = client(h, 'late');
    late.subscribe('will/#', 1);
    expect(late.publishes().map((p) => [p.payload.toString(), p.retain])).toEqual([['gone', true]]);
  });

  it('[MQTT-3.14.4-3] on DISCONNECT the Will is discarded without being published', () => {
    const h = standard();
    const w = watcher(h);
    const c = raw(h, 'polite', { will: will() });
    c.send({ cmd: 'disconnect' });
    expect(c.closed).toBe(true);
    expect(w.payloads()).toEqual([]);
    expect(h.of('will.published')).toEqual([]);
  });

  it('[MQTT-3.14.1-1] a DISCONNECT with reserved bits set is refused: the client is disconnected and its Will goes', () => {
    const h = standard();
    const w = watcher(h);
    const c = raw(h, 'odd', { will: will() });
    c.send(hex('e2 00'));
    expect(c.closed).toBe(true);
    expect(protocolError(h, c.connId)).toBe(true);
    // Not a DISCONNECT the broker accepted: the Will was not discarded.
    expect(w.payloads()).toEqual(['gone']);
  });

  it('[MQTT-3.12.4-1] a PINGREQ is answered by a PINGRESP', () => {
    const h = standard();
    const c = raw(h, 'pinger');
    c.send({ cmd: 'pingreq' });
    c.send({ cmd: 'pingreq' });
    expect(c.received.map((p) => p.cmd)).toEqual(['connack', 'pingresp', 'pingresp']);
    expect(got(c, 'pingresp')).toHaveLength(2);
  });
});
