import { describe, expect, it } from 'vitest';
import { defaultClientConfig } from '../clients/clientConfig';
import type { ClientUpdate, ReceivedMessage } from '../clients/clientTypes';
import { applyClientUpdates, newClientView, RECEIVED_KEPT, type ClientView } from './clientsView';

const message = (i: number): ReceivedMessage => ({
  topic: 't/x',
  payload: `m${i}`,
  qos: 1,
  dup: false,
  retain: false,
  packetId: i + 1,
  at: i * 10,
});

const messages = (from: number, count: number): ClientUpdate[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'message', message: message(from + i) }));

describe('newClientView', () => {
  it('starts offline with nothing received or held', () => {
    const config = defaultClientConfig('A');
    expect(newClientView('A′', config)).toEqual({
      name: 'A′',
      config,
      status: 'offline',
      connects: 0,
      received: [],
      receivedCount: 0,
      held: 0,
      holding: false,
    });
  });
});

describe('applyClientUpdates', () => {
  const start = () => newClientView('A', defaultClientConfig('A'));

  it('a connection: connecting counts a connect, connack records sessionPresent and the code', () => {
    const v = applyClientUpdates(start(), [
      { kind: 'status', status: 'connecting' },
      { kind: 'status', status: 'connected' },
      { kind: 'connack', sessionPresent: true, code: 0 },
    ]);
    expect(v).toMatchObject({
      status: 'connected',
      connects: 1,
      sessionPresent: true,
      connackCode: 0,
    });
    const again = applyClientUpdates(v, [
      { kind: 'status', status: 'offline' },
      { kind: 'status', status: 'connecting' },
      { kind: 'connack', sessionPresent: false, code: 0 },
    ]);
    expect(again).toMatchObject({ status: 'connecting', connects: 2, sessionPresent: false });
  });

  it('sessionPresent=0 is a lost session only where a persistent client had connected before', () => {
    const connack = (sessionPresent: boolean): ClientUpdate => ({
      kind: 'connack',
      sessionPresent,
      code: 0,
    });
    const persistent = start(); // cleanSession=0
    const first = applyClientUpdates(persistent, [connack(false)]);
    expect(first.sessionLost).toBe(false);
    expect(applyClientUpdates(first, [connack(true)]).sessionLost).toBe(false);
    expect(applyClientUpdates(first, [connack(false)]).sessionLost).toBe(true);
    // A clean client asks for a new session every time: nothing is lost.
    const clean = newClientView('B', { ...defaultClientConfig('B'), clean: true });
    expect(applyClientUpdates(clean, [connack(false), connack(false)]).sessionLost).toBe(false);
  });

  it('an error is shown until the next connect attempt', () => {
    const failed = applyClientUpdates(start(), [{ kind: 'error', message: 'Connection refused' }]);
    expect(failed.error).toBe('Connection refused');
    expect(applyClientUpdates(failed, [{ kind: 'status', status: 'offline' }]).error).toBe(
      'Connection refused',
    );
    const retry = applyClientUpdates(failed, [{ kind: 'status', status: 'connecting' }]);
    expect(retry.error).toBeUndefined();
    expect('error' in retry).toBe(false);
  });

  it('held is the latest count reported', () => {
    const v = applyClientUpdates(start(), [
      { kind: 'held', count: 1 },
      { kind: 'held', count: 3 },
      { kind: 'held', count: 2 },
    ]);
    expect(v.held).toBe(2);
  });

  it('received messages are appended in order and counted', () => {
    const v = applyClientUpdates(start(), messages(0, 3));
    expect(v.received.map((m) => m.payload)).toEqual(['m0', 'm1', 'm2']);
    expect(v.receivedCount).toBe(3);
    const w = applyClientUpdates(v, messages(3, 2));
    expect(w.received.map((m) => m.payload)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(w.receivedCount).toBe(5);
  });

  it(`keeps the latest ${RECEIVED_KEPT} messages while the count goes on`, () => {
    let v = applyClientUpdates(start(), messages(0, RECEIVED_KEPT));
    expect(v.received).toHaveLength(RECEIVED_KEPT);
    v = applyClientUpdates(v, messages(RECEIVED_KEPT, 1));
    expect(v.received).toHaveLength(RECEIVED_KEPT);
    expect(v.received[0]!.payload).toBe('m1');
    expect(v.received.at(-1)!.payload).toBe(`m${RECEIVED_KEPT}`);
    v = applyClientUpdates(v, messages(RECEIVED_KEPT + 1, 2 * RECEIVED_KEPT));
    expect(v.received).toHaveLength(RECEIVED_KEPT);
    expect(v.received[0]!.payload).toBe(`m${2 * RECEIVED_KEPT + 1}`);
    expect(v.receivedCount).toBe(3 * RECEIVED_KEPT + 1);
  });

  it('one batch or many gives the same view', () => {
    const updates: ClientUpdate[] = [
      { kind: 'status', status: 'connecting' },
      { kind: 'status', status: 'connected' },
      { kind: 'connack', sessionPresent: false, code: 0 },
      ...messages(0, RECEIVED_KEPT + 20),
      { kind: 'held', count: 4 },
      { kind: 'error', message: 'oops' },
      { kind: 'status', status: 'offline' },
    ];
    const once = applyClientUpdates(start(), updates);
    let stepwise = start();
    for (const u of updates) stepwise = applyClientUpdates(stepwise, [u]);
    expect(stepwise).toEqual(once);
  });

  it('does not change the view it is given', () => {
    const v = applyClientUpdates(start(), messages(0, 2));
    const clone = structuredClone(v);
    Object.freeze(v);
    Object.freeze(v.received);
    const next = applyClientUpdates(v, [
      ...messages(2, 2),
      { kind: 'status', status: 'connecting' },
      { kind: 'held', count: 1 },
    ]);
    expect(v).toEqual(clone);
    expect(next.received).toHaveLength(4);
    expect(next.received).not.toBe(v.received);
    // Without messages the received list is shared, not copied.
    const { received } = applyClientUpdates(v, [{ kind: 'held', count: 2 }]);
    expect(received).toBe(v.received);
  });

  it('an empty batch changes nothing', () => {
    const v: ClientView = start();
    expect(applyClientUpdates(v, [])).toEqual(v);
  });
});
