/** How a CONNACK's sessionPresent is shown: its pill's class and what it means, in words. */
export interface SessionPresentLook {
  className: string;
  meaning: string;
}

/**
 * sessionPresent=1: the session was resumed (green). sessionPresent=0 is neutral where no
 * session was to be had (a first connection, or a clean one asked for), and a warning only
 * where the client asked to resume a session it had and the broker no longer held it.
 */
export function sessionPresentLook(present: boolean, lost: boolean): SessionPresentLook {
  if (present) {
    return { className: 'pill-yes', meaning: 'the broker had the session and resumed it' };
  }
  if (lost) {
    return {
      className: 'pill-lost',
      meaning:
        'session lost: the client asked to resume its session, and the broker no longer had it (it expired or was discarded)',
    };
  }
  return {
    className: 'pill-neutral',
    meaning:
      'a new session: there was none to resume (a first connection, or a clean session asked for)',
  };
}
