import { generate } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { NEVER } from './time';
import { harness } from '../testkit/harness';
import { memoryPipe } from '../testkit/memoryTransport';

const CONNECT = generate(
  {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clientId: 'late',
    clean: true,
    keepalive: 0,
  },
  { protocolVersion: 4 },
);

function silentPipe(h: ReturnType<typeof harness>) {
  let closedByBroker = false;
  const pipe = memoryPipe(
    h.broker,
    () => undefined,
    () => {
      closedByBroker = true;
    },
  );
  return { pipe, closedByBroker: () => closedByBroker };
}

describe('CONNECT timeout', () => {
  it('closes a connection that sends nothing, at 10 s of simulated time by default', () => {
    const h = harness({ profile: 'standard' });
    expect(h.broker.profile.connectTimeout).toBe(10);
    const { pipe, closedByBroker } = silentPipe(h);
    h.clock.advance(9_999);
    expect(closedByBroker()).toBe(false);
    h.clock.advance(1);
    expect(closedByBroker()).toBe(true);
    expect(h.of('connection.closed')).toMatchObject([
      { connId: pipe.link.connId, reason: 'connect-timeout', at: 10_000 },
    ]);
    expect(h.of('protocol.error')).toEqual([]);
    expect(h.broker.sessions()).toEqual([]);
  });

  it('counts from the opening: a CONNECT dribbled a byte at a time does not extend it', () => {
    const h = harness({ profile: 'aws' });
    const { closedByBroker } = silentPipe(h);
    const { pipe } = silentPipe(h);
    for (const byte of CONNECT.subarray(0, CONNECT.length - 1)) {
      pipe.send(Uint8Array.of(byte));
      h.clock.advance(1_000);
    }
    expect(closedByBroker()).toBe(true);
    expect(pipe.closed).toBe(true);
    expect(h.of('connection.closed').map((e) => e.reason)).toEqual([
      'connect-timeout',
      'connect-timeout',
    ]);
  });

  it('is met by a CONNECT in time, and leaves no timer behind', () => {
    const h = harness({ profile: 'standard' });
    const c = h.client(4);
    h.clock.advance(5_000);
    expect(c.connect({ clientId: 'ok' })).toMatchObject({ returnCode: 0 });
    // keep-alive 0: nothing about this connection is left to time out.
    expect(h.clock.nextTimerAt(['keepalive'])).toBeUndefined();
    h.clock.advance(60_000);
    expect(c.connected).toBe(true);
    expect(h.of('connection.closed')).toEqual([]);
  });

  it('is a settable figure; NEVER turns it off', () => {
    const quick = harness({ profile: 'standard', overrides: { connectTimeout: 2 } });
    const a = silentPipe(quick);
    quick.clock.advance(2_000);
    expect(a.closedByBroker()).toBe(true);

    const patient = harness({ profile: 'standard', overrides: { connectTimeout: NEVER } });
    const b = silentPipe(patient);
    patient.clock.advance(3_600_000);
    expect(b.closedByBroker()).toBe(false);
    expect(patient.clock.nextTimerAt()).toBeUndefined();
  });
});
