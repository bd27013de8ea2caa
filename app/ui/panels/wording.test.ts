import { describe, expect, it } from 'vitest';
import { sessionPresentLook } from './sessionPresent';
import { expiryWording, limitHitWording, storedWording } from './wording';

const MIN = 60_000;

describe('words on the session cards', () => {
  it('the expiry: a countdown, then the clock time said as one, with the extra delay named', () => {
    // AWS: nominal at 1:00:00.0, actual 18 min 48.7 s later; a minute has passed.
    expect(expiryWording({ nominal: 60 * MIN, actual: 60 * MIN + 1_128_700 }, MIN)).toEqual({
      countdown: 'in 1 h 17 min',
      when: 'at 1:18:48.7 on the simulated clock: the nominal expiry, 1:00:00.0, plus an extra delay of 18 min 49 s',
    });
    expect(expiryWording({ nominal: 2 * MIN, actual: 2 * MIN }, MIN)).toEqual({
      countdown: 'in 1 min 0 s',
      when: 'at 0:02:00.0 on the simulated clock',
    });
  });

  it('a limit reached reads as what came and the limit, not as a sum', () => {
    expect(limitHitWording('session-store', { value: 6, max: 5 })).toBe(
      'stored messages per session: a 6th where the limit is 5',
    );
    expect(limitHitWording('subscriptions', { value: 51, max: 50 })).toBe(
      'subscriptions per session: a 51st where the limit is 50',
    );
    expect(limitHitWording('retained', { value: 12, max: 11 })).toBe(
      'retained messages: a 12th where the limit is 11',
    );
    expect(limitHitWording('broker-store', { value: 100_003, max: 100_002 })).toBe(
      'stored messages in all sessions: a 100003rd where the limit is 100002',
    );
    expect(limitHitWording('topic-length', { value: 257, max: 256 })).toBe(
      'topic length: 257 bytes where the limit is 256 bytes',
    );
  });

  it('sessionPresent=0 is neutral where there was no session to resume, amber where one was lost', () => {
    expect(sessionPresentLook(true, false).className).toBe('pill-yes');
    expect(sessionPresentLook(false, false).className).toBe('pill-neutral');
    expect(sessionPresentLook(false, true)).toEqual({
      className: 'pill-lost',
      meaning:
        'session lost: the client asked to resume its session, and the broker no longer had it (it expired or was discarded)',
    });
  });
});

describe('a session’s store on its card', () => {
  const away = { status: 'away' as const };

  it('the in-page broker’s store is known: waiting and in flight', () => {
    expect(storedWording({ ...away, waiting: 3, inFlight: 1 }, false)).toEqual({
      count: 4,
      detail: ' · waiting 3, in flight 1',
    });
  });

  it('against a remote broker, while the client is away, the store is unknown', () => {
    expect(storedWording({ ...away, waiting: 0, inFlight: 0 }, true)).toEqual({
      detail:
        'unknown while the client is away: the broker does not say; what arrives on resume will tell',
    });
  });

  it('messages it left unacknowledged (hold acks) are seen, not the store: a line of their own', () => {
    const w = storedWording({ ...away, waiting: 0, inFlight: 2 }, true);
    expect(w.count).toBeUndefined();
    expect(w.detail).toMatch(/^unknown while the client is away/);
    expect(w.detail).not.toMatch(/inferred/);
    expect(w.unacknowledged).toBe('2 unacknowledged when it left (observed)');
  });

  it('once the client came back, what arrived says what was stored (seen again by time travel)', () => {
    // Inferred `message.stored` events exist only after a resume: a travel to the time away.
    expect(storedWording({ ...away, waiting: 30, inFlight: 1 }, true)).toEqual({
      count: 31,
      detail: ' · waiting 30, in flight 1 (inferred: they arrived when the client came back)',
    });
  });

  it('connected to a remote broker: in flight as the client saw it', () => {
    expect(storedWording({ status: 'connected', waiting: 0, inFlight: 2 }, true)).toEqual({
      count: 2,
      detail:
        ' · waiting 0, in flight 2 (in flight: sent and not yet acknowledged, as the client saw)',
    });
  });
});
