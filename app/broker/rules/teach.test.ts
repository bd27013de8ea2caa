import { describe, expect, it } from 'vitest';
import { harness } from '../../testkit/harness';
import { awayStory, HOUR, publishMany, returnA } from './fixtures';

// behaviour.md, "What users get wrong": each one shown by the broker's events.
describe('what users get wrong', () => {
  it('[MQTT-3.1.2-6, 3.1.1] clean session: offline messages are lost', () => {
    const h = harness({ profile: 'aws' });
    const a = h.client();
    a.connect({ clientId: 'A', clean: true });
    a.subscribe('t/#', 1);
    a.disconnect();
    const b = h.client();
    b.connect({ clientId: 'B' });
    publishMany(b, 3);
    expect(h.broker.stats().dropped['no-subscriber']).toBe(3);
    expect(returnA(h).payloads()).toEqual([]);
  });

  it('[AWS-store] QoS 0 publishes are not stored', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 3, 0);
    expect(returnA(h).payloads()).toEqual([]);
    expect(h.broker.stats().dropped['qos0-while-away']).toBe(3);
  });

  it('[MQTT-3.1.2-4, 3.1.1] another client id on reconnect is a different session', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 3);
    const other = h.client();
    expect(other.connect({ clientId: 'A2', clean: false })?.sessionPresent).toBe(false);
    h.clock.advance(5000);
    expect(other.payloads()).toEqual([]);
    expect(h.broker.sessions().find((s) => s.clientId === 'A')?.messages).toHaveLength(3);
  });

  it('[AWS-expiry] after expiry the client must subscribe again', () => {
    const { h, publisher } = awayStory('aws', { overrides: { expiryJitter: 0 } });
    h.clock.advance(HOUR);
    const a = returnA(h);
    expect(a.last('connack')?.sessionPresent).toBe(false);
    publisher.publish('t/x', 'not-yet', 1);
    a.subscribe('t/#', 1);
    publisher.publish('t/x', 'now', 1);
    expect(a.payloads()).toEqual(['now']);
  });

  it('[AWS-subs] a client that always resubscribes gets no duplicates and keeps its backlog', () => {
    const { h, publisher } = awayStory('standard');
    publishMany(publisher, 2);
    const a = returnA(h);
    expect(a.subscribe('t/#', 1)).toEqual([1]);
    expect(h.of('subscription.added').at(-1)).toMatchObject({ replaced: true });
    publisher.publish('t/x', 'live', 1);
    expect(a.payloads()).toEqual(['m0', 'm1', 'live']);
  });
});
