import { describe, expect, it } from 'vitest';
import type { ClientConfig } from '../clients/clientConfig';
import { fromClientConfig, toClientConfig } from './clients';

describe('a playground client and a scenario client', () => {
  it.each<ClientConfig>([
    { clientId: 'A', protocolVersion: 4, clean: false, sessionExpiry: 0, keepalive: 60 },
    {
      clientId: 'dev-1',
      protocolVersion: 5,
      clean: false,
      sessionExpiry: 3600,
      keepalive: 30,
      will: { topic: 'w/x', payload: 'gone', qos: 1, retain: true, delay: 5 },
    },
  ])('%j survives a recording and a replay', (config) => {
    const scenario = fromClientConfig('name', config);
    expect(scenario.name).toBe('name');
    expect(toClientConfig(scenario)).toEqual(config);
  });

  it('a scenario client with only a name gets the add form’s defaults', () => {
    expect(toClientConfig({ name: 'B' })).toEqual({
      clientId: 'B',
      protocolVersion: 4,
      clean: false,
      sessionExpiry: 0,
      keepalive: 60,
    });
  });
});
