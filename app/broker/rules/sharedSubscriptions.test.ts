import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES, validateOverrides, type ProfileName } from '../profiles';
import { harness, type Harness } from '../../testkit/harness';
import type { TestClient } from '../../testkit/testClient';
import { parseSharedFilter } from '../topics';

/** A connected client that has subscribed to `filters`. */
function member(
  h: Harness,
  clientId: string,
  filters: string | string[],
  options: { version?: 4 | 5; qos?: 0 | 1 | 2; persistent?: boolean } = {},
): TestClient {
  const version = options.version ?? 5;
  const c = h.client(version);
  const persistent = options.persistent ?? false;
  c.connect({
    clientId,
    clean: !persistent,
    ...(version === 5 && persistent ? { properties: { sessionExpiryInterval: 3600 } } : {}),
  });
  c.subscribe(filters, options.qos ?? 1);
  return c;
}

function publisher(h: Harness): TestClient {
  const p = h.client(5);
  p.connect({ clientId: 'P' });
  return p;
}

const std = (profile: ProfileName = 'standard') => harness({ profile });

describe('shared subscriptions: the filter', () => {
  it('[MQTT-4.8.2-1] [MQTT-4.8.2-2] $share/{ShareName}/{filter} is split; a bad ShareName or no filter is not one', () => {
    expect(parseSharedFilter('$share/g/a/+/#')).toEqual({ group: 'g', filter: 'a/+/#' });
    expect(parseSharedFilter('$share/g/#')).toEqual({ group: 'g', filter: '#' });
    for (const bad of [
      '$share//t',
      '$share/g',
      '$share/g/',
      '$share/g+/t',
      '$share/#/t',
      '$share/g/a#',
    ]) {
      expect(parseSharedFilter(bad), bad).toBeUndefined();
    }
    expect(parseSharedFilter('a/b')).toBeUndefined();
  });

  it('[MQTT-4.8.2-1] [MQTT-4.8.2-2] a bad ShareName or a missing filter is refused: SUBACK 0x8F (5.0), 0x80 (3.1.1 where $share/ is shared)', () => {
    const h = std('mosquitto');
    const bad = ['$share//t', '$share/g', '$share/g/', '$share/g+/t', '$share/#/t'];
    const v5 = h.client(5);
    v5.connect({ clientId: 'A' });
    expect(v5.subscribe(bad, 1)).toEqual(bad.map(() => 0x8f));
    const v4 = h.client(4);
    v4.connect({ clientId: 'B' });
    expect(v4.subscribe(bad, 1)).toEqual(bad.map(() => 0x80));
    expect(h.of('subscription.refused').map((e) => e.reason)).toEqual(
      [...bad, ...bad].map(() => 'invalid-filter'),
    );
    expect(h.of('subscription.added')).toEqual([]);
    expect(v5.connected && v4.connected).toBe(true);
  });

  it('[MQTT-3.8.3-4, 5.0] No Local on a shared subscription is a Protocol Error: DISCONNECT 0x82, nothing granted', () => {
    const h = std();
    const c = h.client(5);
    c.connect({ clientId: 'A' });
    expect(c.subscribe(['t/ok', '$share/g/t'], 1, { nl: true })).toEqual([]);
    expect(c.last('disconnect')?.reasonCode).toBe(0x82);
    expect(c.connected).toBe(false);
    expect(h.of('subscription.added')).toEqual([]);
  });

  it('[MQTT 5.0 §3.2.2.3.18] every profile offers shared subscriptions; CONNACK says so', () => {
    for (const profile of PROFILE_NAMES) {
      const connack = std(profile).client(5).connect({ clientId: 'A' });
      expect(connack?.properties?.sharedSubscriptionAvailable, profile).toBe(true);
    }
  });

  it('[MQTT 5.0 §3.2.2.3.18] sharedSubscriptions: false says 0 in CONNACK and refuses $share: 0x9E (5.0), 0x80 (3.1.1)', () => {
    const h = harness({ profile: 'aws', overrides: { sharedSubscriptions: false } });
    const v5 = h.client(5);
    expect(v5.connect({ clientId: 'A' })?.properties?.sharedSubscriptionAvailable).toBe(false);
    expect(v5.subscribe('$share/g/t', 1)).toEqual([0x9e]);
    const v4 = h.client(4);
    v4.connect({ clientId: 'B' });
    expect(v4.subscribe('$share/g/t', 1)).toEqual([0x80]);
    expect(h.of('subscription.refused')).toMatchObject([
      { clientId: 'A', filter: '$share/g/t', code: 0x9e, reason: 'shared-unsupported' },
      { clientId: 'B', filter: '$share/g/t', code: 0x80, reason: 'shared-unsupported' },
    ]);
  });

  it('[authorization] a deny rule on a filter also refuses it behind $share/: SUBACK 0x87', () => {
    const h = harness({
      profile: 'standard',
      access: { denySubscribe: ['secret/#'], denyPublish: [] },
    });
    const c = h.client(5);
    c.connect({ clientId: 'A' });
    expect(c.subscribe(['$share/g/secret/x', '$share/g/open'], 1)).toEqual([0x87, 1]);
  });

  it('[profiles] sharedSubscriptions is a boolean', () => {
    expect(validateOverrides({ sharedSubscriptions: false })).toEqual([]);
    expect(validateOverrides({ sharedSubscriptions: 'no' })).toHaveLength(1);
  });
});

describe('shared subscriptions: routing', () => {
  it('[MQTT 5.0 §4.8.2] each message goes to one member per group, round-robin in subscription order', () => {
    const h = std();
    const a = member(h, 'A', '$share/g/t/+');
    const b = member(h, 'B', '$share/g/t/+');
    const c = member(h, 'C', '$share/g/t/+');
    const d = member(h, 'D', '$share/other/t/#');
    const p = publisher(h);
    for (const m of ['m0', 'm1', 'm2', 'm3', 'm4']) p.publish('t/x', m, 1);
    expect(a.payloads()).toEqual(['m0', 'm3']);
    expect(b.payloads()).toEqual(['m1', 'm4']);
    expect(c.payloads()).toEqual(['m2']);
    expect(d.payloads()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    // What was sent has the message's topic, not the shared filter.
    expect(a.publishes().map((x) => x.topic)).toEqual(['t/x', 't/x']);
    // The routing event names the group that took the message.
    expect(
      h
        .of('message.routed')
        .filter((e) => e.msgId === 1)
        .map((e) => [e.clientId, e.shareFilter]),
    ).toEqual([
      ['D', '$share/other/t/#'],
      ['A', '$share/g/t/+'],
    ]);
  });

  it('[MQTT 5.0 §4.8.2] a group beside normal subscriptions to the same topic: each gets its copy, a member may get two', () => {
    const h = std();
    const a = member(h, 'A', ['t', '$share/g/t']);
    const b = member(h, 'B', '$share/g/t');
    const n = member(h, 'N', 't');
    const p = publisher(h);
    p.publish('t', 'm0', 1);
    p.publish('t', 'm1', 1);
    expect(a.payloads()).toEqual(['m0', 'm0', 'm1']);
    expect(b.payloads()).toEqual(['m1']);
    expect(n.payloads()).toEqual(['m0', 'm1']);
  });

  it('[MQTT-4.8.2-3] the member gets the message at the QoS granted to its subscription', () => {
    const h = harness({ profile: 'aws' });
    const a = member(h, 'A', '$share/g/t', { qos: 0 });
    const b = member(h, 'B', '$share/g/t', { qos: 2 });
    const p = publisher(h);
    p.publish('t', 'm0', 1);
    p.publish('t', 'm1', 1);
    expect(a.publishes().map((x) => x.qos)).toEqual([0]);
    // AWS's Maximum QoS 1 granted B QoS 1.
    expect(b.publishes().map((x) => x.qos)).toEqual([1]);
  });

  it('[MQTT 5.0 §4.8.2] a 3.1.1 client may be a member too', () => {
    const h = std('mosquitto');
    const a = member(h, 'A', '$share/g/t', { version: 4 });
    const b = member(h, 'B', '$share/g/t', { version: 5 });
    expect(h.of('subscription.added').map((e) => e.filter)).toEqual(['$share/g/t', '$share/g/t']);
    const p = publisher(h);
    p.publish('t', 'm0', 1);
    p.publish('t', 'm1', 1);
    expect([a.payloads(), b.payloads()]).toEqual([['m0'], ['m1']]);
  });

  it('[MQTT-4.7.1-1, 3.1.1] standard profile: a 3.1.1 client’s $share/g/t is the literal filter it is in 3.1.1', () => {
    const h = std();
    expect(h.broker.profile.sharedSubscriptions311).toBe(false);
    const retainer = publisher(h);
    retainer.publish('$share/g/t', 'kept', 1, { retain: true });
    const a = member(h, 'A', '$share/g/t', { version: 4 });
    const b = member(h, 'B', '$share/g/t', { version: 5 });
    // A gets the retained message of the topic its filter names; B, a group member, none.
    expect(a.payloads()).toEqual(['kept']);
    expect(b.payloads()).toEqual([]);
    const p = publisher(h);
    p.publish('t', 'to the group', 1);
    p.publish('$share/g/t', 'to the topic', 1);
    expect(a.payloads()).toEqual(['kept', 'to the topic']);
    expect(b.payloads()).toEqual(['to the group']);
    // UNSUBSCRIBE removes A's literal subscription and leaves B's group alone.
    a.unsubscribe('$share/g/t');
    p.publish('$share/g/t', 'after', 1);
    p.publish('t', 'again', 1);
    expect(a.payloads()).toEqual(['kept', 'to the topic']);
    expect(b.payloads()).toEqual(['to the group', 'again']);
    // An invalid ShareName is just a filter too: $share//t is a valid 3.1.1 filter.
    expect(a.subscribe('$share//t', 1)).toEqual([1]);
  });

  it('[profiles] sharedSubscriptions311: every profile but standard takes a 3.1.1 $share/ as shared, as those brokers do', () => {
    for (const name of PROFILE_NAMES) {
      expect(std(name).broker.profile.sharedSubscriptions311, name).toBe(name !== 'standard');
    }
    expect(validateOverrides({ sharedSubscriptions311: 1 })).toEqual([
      'sharedSubscriptions311: must be true or false',
    ]);
  });

  it('[MQTT 5.0 §4.8.2] no retained messages are sent on a new shared subscription', () => {
    const h = std();
    const p = publisher(h);
    p.publish('t', 'kept', 1, { retain: true });
    const a = member(h, 'A', '$share/g/t');
    const n = member(h, 'N', 't');
    expect(a.payloads()).toEqual([]);
    expect(n.payloads()).toEqual(['kept']);
    p.publish('t', 'live', 1);
    expect(a.payloads()).toEqual(['live']);
  });
});

describe('shared subscriptions: members that are away, leave or end', () => {
  it('[MQTT 5.0 §4.8.2] a connected member is preferred over one that is away', () => {
    const h = std();
    const a = member(h, 'A', '$share/g/t', { persistent: true });
    const b = member(h, 'B', '$share/g/t');
    a.disconnect();
    const p = publisher(h);
    for (const m of ['m0', 'm1', 'm2']) p.publish('t', m, 1);
    expect(b.payloads()).toEqual(['m0', 'm1', 'm2']);
    expect(h.of('message.stored')).toEqual([]);
  });

  it('[MQTT 5.0 §4.8.2] a member whose in-flight window is full is passed over for one that can take the message now', () => {
    const h = std();
    const a = h.client(5);
    a.connect({ clientId: 'A', properties: { receiveMaximum: 1 } });
    a.subscribe('$share/g/t', 1);
    a.holdAcks = true;
    const b = member(h, 'B', '$share/g/t');
    const p = publisher(h);
    for (const m of ['m0', 'm1', 'm2', 'm3']) p.publish('t', m, 1);
    // m0 fills A's window of 1; from then on B, which acknowledges, takes each one.
    expect(a.payloads()).toEqual(['m0']);
    expect(b.payloads()).toEqual(['m1', 'm2', 'm3']);
    expect(h.of('message.stored')).toEqual([]);
  });

  it('[MQTT 5.0 §4.8.2] when every connected member is busy, round-robin goes on among them and each waits in its store', () => {
    const h = std();
    const members = ['A', 'B'].map((id) => {
      const c = h.client(5);
      c.connect({ clientId: id, properties: { receiveMaximum: 1 } });
      c.subscribe('$share/g/t', 1);
      c.holdAcks = true;
      return c;
    });
    const p = publisher(h);
    for (const m of ['m0', 'm1', 'm2', 'm3']) p.publish('t', m, 1);
    expect(members.map((c) => c.payloads())).toEqual([['m0'], ['m1']]);
    // m2 and m3 wait in A's and B's stores, one each, and go when their windows open.
    expect(h.of('message.stored').map((e) => e.clientId)).toEqual(['A', 'B']);
    for (const c of members) c.release();
    expect(members.map((c) => c.payloads())).toEqual([
      ['m0', 'm2'],
      ['m1', 'm3'],
    ]);
  });

  it('[AWS-store] with every member away, each message is stored in one member’s session, round-robin, and sent on its return', () => {
    const h = std();
    member(h, 'A', '$share/g/t', { persistent: true }).disconnect();
    member(h, 'B', '$share/g/t', { persistent: true }).disconnect();
    const p = publisher(h);
    for (const m of ['m0', 'm1', 'm2']) p.publish('t', m, 1);
    p.publish('t', 'q0', 0);
    expect(h.of('message.stored').map((e) => [e.clientId, e.reason])).toEqual([
      ['A', 'client-away'],
      ['B', 'client-away'],
      ['A', 'client-away'],
    ]);
    // QoS 0 follows the profile: not stored for a client away.
    expect(h.of('message.dropped')).toMatchObject([{ clientId: 'B', reason: 'qos0-while-away' }]);
    const back = h.client(5);
    back.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 3600 } });
    expect(back.payloads()).toEqual(['m0', 'm2']);
    // A is back and connected: live messages go to it, not into B's store.
    p.publish('t', 'm3', 1);
    expect(back.payloads()).toEqual(['m0', 'm2', 'm3']);
  });

  it('[MQTT-4.8.2-5] a message unacknowledged by a member that leaves stays in its session, not sent to another', () => {
    const h = std();
    const a = member(h, 'A', '$share/g/t', { persistent: true });
    const b = member(h, 'B', '$share/g/t');
    a.holdAcks = true;
    const p = publisher(h);
    p.publish('t', 'm0', 1);
    a.drop();
    p.publish('t', 'm1', 1);
    expect(b.payloads()).toEqual(['m1']);
    const back = h.client(5);
    back.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 3600 } });
    expect(back.publishes()).toMatchObject([{ payload: Buffer.from('m0'), dup: true }]);
  });

  it('[MQTT-4.8.2-6] a member that refuses a message (PUBACK 0x80) ends it: no other member gets it', () => {
    const h = std();
    const a = member(h, 'A', '$share/g/t');
    const b = member(h, 'B', '$share/g/t');
    a.holdAcks = true;
    const p = publisher(h);
    p.publish('t', 'm0', 1);
    const [held] = a.heldAcks.splice(0);
    a.send({ cmd: 'puback', messageId: held!.messageId, reasonCode: 0x80 });
    expect(h.of('message.dropped')).toMatchObject([
      { clientId: 'A', reason: 'rejected-by-client' },
    ]);
    expect(b.payloads()).toEqual([]);
  });

  it('[AWS-expiry] an away member whose session expires leaves the group with what it held', () => {
    const h = harness({ profile: 'standard', overrides: { maxSessionExpiry: 60 } });
    member(h, 'A', '$share/g/t', { persistent: true }).disconnect();
    const p = publisher(h);
    p.publish('t', 'm0', 1);
    expect(h.of('message.stored')).toMatchObject([{ clientId: 'A' }]);
    h.clock.advance(60_000);
    expect(h.of('subscription.removed')).toMatchObject([
      { clientId: 'A', filter: '$share/g/t', reason: 'session-ended' },
    ]);
    const b = member(h, 'B', '$share/g/t');
    p.publish('t', 'm1', 1);
    expect(b.payloads()).toEqual(['m1']);
  });

  it('[MQTT 5.0 §4.8.2] UNSUBSCRIBE of a shared filter removes only that member', () => {
    const h = std();
    const a = member(h, 'A', ['$share/g/t', 't']);
    const b = member(h, 'B', '$share/g/t');
    expect(a.unsubscribe('$share/g/t')?.granted).toEqual([0x00]);
    expect(a.unsubscribe('$share/g/t')?.granted).toEqual([0x11]);
    const p = publisher(h);
    p.publish('t', 'm0', 1);
    p.publish('t', 'm1', 1);
    expect(a.payloads()).toEqual(['m0', 'm1']); // by its own subscription to t
    expect(b.payloads()).toEqual(['m0', 'm1']);
    expect(b.unsubscribe('$share/g/t')?.granted).toEqual([0x00]);
    expect(h.broker.footprint()).toMatchObject({ subscriptions: 1, treeEntries: 1 });
  });

  it('[MQTT 5.0 §4.8.2] a member whose session ends leaves the group; the routing tree keeps no trace', () => {
    const h = std();
    const a = member(h, 'A', '$share/g/t/#');
    const b = member(h, 'B', '$share/g/t/#');
    const f = h.broker.footprint();
    expect(f).toMatchObject({ subscriptions: 2, treeEntries: 2 });
    expect(f.treeNodes).toBeLessThanOrEqual(f.treeNodesJustified);
    a.disconnect();
    expect(h.of('subscription.removed')).toMatchObject([
      { clientId: 'A', filter: '$share/g/t/#', reason: 'session-ended' },
    ]);
    const p = publisher(h);
    p.publish('t/x', 'm0', 1);
    p.publish('t/x', 'm1', 1);
    expect(b.payloads()).toEqual(['m0', 'm1']);
    b.disconnect();
    expect(h.broker.footprint()).toMatchObject({ subscriptions: 0, treeEntries: 0, treeNodes: 1 });
    p.publish('t/x', 'm2', 1);
    expect(h.of('message.dropped')).toMatchObject([{ reason: 'no-subscriber' }]);
  });
});
