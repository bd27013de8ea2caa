import { describe, expect, it } from 'vitest';
import { freshSession, type SessionView } from '../../store/brokerView';
import { sameSessionCard, showsClock } from './cardMemo';

const session = (over: Partial<SessionView> = {}): SessionView => ({
  ...freshSession('A', true, null),
  ...over,
});

const replay = { backlog: 30, sent: 3, rate: 10, startedAt: 0, lastAt: 200 };
const expiresAt = { nominal: 5000, actual: 5000, from: 1000 };

describe('sameSessionCard (the session card memo)', () => {
  it('a session the fold did not touch, with only the clock moved, is not rendered again', () => {
    const s = session();
    expect(sameSessionCard({ clientId: 'A', s, now: 100 }, { clientId: 'A', s, now: 200 })).toBe(
      true,
    );
  });

  it('a changed session is rendered again, with the clock still or not', () => {
    const s = session();
    const t = { ...s, waiting: 1 };
    expect(sameSessionCard({ clientId: 'A', s, now: 100 }, { clientId: 'A', s: t, now: 100 })).toBe(
      false,
    );
  });

  it('a card counting down to its expiry, or timing a replay, follows the clock', () => {
    for (const s of [session({ status: 'away', expiresAt }), session({ replay })]) {
      expect(sameSessionCard({ clientId: 'A', s, now: 100 }, { clientId: 'A', s, now: 200 })).toBe(
        false,
      );
      expect(sameSessionCard({ clientId: 'A', s, now: 100 }, { clientId: 'A', s, now: 100 })).toBe(
        true,
      );
    }
  });

  it('against a remote broker (no countdown), and switching to it, re-renders as it should', () => {
    const s = session({ status: 'away', expiresAt });
    expect(
      sameSessionCard(
        { clientId: 'A', s, now: 100, remote: true },
        { clientId: 'A', s, now: 200, remote: true },
      ),
    ).toBe(true);
    expect(
      sameSessionCard({ clientId: 'A', s, now: 100 }, { clientId: 'A', s, now: 100, remote: true }),
    ).toBe(false);
  });
});

describe('showsClock', () => {
  it('only a countdown while away or a replay in progress shows the clock', () => {
    expect(showsClock(session(), false)).toBe(false);
    expect(showsClock(session({ status: 'away' }), false)).toBe(false);
    expect(showsClock(session({ status: 'away', expiresAt }), false)).toBe(true);
    expect(showsClock(session({ status: 'away', expiresAt }), true)).toBe(false);
    expect(showsClock(session({ replay }), false)).toBe(true);
    expect(showsClock(session({ replay }), true)).toBe(true);
    expect(showsClock(session({ replay: { ...replay, finishedAt: 900 } }), false)).toBe(false);
    expect(showsClock(session({ status: 'expired', replay }), false)).toBe(false);
  });
});
