import { describe, expect, it } from 'vitest';
import { awayStory, publishMany, returnA } from '../broker/rules/fixtures';
import { harness } from '../testkit/harness';
import { clientsAt } from './travel';

describe('clients at a past moment', () => {
  it('rebuilds status, sessionPresent and what each client had received, from the broker log', () => {
    const { h, publisher } = awayStory('aws');
    publishMany(publisher, 5);
    h.clock.advance(1000);
    const away = h.events.length;
    returnA(h);
    h.clock.advance(250);
    const mid = h.events.length;
    h.clock.advance(5000);
    const atAway = clientsAt(h.events.slice(0, away)).get('A')!;
    expect(atAway).toMatchObject({ status: 'offline', sessionPresent: false, received: [] });
    const atMid = clientsAt(h.events.slice(0, mid)).get('A')!;
    expect(atMid.status).toBe('connected');
    expect(atMid.sessionPresent).toBe(true);
    expect(atMid.received.map((m) => m.payload)).toEqual(['m0', 'm1', 'm2']);
    expect(clientsAt(h.events).get('A')!.received).toHaveLength(5);
  });

  it('a sessionPresent=0 is a lost session where the client asked to resume one it had kept', () => {
    const h = harness({ profile: 'aws', seed: 42 });
    const lost: (boolean | undefined)[] = [];
    const connect = (clean: boolean) => {
      const a = h.client();
      a.connect({ clientId: 'A', clean, keepalive: 60 });
      lost.push(clientsAt(h.events).get('A')!.sessionLost);
      a.disconnect();
    };
    connect(false); // a first connection: there was none
    connect(true); // a clean one asked for
    connect(false); // after a clean one: there was none to keep
    connect(false); // resumed
    h.clock.advance(3 * 3600 * 1000); // it expires
    connect(false);
    expect(lost).toEqual([false, false, false, false, true]);
  });
});
