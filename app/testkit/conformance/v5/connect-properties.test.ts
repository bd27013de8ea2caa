// MQTT 5.0 conformance, 3.1.2.10-3.1.3.1 and 3.2.2.3: what CONNECT's and CONNACK's properties bind.
import { describe, expect, it } from 'vitest';
import { harness } from '../../harness';
import { gen } from '../../rawClient';
import { WireClient, connect5, open5, publish5, subscribe5 } from './connect-wire';

describe('MQTT 5 Keep Alive (3.1.2.10, 3.2.2.3.14)', () => {
  it('[MQTT-3.1.2-22] a client silent for 1.5 × Keep Alive is closed then, not before; any packet restarts the count', () => {
    const h = harness({ profile: 'standard' });
    const c = open5(h, 'c', { keepalive: 10 });
    h.clock.advance(14_000);
    c.send(publish5('t', 'x'));
    h.clock.advance(14_999);
    expect(c.closed).toBe(false);
    h.clock.advance(1);
    expect(c.closed).toBe(true);
    expect(h.of('connection.closed').map((e) => e.reason)).toEqual(['keepalive-timeout']);
  });

  it('[MQTT-3.2.2-22] without a Server Keep Alive in CONNACK, the client’s Keep Alive is the one used', () => {
    const h = harness({ profile: 'standard' });
    const c = open5(h, 'c', { keepalive: 20 });
    expect(c.of('connack')[0]!.properties?.serverKeepAlive).toBeUndefined();
    h.clock.advance(29_999);
    expect(c.closed).toBe(false);
    h.clock.advance(1);
    expect(c.closed).toBe(true);
    // When the broker does send one (aws lowers 2000 to 1200), it is that one it holds to.
    const a = harness({ profile: 'aws' });
    const d = open5(a, 'd', { keepalive: 2000 });
    expect(d.of('connack')[0]!.properties?.serverKeepAlive).toBe(1200);
    a.clock.advance(1_800_000);
    expect(d.closed).toBe(true);
  });
});

describe('MQTT 5 Maximum Packet Size (3.1.2.11.4)', () => {
  it('[MQTT-3.1.2-24] no PUBLISH larger than the client’s Maximum Packet Size', () => {
    const h = harness({ profile: 'standard' });
    const c = open5(h, 'c', { properties: { maximumPacketSize: 64 } });
    c.send(subscribe5('t', 1));
    const p = open5(h, 'p');
    for (const n of [10, 50, 55, 56, 57, 58, 100, 1000]) p.send(publish5('t', 'x'.repeat(n), 1));
    expect(c.frames.length).toBeGreaterThan(2);
    for (const f of c.frames) expect(f.length).toBeLessThanOrEqual(64);
    // 56 bytes of payload make 64 bytes of PUBLISH (30 len 0001 74 id id 00): the last that fits.
    expect(c.of('publish').map((m) => m.payload.length)).toEqual([10, 50, 55, 56]);
  });

  it('[MQTT-3.1.2-25] a packet too large is discarded unsent, as if sent: it takes no Receive Maximum slot and is not stored', () => {
    const h = harness({ profile: 'standard' });
    const props = { maximumPacketSize: 64, receiveMaximum: 1, sessionExpiryInterval: 600 };
    const c = open5(h, 'c', { clean: false, properties: props });
    c.send(subscribe5('t', 1));
    const p = open5(h, 'p');
    p.send(publish5('t', 'x'.repeat(200), 1, { messageId: 1 }));
    p.send(publish5('t', 'small', 1, { messageId: 2 }));
    // The small one goes at once although nothing was acknowledged: the large one is done with.
    expect(c.of('publish').map((m) => m.payload.toString())).toEqual(['small']);
    expect(h.of('message.dropped').map((e) => e.reason)).toEqual(['too-large-for-client']);
    c.send({ cmd: 'puback', messageId: c.of('publish')[0]!.messageId! });
    // Nothing of it is left to send on resume.
    c.cut();
    const back = open5(h, 'c', { clean: false, properties: props });
    expect(back.of('connack')[0]!.sessionPresent).toBe(true);
    expect(back.of('publish')).toEqual([]);
  });
});

describe('MQTT 5 Topic Alias Maximum (3.1.2.11.5)', () => {
  it('[MQTT-3.1.2-26] no Topic Alias above the client’s Topic Alias Maximum (2)', () => {
    const h = harness({ profile: 'standard' });
    const c = open5(h, 'c', { properties: { topicAliasMaximum: 2 } });
    c.send(subscribe5('t/#', 0));
    const p = open5(h, 'p');
    for (const t of ['t/a', 't/b', 't/c', 't/d', 't/a', 't/c']) p.send(publish5(t, 'x'));
    const aliases = c.of('publish').map((m) => m.properties?.topicAlias);
    expect(aliases.filter((a) => a !== undefined).length).toBeGreaterThan(0);
    for (const a of aliases) if (a !== undefined) expect(a).toBeLessThanOrEqual(2);
    expect(aliases).toEqual([1, 2, undefined, undefined, 1, undefined]);
  });

  it('[MQTT-3.1.2-27] Topic Alias Maximum absent or 0: no Topic Alias at all', () => {
    for (const properties of [undefined, { topicAliasMaximum: 0 }]) {
      const h = harness({ profile: 'standard' });
      const c = open5(h, 'c', properties ? { properties } : {});
      c.send(subscribe5('t/#', 0));
      const p = open5(h, 'p');
      for (const t of ['t/a', 't/a', 't/b']) p.send(publish5(t, 'x'));
      expect(c.of('publish').map((m) => [m.topic, m.properties?.topicAlias])).toEqual([
        ['t/a', undefined],
        ['t/a', undefined],
        ['t/b', undefined],
      ]);
    }
  });
});

describe('MQTT 5 Request Response / Problem Information (3.1.2.11.6-7)', () => {
  it('[MQTT-3.1.2-28] Request Response Information 0: the CONNACK holds no Response Information', () => {
    for (const requestResponseInformation of [false, true]) {
      const h = harness();
      const c = open5(h, 'c', { properties: { requestResponseInformation } });
      const connack = c.of('connack')[0]!;
      expect(connack.reasonCode).toBe(0);
      expect(connack.properties?.responseInformation).toBeUndefined();
      // Property 0x1A (Response Information) is not in the bytes.
      expect([...c.framesOf(2)[0]!.subarray(5)].includes(0x1a)).toBe(false);
    }
  });

  it('[MQTT-3.1.2-29] Request Problem Information 0: no Reason String or User Property on SUBACK, UNSUBACK, PUBACK, PUBREC, PUBCOMP', () => {
    const h = harness({ profile: 'standard' });
    const c = open5(h, 'c', { properties: { requestProblemInformation: false } });
    c.send(subscribe5('bad/#/x', 1)); // refused: 0x8F
    c.send(subscribe5('$share/g', 1, 2)); // refused
    c.send({ cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['never'] }); // 0x11
    c.send(publish5('nobody', 'x', 1, { messageId: 4 })); // PUBACK 0x10
    c.send(publish5('nobody', 'x', 2, { messageId: 5 })); // PUBREC 0x10
    c.send({ cmd: 'pubrel', messageId: 6 }); // PUBCOMP 0x92 (no such packet id)
    const answers = c.received.filter((p) => p.cmd !== 'connack');
    expect(answers.map((p) => p.cmd)).toEqual([
      'suback',
      'suback',
      'unsuback',
      'puback',
      'pubrec',
      'pubcomp',
    ]);
    expect(c.of('suback').flatMap((s) => s.granted)).toEqual([0x8f, 0x8f]);
    expect(answers.slice(3).map((p) => (p as { reasonCode?: number }).reasonCode)).toEqual([
      0x10, 0x10, 0x92,
    ]);
    for (const p of answers) {
      const props = (p as { properties?: Record<string, unknown> }).properties ?? {};
      expect(props.reasonString).toBeUndefined();
      expect(props.userProperties).toBeUndefined();
    }
  });
});

describe('MQTT 5 zero-length client id (3.1.3.1, 3.2.2.3.7)', () => {
  it('[MQTT-3.1.3-6] a zero-length ClientID is given a unique one: two such clients get two, and neither takes over', () => {
    const h = harness();
    const a = open5(h, '');
    const b = open5(h, '');
    const ids = [a, b].map((c) => c.of('connack')[0]!.properties?.assignedClientIdentifier);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(2);
    expect(a.closed || b.closed).toBe(false);
    expect(
      h.broker
        .sessions()
        .map((s) => s.clientId)
        .sort(),
    ).toEqual([...ids].sort());
  });

  it('[MQTT-3.1.3-7] the CONNECT is processed under the assigned ClientID, returned as Assigned Client Identifier', () => {
    const h = harness({ profile: 'standard' });
    const keep = { clean: false, properties: { sessionExpiryInterval: 600 } };
    // mqtt-packet will not write an empty id with Clean Start 0: clear the flag in the bytes.
    const bytes = gen(connect5('', { ...keep, clean: true }), 5);
    expect(bytes[9]! & 0x02).toBe(0x02);
    bytes[9] = bytes[9]! & ~0x02;
    const a = new WireClient(h);
    a.send(bytes);
    const id = a.of('connack')[0]!.properties!.assignedClientIdentifier!;
    a.send(subscribe5('t', 1));
    a.cut();
    open5(h, 'p').send(publish5('t', 'for the assigned id', 1));
    const back = open5(h, id, keep);
    expect(back.of('connack')[0]!.sessionPresent).toBe(true);
    expect(back.of('publish').map((m) => m.payload.toString())).toEqual(['for the assigned id']);
  });

  it('[MQTT-3.2.2-16] the Assigned Client Identifier is not used by any other session, even one whose id looks like it', () => {
    const h = harness();
    const first = open5(h, '');
    const assigned = first.of('connack')[0]!.properties!.assignedClientIdentifier!;
    // Clients that chose the ids the broker would assign next.
    const next = (n: number) =>
      assigned.replace(/[0-9a-f]+$/, (d) =>
        (parseInt(d, 16) + n).toString(16).padStart(d.length, '0'),
      );
    const squatters = [1, 2, 3].map((n) => open5(h, next(n)));
    const c = open5(h, '');
    const mine = c.of('connack')[0]!.properties!.assignedClientIdentifier!;
    expect([assigned, next(1), next(2), next(3)]).not.toContain(mine);
    for (const s of squatters) {
      expect(s.closed).toBe(false);
      expect(s.of('disconnect')).toEqual([]);
    }
    expect(first.closed).toBe(false);
  });
});

describe('MQTT 5 Maximum QoS (3.2.2.3.4)', () => {
  it('[MQTT-3.2.2-9] a broker without QoS 2 (aws) sends Maximum QoS 1 in CONNACK; with QoS 2 it sends none', () => {
    const aws = open5(harness({ profile: 'aws' }), 'c').of('connack')[0]!;
    expect(aws.properties?.maximumQoS).toBe(1);
    const std = open5(harness({ profile: 'standard' }), 'c').of('connack')[0]!;
    expect(std.properties?.maximumQoS).toBeUndefined();
  });

  it('[MQTT-3.2.2-10] without QoS 2 (aws), SUBSCRIBE with Requested QoS 0, 1 and 2 is still accepted', () => {
    const h = harness({ profile: 'aws' });
    const c = open5(h, 'c');
    c.send(subscribe5('a', 0, 1));
    c.send(subscribe5('b', 1, 2));
    c.send(subscribe5('c', 2, 3));
    expect(c.of('suback').map((s) => s.granted[0])).toEqual([0, 1, 1]);
    expect(c.closed).toBe(false);
    open5(h, 'p').send(publish5('c', 'x', 1));
    expect(c.of('publish').map((m) => [m.topic, m.qos])).toEqual([['c', 1]]);
  });
});
