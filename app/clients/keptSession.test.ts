import { describe, expect, it } from 'vitest';
import { defaultClientConfig } from './clientConfig';
import { KeptSession } from './keptSession';

describe('KeptSession: the options of each connection, and what a client keeps between them', () => {
  it('sends the configuration as it is, and nothing that could hide session behaviour', () => {
    const c = {
      ...defaultClientConfig('lab-A'),
      protocolVersion: 5 as const,
      sessionExpiry: 120,
      will: { topic: 'w', payload: 'gone', qos: 1 as const, retain: false, delay: 5 },
    };
    const o = new KeptSession().nextConnection(c, { username: 'u' }, 4000);
    expect(o).toMatchObject({
      clientId: 'lab-A',
      clean: false,
      protocolVersion: 5,
      reconnectPeriod: 0,
      resubscribe: false,
      connectTimeout: 4000,
      username: 'u',
      properties: { sessionExpiryInterval: 120 },
      will: { topic: 'w', payload: 'gone', qos: 1, properties: { willDelayInterval: 5 } },
    });
    expect('password' in o).toBe(false);
  });

  it('a persistent client keeps its stores and packet ids; a clean one starts afresh', () => {
    const kept = new KeptSession();
    const persistent = defaultClientConfig('A');
    const first = kept.nextConnection(persistent, {}, 1000);
    const second = kept.nextConnection(persistent, {}, 1000);
    expect(second.outgoingStore).toBe(first.outgoingStore);
    expect(second.messageIdProvider).toBe(first.messageIdProvider);
    const clean = kept.nextConnection({ ...persistent, clean: true }, {}, 1000);
    expect(clean.outgoingStore).not.toBe(second.outgoingStore);
    expect(clean.incomingStore).not.toBe(second.incomingStore);
    expect(clean.messageIdProvider).not.toBe(second.messageIdProvider);
  });
});
