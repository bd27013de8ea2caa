/**
 * MQTT 5.0 §4.7 topic names and filters: no wildcards in a name, `$` topics kept from
 * wildcard-first filters, at least one character, no U+0000, at most 65,535 bytes, and matching
 * without any normalisation.
 */
import { describe, expect, it } from 'vitest';
import { RC } from '../../../broker/packets';
import type { Harness } from '../../harness';
import { topicFilterError, topicNameError } from '../../../broker/topics';
import { std } from './operation-fixtures';

function publisher(h: Harness) {
  const p = h.client(5);
  p.connect({ clientId: 'P' });
  return p;
}

describe('MQTT 5 §4.7 topic names and topic filters', () => {
  it('[MQTT-4.7.0-1] a PUBLISH whose topic name holds a wildcard closes the connection (0x90)', () => {
    for (const topic of ['a/+', 'a/#', '+', 'a/b#']) {
      const h = std();
      const s = h.client(5);
      s.connect({ clientId: 'S' });
      s.subscribe('#', 1);
      const p = publisher(h);
      p.publish(topic, 'x', 1);
      expect(p.last('disconnect')).toMatchObject({ reasonCode: RC.topicNameInvalid });
      expect(p.closedByBroker).toBe(true);
      expect(s.publishes()).toEqual([]);
    }
  });

  it('[MQTT-4.7.2-1] filters starting with # or + do not match topic names starting with $', () => {
    const h = std();
    const wild = h.client(5);
    wild.connect({ clientId: 'W' });
    wild.subscribe(['#', '+/x', '+/+'], 1);
    const sys = h.client(5);
    sys.connect({ clientId: 'D' });
    sys.subscribe(['$SYS/#', '$x/+'], 1);
    const p = publisher(h);
    p.publish('$SYS/x', 'sys', 1);
    p.publish('$x/y', 'dollar', 1);
    p.publish('a/x', 'plain', 1);
    expect(wild.payloads()).toEqual(['plain']);
    expect(sys.payloads()).toEqual(['sys', 'dollar']);
  });

  it('[MQTT-4.7.3-1] an empty topic name (no Topic Alias) closes the connection; an empty filter is refused', () => {
    const h = std();
    const s = h.client(5);
    s.connect({ clientId: 'S' });
    expect(s.subscribe('', 1)).toEqual([RC.topicFilterInvalid]);
    expect(s.subscribe('$share/g/', 1)).toEqual([RC.topicFilterInvalid]);
    const p = publisher(h);
    p.publish('', 'x', 1);
    expect(p.last('disconnect')?.reasonCode).toBeGreaterThanOrEqual(0x80);
    expect(p.closedByBroker).toBe(true);
    expect(h.of('message.published')).toEqual([]);
  });

  it('[MQTT-4.7.3-2] U+0000 in a topic name or a topic filter is a malformed packet: the connection is closed (0x81)', () => {
    const h = std();
    const w = h.client(5);
    w.connect({ clientId: 'W' });
    w.subscribe('#', 1);
    const s = h.client(5);
    s.connect({ clientId: 'S' });
    expect(s.subscribe('a/\u0000', 1)).toEqual([]);
    expect(s.last('disconnect')).toMatchObject({ reasonCode: RC.malformedPacket });
    expect(s.closedByBroker).toBe(true);
    const p = publisher(h);
    p.publish('a/\u0000b', 'x', 1);
    expect(p.last('disconnect')).toMatchObject({ reasonCode: RC.malformedPacket });
    expect(p.closedByBroker).toBe(true);
    expect(w.publishes()).toEqual([]);
    expect(h.broker.sessions().find((x) => x.clientId === 'S')).toBeUndefined();
  });

  it('[MQTT-4.7.3-3] names and filters up to 65,535 bytes pass; longer ones are refused by the checks', () => {
    const h = std();
    const longest = 'a/' + 'b'.repeat(65_533);
    const s = h.client(5);
    s.connect({ clientId: 'S' });
    expect(s.subscribe(longest, 1)).toEqual([1]);
    publisher(h).publish(longest, 'x', 1);
    expect(s.publishes().map((p) => p.topic.length)).toEqual([65_535]);
    // The wire's 2-byte length cannot say more; the broker's checks refuse more all the same.
    expect(topicNameError('a'.repeat(65_536))).toMatch(/65535/);
    expect(topicNameError('é'.repeat(32_768))).toMatch(/65535/);
    expect(topicFilterError('a/' + '#'.padStart(65_535, 'b'))).toMatch(/65535/);
    expect(topicNameError('é'.repeat(32_767))).toBeUndefined();
  });

  it('[MQTT-4.7.3-4] matching does no normalisation: case, Unicode forms, slashes and spaces count', () => {
    const h = std();
    const s = h.client(5);
    s.connect({ clientId: 'S' });
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    s.subscribe(['ACCOUNTS', `u/${nfc}`, 'a/b', 'sp/x'], 1);
    const p = publisher(h);
    for (const t of ['Accounts', `u/${nfd}`, 'a//b', '/a/b', 'a/b/', 'sp/x ', 'sp/ x']) {
      p.publish(t, t, 1);
    }
    expect(s.publishes()).toEqual([]);
    for (const t of ['ACCOUNTS', `u/${nfc}`, 'a/b', 'sp/x']) p.publish(t, t, 1);
    expect(s.payloads()).toEqual(['ACCOUNTS', `u/${nfc}`, 'a/b', 'sp/x']);
    expect(s.publishes()[1]!.topic).toBe(`u/${nfc}`);
  });
});
