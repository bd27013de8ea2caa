import { generate, parser as createParser, type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { awayStory, publishMany, returnA } from './rules/fixtures';
import { harness } from '../testkit/harness';
import { hex, RawClient } from '../testkit/rawClient';

// Bugs found in review, each kept as a named regression test.
describe('regressions', () => {
  it('[AWS-store] QoS 0 queued behind a full in-flight window does not survive the disconnect', () => {
    const { h, publisher } = awayStory('aws');
    const a = returnA(h, 4, true);
    publishMany(publisher, 101, 1); // 100 in flight, 1 waiting
    publisher.publish('t/x', 'zero', 0); // queued behind it while A is connected
    expect(h.of('message.stored').at(-1)).toMatchObject({ reason: 'inflight-full' });
    a.drop();
    const zero = h.of('message.published').find((e) => e.qos === 0)!;
    expect(h.of('message.dropped')).toContainEqual(
      expect.objectContaining({ msgId: zero.msgId, reason: 'qos0-while-away', clientId: 'A' }),
    );
    const back = returnA(h);
    h.clock.advance(60_000);
    expect(back.payloads()).not.toContain('zero');
    expect(back.payloads()).toHaveLength(101);
  });

  it('a transport whose write throws mid-replay closes that connection after the work in progress; nothing is lost', () => {
    const { h, publisher } = awayStory('standard');
    publishMany(publisher, 3);
    const received: Packet[] = [];
    const parser = createParser({ protocolVersion: 4 });
    parser.on('packet', (p: Packet) => received.push(p));
    let writes = 0;
    const link = h.broker.accept({
      write(bytes) {
        // CONNACK goes through; the replay's first PUBLISH finds the pipe broken.
        if (++writes > 1) throw new Error('EPIPE');
        parser.parse(bytes as Buffer);
      },
      end() {},
    });
    link.receive(
      generate({ cmd: 'connect', clientId: 'A', clean: false, protocolVersion: 4, keepalive: 0 }),
    );
    expect(received.map((p) => p.cmd)).toEqual(['connack']);
    expect(h.of('broker.error')).toEqual([]);
    expect(h.of('connection.closed').at(-1)).toMatchObject({
      clientId: 'A',
      reason: 'transport-closed',
    });
    // All three are still held for A, and come when it returns.
    const a = h.broker.sessions().find((s) => s.clientId === 'A')!;
    expect(a.connected).toBe(false);
    expect(a.messages).toHaveLength(3);
    expect(returnA(h).payloads()).toEqual(['m0', 'm1', 'm2']);
  });

  it('[MQTT-4.4.0-1, 3.1.1] a message acknowledged late, while waiting for its paced resend, is not sent again', () => {
    const { h, publisher } = awayStory('aws');
    const a = returnA(h, 4, true);
    publishMany(publisher, 3, 1, 'u');
    const ids = a.publishes().map((p) => p.messageId!);
    a.drop();
    const back = returnA(h, 4, true);
    // The first resend goes at once; the other two wait for their 100 ms slots.
    expect(back.publishes()).toHaveLength(1);
    back.send({ cmd: 'puback', messageId: ids[2]! }); // a late ack of the third, on its old id
    h.clock.advance(1000);
    expect(back.payloads()).toEqual(['u0', 'u1']);
    expect(h.of('message.acknowledged').filter((e) => e.clientId === 'A')).toHaveLength(1);
  });

  it('[MQTT-4.9.0-2] on resume, unacknowledged messages go again within the new Receive Maximum', () => {
    const h = harness({ profile: 'standard' });
    const first = h.client(5);
    first.holdAcks = true;
    first.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 60 } });
    first.subscribe('t/#', 1);
    const publisher = h.client();
    publisher.connect({ clientId: 'B' });
    publishMany(publisher, 3);
    expect(first.heldAcks).toHaveLength(3);
    first.drop();
    const back = h.client(5);
    back.holdAcks = true;
    back.connect({
      clientId: 'A',
      clean: false,
      properties: { sessionExpiryInterval: 60, receiveMaximum: 1 },
    });
    expect(back.payloads()).toEqual(['m0']);
    back.release();
    expect(back.payloads()).toEqual(['m0', 'm1']);
    back.holdAcks = false;
    back.release();
    expect(back.payloads()).toEqual(['m0', 'm1', 'm2']);
    expect(back.publishes().every((p) => p.dup)).toBe(true);
  });

  it('[MQTT5-3.14.2.2.2] a DISCONNECT Session Expiry is judged against what the client asked, not the capped value', () => {
    const h = harness({ profile: 'aws', overrides: { maxSessionExpiry: 0 } });
    const a = h.client(5);
    a.connect({ clientId: 'A', clean: false, properties: { sessionExpiryInterval: 60 } });
    a.disconnect({ properties: { sessionExpiryInterval: 30 } });
    expect(h.of('protocol.error')).toEqual([]);
    expect(h.of('connection.closed')).toMatchObject([{ reason: 'client-disconnect' }]);
  });

  it('[MQTT-3.1.2-24, 3.1.1] a keep-alive deadline at a fractional time closes the connection instead of re-arming at that instant forever', () => {
    // Found by the soak: the playground's clock runs at fractional milliseconds (wall time ×
    // speed). Here (L + 90 000) − L < 90 000 in floating point, so a check of `now − L ≥ 90 000`
    // at the deadline failed, and the timer was set again for the same instant, forever.
    const h = harness({ profile: 'standard' });
    h.clock.advanceTo(960_429.527_431_960_8);
    const a = h.client();
    a.connect({ clientId: 'A', keepalive: 60 });
    a.hang();
    let firings = 0;
    while (!a.closedByBroker && firings < 10) {
      h.clock.advanceTo(h.clock.now() + 100_000, ['keepalive']);
      firings++;
    }
    expect(firings).toBe(1);
    expect(h.of('connection.closed')).toMatchObject([{ reason: 'keepalive-timeout' }]);
  });

  it('[MQTT-4.13.1-1, 5.0] a Will property cut short is a malformed CONNECT, not a throw in the CONNECT checks (found by fuzzing)', () => {
    const h = harness({ profile: 'standard' });
    const c = new RawClient(h.broker, 5);
    // mqtt-packet read this Will's Response Topic (0x08) as null: its length ran past the block.
    c.send(
      hex(
        '107a00044d51545405c400001e11000000002100002700000000190017002600045a515a5100045a515a5100225a515a517878787878787878787878787878787878787878787878787878787878781b1800000000010002000000000300045a515a51080100090002000000045a515a51000000045a515a51000100',
      ),
    );
    expect(h.of('broker.error')).toEqual([]);
    expect(h.of('protocol.error')).toMatchObject([
      { message: expect.stringMatching(/responseTopic cut short/) },
    ]);
    expect(c.closed).toBe(true);
  });
});
