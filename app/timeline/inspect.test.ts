import { describe, expect, it } from 'vitest';
import type { BrokerEvent, BrokerEventType, EventOf } from '../broker';
import { awayStory, HOUR, publishMany, returnA } from '../broker/rules/fixtures';
import { harness, type Harness } from '../testkit/harness';
import { simTime } from '../broker/time';
import { describeEvent, eventBySeq, hexRows, indexOfSeq, inspectEvent } from './inspect';
import { isPacket } from './packetView';
import { ruleById } from './rules';

/**
 * The seed's story to the end, with packet tracing on (`awayStory` of the fixtures): 5 QoS 1
 * messages and one QoS 0 while A is away, then A returns.
 */
function seedStory() {
  const { h, publisher } = awayStory('aws', { tracePackets: true });
  publishMany(publisher, 5);
  publisher.publish('t/x', 'q0', 0);
  h.clock.advance(5000);
  returnA(h);
  h.clock.advance(10_000);
  return h;
}

const one = <T extends BrokerEventType>(
  h: Harness,
  type: T,
  pick: (e: EventOf<T>) => boolean = () => true,
) => {
  const found = h.of(type).filter(pick);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const field = (fields: { name: string; value: string }[] | undefined, name: string) =>
  fields?.find((f) => f.name === name)?.value;

describe('inspectEvent on the seed story', () => {
  const h = seedStory();

  it('the resumed CONNACK: rule [MQTT-3.2.2-1..3, 3.1.1], sessionPresent true, bytes 20 02 01 00', () => {
    const connack = one(h, 'connack.sent', (e) => e.sessionPresent);
    const i = inspectEvent(connack, h.events);
    expect(i.title).toBe('A: CONNACK sessionPresent=1');
    expect(i.summary).toMatch(/sessionPresent=1: a stored session was found and resumed/);
    expect(i.rule?.id).toBe('MQTT-3.2.2-1..3');
    expect(i.rule?.text).toBe(ruleById('MQTT-3.2.2-1..3')!.text);
    expect(i.packet).toMatchObject({ direction: 'out', cmd: 'connack', size: 4 });
    expect(field(i.packet?.fields, 'cmd')).toBe('CONNACK');
    expect(field(i.packet?.fields, 'sessionPresent')).toBe('true');
    expect(field(i.packet?.fields, 'returnCode')).toBe('0x00 (accepted)');
    expect(i.packet?.hex).toEqual(['20 02 01 00']);
    expect(i.packet?.hex[0]!.slice(0, 2)).toBe('20');
    // What followed: the session is resumed and the replay starts with the first message.
    expect(i.followed.map((f) => f.text)).toEqual([
      'A: session resumed (5 stored, 1 subscription)',
      'A: replay of 5 stored messages at 10 msg/s',
      'm#1 sent to A (QoS 1, packet id 1, replay)',
      'A: replay paced, 1 sent, 4 to go',
    ]);
  });

  it('the first CONNACK says sessionPresent=0, and the packet is that connection’s', () => {
    const first = h.of('connack.sent').find((e) => e.clientId === 'A')!;
    const i = inspectEvent(first, h.events);
    expect(i.title).toBe('A: CONNACK sessionPresent=0');
    expect(i.packet?.hex).toEqual(['20 02 00 00']);
    expect(field(i.packet?.fields, 'sessionPresent')).toBe('false');
  });

  it('a replayed message.sent: AWS-replay, with the PUBLISH that carried it', () => {
    const sent = one(h, 'message.sent', (e) => e.msgId === 4);
    const i = inspectEvent(sent, h.events);
    expect(i.title).toBe('m#4 sent to A (QoS 1, packet id 4, replay)');
    expect(i.rule?.id).toBe('AWS-replay');
    expect(i.packet).toMatchObject({ direction: 'out', cmd: 'publish', size: 11 });
    const f = i.packet!.fields;
    expect(field(f, 'cmd')).toBe('PUBLISH');
    expect(field(f, 'topic')).toBe('t/x');
    expect(field(f, 'qos')).toBe('1');
    expect(field(f, 'dup')).toBe('false');
    expect(field(f, 'retain')).toBe('false');
    expect(field(f, 'packetId')).toBe('4');
    expect(field(f, 'payload')).toBe('m3');
    expect(field(f, 'payloadLength')).toBe('2');
    // 0x32: PUBLISH, QoS 1; then the length, topic "t/x", packet id 4 and "m3".
    expect(i.packet!.hex).toEqual(['32 09 00 03 74 2f 78 00 04 6d 33']);
    expect(i.summary).toMatch(/m#4 \(t\/x, “m3”, QoS 1 from B\) sent to A as packet id 4/);
    expect(i.followed.map((f) => f.text)).toEqual(['A acknowledged m#4 (PUBACK, packet id 4)']);
  });

  it('a QoS 0 message dropped while A is away: AWS-store, and nothing follows', () => {
    const dropped = one(h, 'message.dropped');
    const i = inspectEvent(dropped, h.events);
    expect(i.title).toBe('m#6 dropped for A: QoS 0 while away');
    expect(i.rule?.id).toBe('AWS-store');
    expect(i.summary).toMatch(/will never reach A: .*QoS 0 messages are not stored/);
    expect(i.packet).toBeUndefined();
    expect(i.followed).toEqual([]);
  });

  it('a stored message: AWS-store; it is followed by its replay and its acknowledgement', () => {
    const stored = one(h, 'message.stored', (e) => e.msgId === 2);
    const i = inspectEvent(stored, h.events);
    expect(i.title).toBe('m#2 stored for A (client away)');
    expect(i.rule?.id).toBe('AWS-store');
    expect(i.followed).toEqual([
      { seq: expect.any(Number), at: 5100, text: 'm#2 sent to A (QoS 1, packet id 2, replay)' },
      { seq: expect.any(Number), at: 5100, text: 'A acknowledged m#2 (PUBACK, packet id 2)' },
    ]);
  });

  it('a publish: the PUBLISH that came in, and the message’s whole way to A', () => {
    const published = one(h, 'message.published', (e) => e.msgId === 1);
    const i = inspectEvent(published, h.events);
    expect(i.title).toBe('m#1 published by B on t/x: “m0” (QoS 1)');
    expect(i.packet).toMatchObject({ direction: 'in', cmd: 'publish' });
    expect(field(i.packet?.fields, 'payload')).toBe('m0');
    expect(i.followed.map((f) => f.text)).toEqual([
      'm#1 routed to A (QoS 1)',
      'm#1 stored for A (client away)',
      'm#1 sent to A (QoS 1, packet id 1, replay)',
      'A acknowledged m#1 (PUBACK, packet id 1)',
    ]);
  });

  it('the DISCONNECT: the expiry starts (AWS-expiry), with the DISCONNECT packet', () => {
    const closed = h.of('connection.closed')[0]!;
    const i = inspectEvent(closed, h.events);
    expect(i.title).toBe('A: connection #1 closed (DISCONNECT)');
    expect(i.rule?.id).toBe('AWS-expiry');
    expect(i.packet?.hex).toEqual(['e0 00']);
    expect(i.followed.map((f) => f.text)).toEqual(['A: session expires at 1:18:01.9']);
  });

  it('the expiry scheduled: nominal and actual time, ended by the resume', () => {
    const scheduled = one(h, 'session.expiry-scheduled');
    const i = inspectEvent(scheduled, h.events);
    expect(i.rule?.id).toBe('AWS-expiry');
    expect(i.summary).toBe(
      'A is away: the session expires at 1:18:01.9 (nominal 1:00:00.0, plus 18 min 2 s of extra delay), unless the client comes back first.',
    );
    expect(i.followed.map((f) => f.text)).toEqual([
      'A: session resumed (5 stored, 1 subscription)',
    ]);
  });

  it('the resume: AWS-subs; the replay follows, one message every 100 ms, up to its end', () => {
    const i = inspectEvent(one(h, 'session.resumed'), h.events);
    expect(i.rule?.id).toBe('AWS-subs');
    expect(i.followed.map((f) => [f.at, f.text])).toEqual([
      [5000, 'A: replay of 5 stored messages at 10 msg/s'],
      [5000, 'm#1 sent to A (QoS 1, packet id 1, replay)'],
      [5100, 'm#2 sent to A (QoS 1, packet id 2, replay)'],
      [5200, 'm#3 sent to A (QoS 1, packet id 3, replay)'],
      [5300, 'm#4 sent to A (QoS 1, packet id 4, replay)'],
      [5400, 'm#5 sent to A (QoS 1, packet id 5, replay)'],
      [5400, 'A: replay finished, 5 sent in 0.4 s'],
    ]);
  });

  it('a packet event is inspected as itself, with the event it carried and its rule', () => {
    const packet = h.events.find(
      (e) => e.type === 'packet.out' && e.cmd === 'connack' && e.connId === 3,
    )!;
    const i = inspectEvent(packet, h.events);
    expect(i.title).toBe('broker → A: CONNACK (4 bytes)');
    expect(i.rule?.id).toBe('MQTT-3.2.2-1..3');
    expect(i.packet?.hex).toEqual(['20 02 01 00']);
    expect(i.followed[0]!.text).toBe('A: CONNACK sessionPresent=1');
  });

  it('an acknowledgement is matched to its PUBACK by packet id', () => {
    const ack = one(h, 'message.acknowledged', (e) => e.msgId === 3);
    const i = inspectEvent(ack, h.events);
    expect(i.packet).toMatchObject({ direction: 'in', cmd: 'puback' });
    expect(field(i.packet?.fields, 'packetId')).toBe('3');
  });

  it('lists at most 8 events under what followed', () => {
    for (const e of h.events)
      expect(inspectEvent(e, h.events).followed.length).toBeLessThanOrEqual(8);
  });
});

describe('inspectEvent: other rules', () => {
  it('MQTT 5: the CONNACK properties are listed flattened, decoded at version 5', () => {
    const h = harness({ profile: 'aws', tracePackets: true });
    h.client(5).connect({
      clientId: 'A',
      clean: false,
      properties: { sessionExpiryInterval: 7 * 24 * 3600 },
    });
    const i = inspectEvent(h.of('connack.sent')[0]!, h.events);
    const f = i.packet!.fields;
    expect(field(f, 'reasonCode')).toBe('0x00 (success)');
    expect(field(f, 'properties.sessionExpiryInterval')).toBe('3600');
    expect(field(f, 'properties.maximumQoS')).toBe('1');
    expect(field(f, 'properties.receiveMaximum')).toBe('100');
    const connect = inspectEvent(h.of('connect.received')[0]!, h.events);
    expect(connect.rule?.id).toBe('MQTT-3.1.2-4..6');
    expect(field(connect.packet?.fields, 'properties.sessionExpiryInterval')).toBe('604800');
    expect(field(connect.packet?.fields, 'protocolVersion')).toBe('5');
  });

  it('MQTT 5: Clean Start=0 without a Session Expiry Interval is the pitfall (MQTT-3.1.2-23, 5.0)', () => {
    const h = harness({ profile: 'standard', tracePackets: true });
    const a = h.client(5);
    a.connect({ clientId: 'A', clean: false });
    a.disconnect();
    const connect = inspectEvent(h.of('connect.received')[0]!, h.events);
    expect(connect.rule?.id).toBe('MQTT-3.1.2-23');
    expect(connect.summary).toMatch(/nothing is kept once the connection ends/);
    const discarded = inspectEvent(h.of('session.discarded')[0]!, h.events);
    expect(discarded.title).toBe('A: session discarded (connection ended), 0 messages discarded');
    expect(discarded.rule?.id).toBe('MQTT-3.1.2-6');
    const closed = inspectEvent(h.of('connection.closed')[0]!, h.events);
    expect(closed.rule?.id).toBe('MQTT-3.1.2-6');
  });

  it('a clean start discards the session: its messages and subscription go (MQTT-3.1.2-6, 3.1.1)', () => {
    const { h, publisher } = awayStory('aws', { tracePackets: true });
    publishMany(publisher, 2);
    h.client().connect({ clientId: 'A', clean: true });
    const i = inspectEvent(h.of('session.discarded')[0]!, h.events);
    expect(i.title).toBe('A: session discarded (clean start), 2 messages discarded');
    expect(i.rule?.id).toBe('MQTT-3.1.2-6');
    expect(i.followed.map((f) => f.text)).toEqual([
      'm#1 dropped for A: session discarded',
      'm#2 dropped for A: session discarded',
      'A: subscription to t/# ended with the session',
      'A: new clean session',
      'A: CONNACK sessionPresent=0',
    ]);
    const connect = inspectEvent(h.of('connect.received').at(-1)!, h.events);
    expect(connect.rule?.id).toBe('MQTT-3.1.2-6');
  });

  it('an expired session: AWS-expiry, with what it discarded', () => {
    const { h, publisher } = awayStory('aws', { tracePackets: true });
    publishMany(publisher, 1);
    h.clock.advance(2 * HOUR);
    const i = inspectEvent(h.of('session.expired')[0]!, h.events);
    expect(i.title).toBe('A: session expired, 1 message discarded');
    expect(i.rule?.id).toBe('AWS-expiry');
    expect(i.followed.map((f) => f.text)).toEqual([
      'm#1 dropped for A: session expired',
      'A: subscription to t/# ended with the session',
    ]);
    const dropped = inspectEvent(h.of('message.dropped')[0]!, h.events);
    expect(dropped.rule?.id).toBe('AWS-expiry');
  });

  it('takeover (MQTT 5): rule [MQTT-3.1.4-2, 3.1.1], the DISCONNECT 0x8E to the earlier connection [MQTT-3.1.4-3, 5.0]', () => {
    const h = harness({ profile: 'standard', tracePackets: true });
    const opts = { clientId: 'A', clean: false, properties: { sessionExpiryInterval: 60 } };
    h.client(5).connect(opts);
    h.client(5).connect(opts);
    const i = inspectEvent(h.of('takeover')[0]!, h.events);
    expect(i.title).toBe('A: taken over, connection #1 closed for #2');
    expect(i.rule?.id).toBe('MQTT-3.1.4-2');
    expect(i.packet).toMatchObject({ direction: 'out', cmd: 'disconnect' });
    expect(field(i.packet?.fields, 'reasonCode')).toBe('0x8E (session taken over)');
    expect(i.followed.map((f) => f.text)).toContain('A: connection #1 closed (taken over)');
    expect(i.followed.map((f) => f.text)).toContain('A: CONNACK sessionPresent=1');
  });

  it('keep-alive timeout and Will: [MQTT-3.1.2-24, 3.1.1], and the Will’s way to a subscriber', () => {
    const h = harness({ profile: 'standard', tracePackets: true });
    const watcher = h.client();
    watcher.connect({ clientId: 'W' });
    watcher.subscribe('will/#', 1);
    const c = h.client();
    c.connect({
      clientId: 'A',
      keepalive: 10,
      will: { topic: 'will/A', payload: Buffer.from('gone'), qos: 1, retain: false },
    });
    c.hang();
    h.clock.advance(15_000);
    const closed = inspectEvent(h.of('connection.closed').at(-1)!, h.events);
    expect(closed.title).toBe('A: connection #2 closed (keep-alive timeout)');
    expect(closed.rule?.id).toBe('MQTT-3.1.2-24');
    expect(closed.followed.map((f) => f.text)).toContain('A: Will published on will/A (m#1)');
    const will = inspectEvent(h.of('will.published')[0]!, h.events);
    expect(will.rule?.id).toBe('MQTT-3.1.2-24');
    expect(will.followed.map((f) => f.text)).toEqual([
      'm#1 routed to W (QoS 1)',
      'm#1 sent to W (QoS 1, packet id 1)',
      'W acknowledged m#1 (PUBACK, packet id 1)',
    ]);
    const published = inspectEvent(h.of('message.published')[0]!, h.events);
    expect(published.title).toBe('m#1 published by A on will/A: “gone” (QoS 1, Will)');
    expect(published.rule?.id).toBe('MQTT-3.1.2-24');
    expect(published.packet).toBeUndefined();
  });

  it('standard: an unacknowledged message is sent again with DUP=1 (MQTT-4.4.0-1, 3.1.1)', () => {
    const { h, publisher } = awayStory('standard', { tracePackets: true });
    const a = returnA(h, 4, true);
    publisher.publish('t/x', 'u0', 1);
    a.drop();
    returnA(h);
    const stored = inspectEvent(
      h.of('message.stored').find((e) => e.reason === 'unacknowledged')!,
      h.events,
    );
    expect(stored.title).toBe('m#1 stored for A (not acknowledged)');
    expect(stored.rule?.id).toBe('AWS-store');
    const i = inspectEvent(h.of('message.resent')[0]!, h.events);
    expect(i.title).toBe('m#1 sent again to A (packet id 1, DUP=1)');
    expect(i.rule?.id).toBe('MQTT-4.4.0-1');
    expect(field(i.packet?.fields, 'dup')).toBe('true');
    expect(i.packet?.hex[0]!.slice(0, 2)).toBe('3a');
  });

  it('a stored message whose expiry passes is dropped (MQTT-3.3.2-5)', () => {
    const { h, publisher } = awayStory('standard', { version: 5, tracePackets: true });
    publisher.publish('t/x', 'soon', 1, { properties: { messageExpiryInterval: 5 } });
    h.clock.advance(6000);
    const i = inspectEvent(h.of('message.dropped')[0]!, h.events);
    expect(i.title).toBe('m#1 dropped for A: message expired');
    expect(i.rule?.id).toBe('MQTT-3.3.2-5');
    const published = inspectEvent(h.of('message.published')[0]!, h.events);
    expect(field(published.packet?.fields, 'properties.messageExpiryInterval')).toBe('5');
    expect(published.followed.map((f) => f.text)).toContain('m#1 dropped for A: message expired');
  });

  it('protocol errors that carry out a rule: QoS 2 on AWS, SEI raised on DISCONNECT', () => {
    const aws = harness({ profile: 'aws', tracePackets: true });
    const c = aws.client(5);
    c.connect({ clientId: 'A' });
    c.publish('t/x', 'two', 2);
    const qos2 = inspectEvent(aws.of('protocol.error')[0]!, aws.events);
    expect(qos2.rule?.id).toBe('MQTT-3.2.2-11');
    expect(field(qos2.packet?.fields, 'reasonCode')).toBe('0x9B (qos not supported)');
    const closed = inspectEvent(aws.of('connection.closed')[0]!, aws.events);
    expect(closed.rule?.id).toBe('MQTT-3.2.2-11');

    const std = harness({ profile: 'standard', tracePackets: true });
    const d = std.client(5);
    d.connect({ clientId: 'A', clean: false });
    d.disconnect({ properties: { sessionExpiryInterval: 10 } });
    expect(inspectEvent(std.of('protocol.error')[0]!, std.events).rule?.id).toBe(
      'MQTT5-3.14.2.2.2',
    );
  });

  it('a QoS 2 subscription on AWS is granted QoS 1 (MQTT-3.2.2-11)', () => {
    const h = harness({ profile: 'aws', tracePackets: true });
    const c = h.client();
    c.connect({ clientId: 'A' });
    c.subscribe('t/#', 2);
    const i = inspectEvent(h.of('subscription.added')[0]!, h.events);
    expect(i.title).toBe('A: subscribed to t/# (QoS 2 asked, 1 granted)');
    expect(i.rule?.id).toBe('MQTT-3.2.2-11');
    expect(field(i.packet?.fields, 'subscriptions[0].topic')).toBe('t/#');
    expect(field(i.packet?.fields, 'subscriptions[0].qos')).toBe('2');
  });

  it('payloads: long text is cut, binary shows as hex, both with their length', () => {
    const h = harness({ profile: 'standard', tracePackets: true });
    const c = h.client();
    c.connect({ clientId: 'B' });
    c.publish('t/long', 'é'.repeat(500), 0);
    c.publish('t/bin', Uint8Array.from([0, 255, 1]), 0);
    const [long, bin] = h.of('message.published').map((e) => inspectEvent(e, h.events));
    expect(field(long!.packet?.fields, 'payload')).toBe(`${'é'.repeat(200)}…`);
    expect(field(long!.packet?.fields, 'payloadLength')).toBe('1000');
    expect(long!.title).toBe(`m#1 published by B on t/long: “${'é'.repeat(24)}…” (QoS 0)`);
    expect(field(bin!.packet?.fields, 'payload')).toBe('hex 00 ff 01');
    expect(field(bin!.packet?.fields, 'payloadLength')).toBe('3');
    expect(bin!.title).toBe('m#2 published by B on t/bin: 3 bytes of binary (QoS 0)');
    expect(long!.packet!.hex.length).toBe(64);
  });

  it('without packet tracing there is no packet, and the rest still works', () => {
    const h = harness({ profile: 'aws' });
    const a = h.client();
    a.connect({ clientId: 'A', clean: false });
    a.subscribe('t/#', 1);
    a.disconnect();
    returnA(h);
    const i = inspectEvent(h.of('connack.sent').at(-1)!, h.events);
    expect(i.rule?.id).toBe('MQTT-3.2.2-1..3');
    expect(i.packet).toBeUndefined();
    expect(i.followed.map((f) => f.text)).toEqual([
      'A: session resumed (0 stored, 1 subscription)',
    ]);
  });
});

describe('hex dump and lookup', () => {
  it('rows of 16 bytes, and a last row for what is left out', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => i);
    expect(hexRows(bytes)).toEqual([
      '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f',
      '10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f',
      '20 21 22 23 24 25 26 27',
    ]);
    expect(hexRows(bytes, 1)).toEqual([
      '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f',
      '… 24 more bytes',
    ]);
    expect(hexRows(new Uint8Array(0))).toEqual([]);
  });

  it('finds events by seq with a binary search', () => {
    const h = seedStory();
    for (const e of h.events) expect(eventBySeq(h.events, e.seq)).toBe(e);
    expect(indexOfSeq(h.events, 0)).toBe(-1);
    expect(eventBySeq(h.events, h.events.length + 1)).toBeUndefined();
  });

  it('inspects an event that is not in the log as if it came last', () => {
    const h = seedStory();
    const ghost = { ...h.events.at(-1)!, seq: 10_000 } as BrokerEvent;
    expect(() => inspectEvent(ghost, h.events)).not.toThrow();
  });
});

// One event of each type: `Record` makes the compiler ask for a new type when one is added.
const at = simTime(1000);
const bytes = Uint8Array.from([0x20, 0x02, 0x01, 0x00]);
const SAMPLES: Record<BrokerEventType, { event: BrokerEvent; text: string }> = {
  'connection.opened': {
    event: { type: 'connection.opened', connId: 3, seq: 1, at },
    text: 'Connection #3 opened',
  },
  'connection.closed': {
    event: {
      type: 'connection.closed',
      connId: 3,
      clientId: 'A',
      reason: 'transport-closed',
      seq: 2,
      at,
    },
    text: 'A: connection #3 closed (network lost)',
  },
  'connect.received': {
    event: {
      type: 'connect.received',
      connId: 3,
      clientId: 'A',
      protocolVersion: 5,
      clean: false,
      keepalive: 60,
      sessionExpiry: 3600,
      will: { topic: 'w/A', qos: 1, retain: false, delay: 5 },
      seq: 3,
      at,
    },
    text: 'A: CONNECT (MQTT 5) Clean Start=0, SEI 1 h, keep-alive 60 s, Will on w/A',
  },
  'connack.sent': {
    event: {
      type: 'connack.sent',
      connId: 3,
      clientId: 'A',
      protocolVersion: 4,
      sessionPresent: false,
      code: 5,
      sessionExpiry: 0,
      keepalive: 0,
      seq: 4,
      at,
    },
    text: 'A: CONNACK refused, code 0x05',
  },
  'session.created': {
    event: { type: 'session.created', clientId: '', persistent: false, expiry: 0, seq: 5, at },
    text: '(empty id): new clean session',
  },
  'session.resumed': {
    event: {
      type: 'session.resumed',
      clientId: 'A',
      stored: 3,
      inflight: 2,
      subscriptions: 2,
      seq: 6,
      at,
    },
    text: 'A: session resumed (3 stored, 2 unacknowledged, 2 subscriptions)',
  },
  'session.expiry-scheduled': {
    event: {
      type: 'session.expiry-scheduled',
      clientId: 'A',
      nominalAt: simTime(HOUR),
      actualAt: simTime(HOUR + 60_000),
      seq: 7,
      at,
    },
    text: 'A: session expires at 1:01:00.0',
  },
  'session.expired': {
    event: { type: 'session.expired', clientId: 'A', discardedMessages: 12, seq: 8, at },
    text: 'A: session expired, 12 messages discarded',
  },
  'session.discarded': {
    event: {
      type: 'session.discarded',
      clientId: 'A',
      reason: 'protocol-version-changed',
      discardedMessages: 1,
      seq: 9,
      at,
    },
    text: 'A: session discarded (protocol version changed), 1 message discarded',
  },
  'subscription.added': {
    event: {
      type: 'subscription.added',
      clientId: 'A',
      filter: 't/#',
      requestedQos: 1,
      grantedQos: 1,
      noLocal: false,
      retainAsPublished: false,
      retainHandling: 0,
      replaced: false,
      seq: 10,
      at,
    },
    text: 'A: subscribed to t/# (QoS 1)',
  },
  'subscription.refused': {
    event: {
      type: 'subscription.refused',
      clientId: 'A',
      filter: 'a/#/b',
      code: 0x8f,
      reason: 'invalid-filter',
      seq: 11,
      at,
    },
    text: 'A: subscription to a/#/b refused (invalid filter)',
  },
  'subscription.removed': {
    event: {
      type: 'subscription.removed',
      clientId: 'A',
      filter: 't/#',
      reason: 'unsubscribe',
      seq: 12,
      at,
    },
    text: 'A: unsubscribed from t/#',
  },
  'message.published': {
    event: {
      type: 'message.published',
      msgId: 12,
      clientId: 'B',
      topic: 't/x',
      qos: 1,
      retain: true,
      payload: new TextEncoder().encode('m3'),
      seq: 13,
      at,
    },
    text: 'm#12 published by B on t/x: “m3” (QoS 1, retained)',
  },
  'message.routed': {
    event: { type: 'message.routed', msgId: 12, clientId: 'A', qos: 1, seq: 14, at },
    text: 'm#12 routed to A (QoS 1)',
  },
  'message.stored': {
    event: {
      type: 'message.stored',
      msgId: 12,
      clientId: 'A',
      reason: 'client-away',
      queued: 1,
      seq: 15,
      at,
    },
    text: 'm#12 stored for A (client away)',
  },
  'message.dropped': {
    event: {
      type: 'message.dropped',
      msgId: 12,
      clientId: 'A',
      reason: 'qos0-while-away',
      seq: 16,
      at,
    },
    text: 'm#12 dropped for A: QoS 0 while away',
  },
  'message.sent': {
    event: {
      type: 'message.sent',
      msgId: 12,
      clientId: 'A',
      packetId: 7,
      qos: 1,
      retain: false,
      replay: true,
      seq: 17,
      at,
    },
    text: 'm#12 sent to A (QoS 1, packet id 7, replay)',
  },
  'message.resent': {
    event: {
      type: 'message.resent',
      msgId: 12,
      clientId: 'A',
      packetId: 9,
      previousPacketId: 7,
      dup: false,
      seq: 18,
      at,
    },
    text: 'm#12 sent again to A (packet id 9, was 7)',
  },
  'message.acknowledged': {
    event: {
      type: 'message.acknowledged',
      msgId: 12,
      clientId: 'A',
      packetId: 9,
      qos: 2,
      seq: 19,
      at,
    },
    text: 'A acknowledged m#12 (PUBCOMP, packet id 9)',
  },
  'replay.started': {
    event: { type: 'replay.started', clientId: 'A', backlog: 30, ratePerSecond: 0, seq: 20, at },
    text: 'A: replay of 30 stored messages unpaced',
  },
  'replay.paced': {
    event: {
      type: 'replay.paced',
      clientId: 'A',
      sent: 4,
      remaining: 26,
      nextAt: simTime(1400),
      seq: 21,
      at,
    },
    text: 'A: replay paced, 4 sent, 26 to go',
  },
  'replay.finished': {
    event: { type: 'replay.finished', clientId: 'A', sent: 30, durationMs: 2900, seq: 22, at },
    text: 'A: replay finished, 30 sent in 2.9 s',
  },
  'will.scheduled': {
    event: {
      type: 'will.scheduled',
      clientId: 'A',
      topic: 'w/A',
      dueAt: simTime(6000),
      seq: 23,
      at,
    },
    text: 'A: Will on w/A due at 0:00:06.0',
  },
  'will.cancelled': {
    event: { type: 'will.cancelled', clientId: 'A', topic: 'w/A', seq: 24, at },
    text: 'A: Will on w/A cancelled',
  },
  'will.published': {
    event: { type: 'will.published', clientId: 'A', topic: 'w/A', msgId: 13, seq: 25, at },
    text: 'A: Will published on w/A (m#13)',
  },
  takeover: {
    event: { type: 'takeover', clientId: 'A', oldConnId: 1, newConnId: 3, seq: 26, at },
    text: 'A: taken over, connection #1 closed for #3',
  },
  'protocol.error': {
    event: {
      type: 'protocol.error',
      connId: 3,
      message: 'SUBSCRIBE with no topic filter',
      reasonCode: 0x82,
      seq: 27,
      at,
    },
    text: 'Connection #3: protocol error: SUBSCRIBE with no topic filter (0x82)',
  },
  'limit.reached': {
    event: {
      type: 'limit.reached',
      limit: 'session-store',
      clientId: 'A',
      value: 1001,
      max: 1000,
      seq: 40,
      at,
    },
    text: 'A: limit reached, stored messages per session (1001 over 1000)',
  },
  'retained.set': {
    event: { type: 'retained.set', topic: 't/x', msgId: 12, seq: 28, at },
    text: 't/x: m#12 retained',
  },
  'retained.cleared': {
    event: { type: 'retained.cleared', topic: 't/x', seq: 29, at },
    text: 't/x: retained message cleared',
  },
  'packet.in': {
    event: {
      type: 'packet.in',
      connId: 3,
      cmd: 'pingreq',
      bytes: Uint8Array.from([0xc0, 0]),
      seq: 30,
      at,
    },
    text: '#3 → broker: PINGREQ (2 bytes)',
  },
  'packet.out': {
    event: { type: 'packet.out', connId: 3, clientId: 'A', cmd: 'connack', bytes, seq: 31, at },
    text: 'broker → A: CONNACK (4 bytes)',
  },
  'broker.error': {
    event: { type: 'broker.error', message: 'boom', seq: 32, at },
    text: 'Broker error: boom',
  },
};

describe('describeEvent', () => {
  it.each(Object.entries(SAMPLES))('%s', (type, { event, text }) => {
    expect(event.type).toBe(type);
    expect(describeEvent(event)).toBe(text);
  });

  it('every event type can be inspected, with a rule from rules.ts when it has one', () => {
    const log = Object.values(SAMPLES).map((s) => s.event);
    for (const event of log) {
      const i = inspectEvent(event, log);
      expect(i.title).toBe(describeEvent(event));
      expect(i.summary.length, event.type).toBeGreaterThan(10);
      expect(i.summary, event.type).not.toMatch(/undefined|NaN|\[object/);
      if (i.rule) expect(ruleById(i.rule.id), event.type).toBeDefined();
    }
  });

  it('every event of a real run reads as prose, and names its rule from rules.ts', () => {
    const h = seedStory();
    for (const e of h.events) {
      const text = describeEvent(e);
      expect(text, e.type).not.toMatch(/undefined|NaN|\[object/);
      const i = inspectEvent(e, h.events);
      if (i.rule) expect(ruleById(i.rule.id)?.text).toBe(i.rule.text);
    }
  });

  it('[MQTT 5.0 §4.8.2] a message routed by a shared subscription names the group', () => {
    const event: BrokerEvent = {
      type: 'message.routed',
      msgId: 12,
      clientId: 'A',
      qos: 1,
      shareFilter: '$share/g/t/#',
      seq: 14,
      at,
    };
    expect(describeEvent(event)).toBe('m#12 routed to A for its group $share/g/t/# (QoS 1)');
  });
});

describe('Topic Alias in the timeline', () => {
  it('[MQTT-3.3.2-12] the alias a publisher used and the one the broker gave are named; the packet shows it', () => {
    const h = harness({ profile: 'standard', tracePackets: true });
    const a = h.client(5);
    a.connect({ clientId: 'A', properties: { topicAliasMaximum: 1 } });
    a.subscribe('t/#', 1);
    const b = h.client(5);
    b.connect({ clientId: 'B' });
    b.publish('t/x', 'one', 1, { properties: { topicAlias: 4 } });
    b.publish('', 'two', 1, { properties: { topicAlias: 4 } });
    const published = h.of('message.published').map((e) => describeEvent(e));
    expect(published).toEqual([
      'm#1 published by B on t/x: “one” (QoS 1, Topic Alias 4)',
      'm#2 published by B on t/x: “two” (QoS 1, Topic Alias 4)',
    ]);
    const sent = h.of('message.sent').map((e) => inspectEvent(e, h.events));
    expect(sent.map((i) => i.title)).toEqual([
      'm#1 sent to A (QoS 1, packet id 1, Topic Alias 1 set)',
      'm#2 sent to A (QoS 1, packet id 2, Topic Alias 1 alone)',
    ]);
    expect(field(sent[1]!.packet?.fields, 'topic')).toBe('');
    expect(field(sent[1]!.packet?.fields, 'properties.topicAlias')).toBe('1');
  });
});

describe('MQTT 5 properties in the packet inspector', () => {
  function aliasStory() {
    const h = harness({ profile: 'standard', tracePackets: true });
    const a = h.client(5);
    a.connect({ clientId: 'A', properties: { topicAliasMaximum: 2, receiveMaximum: 5 } });
    a.subscribe('t/#', 1);
    const b = h.client(5);
    b.connect({ clientId: 'B', properties: { userProperties: { site: 'lab' } } });
    b.publish('t/x', 'one', 1, {
      properties: {
        topicAlias: 4,
        responseTopic: 'reply/b',
        correlationData: Buffer.from('req-1'),
        userProperties: { a: '1', b: ['2', '3'] },
        contentType: 'text/plain',
        payloadFormatIndicator: true,
      },
    });
    b.publish('', 'two', 1, { properties: { topicAlias: 4 } });
    return h;
  }

  it('a PUBLISH lists its properties one by one: correlation data as hex, each user property', () => {
    const h = aliasStory();
    const first = inspectEvent(h.of('message.published')[0]!, h.events).packet?.fields;
    expect(field(first, 'properties.topicAlias')).toBe('4');
    expect(field(first, 'properties.responseTopic')).toBe('reply/b');
    expect(field(first, 'properties.correlationData')).toBe('hex 72 65 71 2d 31 (“req-1”)');
    expect(field(first, 'properties.correlationDataLength')).toBe('5');
    expect(field(first, 'properties.userProperties[0]')).toBe('a = 1');
    expect(field(first, 'properties.userProperties[1]')).toBe('b = 2');
    expect(field(first, 'properties.userProperties[2]')).toBe('b = 3');
    expect(field(first, 'properties.contentType')).toBe('text/plain');
    expect(field(first, 'properties.payloadFormatIndicator')).toBe('true');
    // A PUBLISH that names its topic needs no resolving.
    expect(first?.some((f) => f.name.startsWith('topic ('))).toBe(false);
  });

  it('[MQTT-3.3.2-12] an alias-only PUBLISH shows the topic its alias stands for, each direction its own map', () => {
    const h = aliasStory();
    const received = inspectEvent(h.of('message.published')[1]!, h.events).packet?.fields;
    expect(field(received, 'topic')).toBe('');
    expect(field(received, 'topic (alias 4)')).toBe('t/x');
    const sent = inspectEvent(h.of('message.sent')[1]!, h.events).packet?.fields;
    expect(field(sent, 'topic (alias 1)')).toBe('t/x');
  });

  it('the CONNECT shows the client’s Topic Alias Maximum, Receive Maximum and user properties', () => {
    const h = aliasStory();
    const connects = h.of('connect.received').map((e) => inspectEvent(e, h.events).packet?.fields);
    expect(field(connects[0], 'properties.topicAliasMaximum')).toBe('2');
    expect(field(connects[0], 'properties.receiveMaximum')).toBe('5');
    expect(field(connects[1], 'properties.userProperties[0]')).toBe('site = lab');
  });

  it('an alias no earlier PUBLISH of the connection set is said to be unset', () => {
    const h = harness({ profile: 'standard', tracePackets: true });
    const b = h.client(5);
    b.connect({ clientId: 'B' });
    b.publish('', 'lost', 0, { properties: { topicAlias: 3 } });
    const pub = h.events
      .filter(isPacket)
      .filter((p) => p.type === 'packet.in' && p.cmd === 'publish');
    expect(pub).toHaveLength(1);
    const fields = inspectEvent(pub[0]!, h.events).packet?.fields;
    expect(field(fields, 'topic (alias 3)')).toMatch(/^not set/);
  });
});
